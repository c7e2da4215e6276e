import { MetaError, MetaRateLimitError, MetaTransientError } from './errors.js';
import { batchResponseSchema } from './schemas.js';
import type { GraphSession } from './session.js';

/** Meta's limit on operations per batch request. */
export const MAX_BATCH_OPS = 50;

export type BatchOp = { method: 'GET' | 'POST' | 'DELETE'; relativeUrl: string };
export type BatchOpResult = { ok: true; json: unknown } | { ok: false; error: MetaError };

function parseBody(body: string | null): unknown {
  if (body === null) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** An op's own headers (lower-cased) over the batch's: a throttled op's usage is its own. */
function opHeaders(own: ReadonlyArray<{ name: string; value: string }> | undefined, batch: Record<string, string | string[] | undefined>) {
  const out: Record<string, string | string[] | undefined> = { ...batch };
  for (const { name, value } of own ?? []) out[name.toLowerCase()] = value;
  return out;
}

/**
 * Runs up to 50 ops as one Graph batch. Ops Meta didn't finish (`null`) or that failed transiently or
 * were throttled are sent again in a smaller batch after a backoff; other failures come back per op.
 */
export async function runBatch(session: GraphSession, ops: BatchOp[]): Promise<BatchOpResult[]> {
  if (ops.length > MAX_BATCH_OPS) throw new RangeError(`A Graph batch holds at most ${MAX_BATCH_OPS} ops`);
  const results: Array<BatchOpResult | undefined> = new Array(ops.length);
  let pending = ops.map((_, index) => index);
  for (let attempt = 0; pending.length > 0; attempt++) {
    const call = {
      method: 'POST' as const,
      path: '/',
      params: {
        // Throttling is per op (§15): each op's own usage headers say how long it is blocked.
        include_headers: 'true',
        batch: JSON.stringify(pending.map((i) => ({ method: ops[i]!.method, relative_url: ops[i]!.relativeUrl }))),
      },
    };
    // Low priority: a batch is a leaf, while each page of an edge gates the next one.
    const raw = await session.call(call, { priority: 'low' });
    const answers = session.parse(raw.json, batchResponseSchema, call);
    const retry: number[] = [];
    let worst: MetaError | undefined;
    pending.forEach((opIndex, k) => {
      const answer = answers[k];
      const error = answer
        ? session.errorFor({ status: answer.code, headers: opHeaders(answer.headers, raw.headers), json: parseBody(answer.body) }, {
            method: ops[opIndex]!.method,
            path: `/${ops[opIndex]!.relativeUrl.split('?')[0]}`,
          })
        : new MetaTransientError({ message: 'Meta did not finish this batch operation in time', code: 0 });
      if (!error) {
        results[opIndex] = { ok: true, json: parseBody(answer!.body) };
        return;
      }
      const retryable = error instanceof MetaTransientError || error instanceof MetaRateLimitError;
      if (retryable && attempt < session.config.maxRetries) {
        retry.push(opIndex);
        if (!worst || error instanceof MetaRateLimitError) worst = error;
      } else {
        results[opIndex] = { ok: false, error };
      }
    });
    if (worst) await session.waitBeforeRetry(worst, attempt);
    pending = retry;
  }
  return results as BatchOpResult[];
}

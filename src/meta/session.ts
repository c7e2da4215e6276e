import type { z } from 'zod';
import { errorFromResponse } from './classify.js';
import { MetaError, MetaPermanentError, MetaRateLimitError, MetaTransientError } from './errors.js';
import type { BusinessGate } from './gate.js';
import { sendOnce, type GraphCall, type GraphMethod, type RawResponse, type TransportConfig } from './transport.js';
import { backoffMs, readUsage, slowdownMs } from './usage.js';

export type RequestEvent = {
  business: string;
  method: GraphMethod;
  /** Path only, never the query string, so never a token. */
  path: string;
  outcome: 'ok' | 'error' | 'rate_limited' | 'retry';
  ms: number;
  status?: number | undefined;
};

export type SessionConfig = TransportConfig & {
  maxRetries: number;
  maxInlineWaitMs: number;
  baseBackoffMs: number;
  slowdownThresholdPct: number;
  slowdownMaxMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  onRequest?: ((event: RequestEvent) => void) | undefined;
  onRateLimitWait?: ((ms: number) => void) | undefined;
};

export type CallOptions = {
  /** False for non-idempotent writes: a transient failure is thrown instead of re-sent. */
  retryTransient?: boolean;
  /** Minimum wait after a given rate limit (e.g. 24 h for the invite cap, code 17). */
  rateLimitFloorMs?: (error: MetaRateLimitError) => number;
  /**
   * False for writes the caller already paces to a known limit (removals, re-invitations): the usage-header
   * spacing would slow them a second time. A pause after Meta throttled still holds them.
   */
  spaced?: boolean;
  /** 'low': wait behind queued normal calls for an in-flight slot (see BusinessGate.admit). */
  priority?: 'normal' | 'low';
  /** Another token of this business for this call, e.g. a Page access token (see addSecret). */
  token?: string;
};

/** Calls Graph for one business with one token: retries, backoff, pacing and the in-flight bound. */
export class GraphSession {
  requestCount = 0;
  private aborted: { error: unknown } | undefined;
  private readonly extraSecrets = new Set<string>();

  constructor(
    readonly config: SessionConfig,
    readonly businessId: string,
    private readonly token: string,
    private readonly gate: BusinessGate,
  ) {}

  get secrets(): ReadonlyArray<string> {
    return [this.token, ...this.extraSecrets];
  }

  /** Another credential this session got from Meta (a Page token): kept out of every error and log line. */
  addSecret(secret: string): void {
    this.extraSecrets.add(secret);
  }

  /** Makes every later call (and retry) of this session fail with `error`; calls in flight finish. */
  abort(error: unknown): void {
    this.aborted ??= { error };
  }

  private checkAborted(): void {
    if (this.aborted) throw this.aborted.error;
  }

  /** Sends a call, retrying transient failures and rate limits; throws a MetaError subclass otherwise. */
  async call(call: GraphCall, options: CallOptions = {}): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      this.checkAborted();
      await this.gate.admit(options.priority, options.spaced !== false);
      if (this.aborted) this.gate.leave(options.priority);
      this.checkAborted();
      const started = performance.now();
      let raw: RawResponse | undefined;
      let error: MetaError | undefined;
      try {
        raw = await sendOnce(this.config, call, options.token ?? this.token);
        error = this.errorFor(raw, call);
      } catch (caught) {
        error = caught instanceof MetaError ? caught : new MetaTransientError({ message: 'Unexpected failure calling Meta', code: 0 });
      } finally {
        this.gate.leave(options.priority);
        this.requestCount++;
      }
      if (raw && !error) this.observeUsage(raw);
      const ms = Math.round(performance.now() - started);
      const emit = (outcome: RequestEvent['outcome']) =>
        this.config.onRequest?.({ business: this.businessId, method: call.method, path: call.path, outcome, ms, status: raw?.status });
      if (!error) {
        emit('ok');
        return raw as RawResponse;
      }
      const retryable =
        error instanceof MetaRateLimitError || (error instanceof MetaTransientError && options.retryTransient !== false);
      if (!retryable || attempt >= this.config.maxRetries) {
        if (error instanceof MetaRateLimitError) this.stamp(error, this.planWait(error, attempt, options.rateLimitFloorMs));
        emit(error instanceof MetaRateLimitError ? 'rate_limited' : 'error');
        throw error;
      }
      emit(error instanceof MetaRateLimitError ? 'rate_limited' : 'retry');
      await this.waitBeforeRetry(error, attempt, options.rateLimitFloorMs);
    }
  }

  /** Sends a call and parses the answer with `schema`. */
  async json<S extends z.ZodType>(call: GraphCall, schema: S, options?: CallOptions): Promise<z.output<S>> {
    const raw = await this.call(call, options);
    return this.parse(raw.json, schema, call);
  }

  /** Parses a Graph answer, turning a shape mismatch into a permanent error naming the path. */
  parse<S extends z.ZodType>(json: unknown, schema: S, call: GraphCall): z.output<S> {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(root)').join(', ');
    throw new MetaPermanentError({
      message: `Meta's answer to ${call.method} ${call.path} did not have the expected shape (at ${where})`,
      code: 0,
      path: `${call.method} ${call.path}`,
      userMessage: 'Meta answered in a way Hubkeeper did not expect. Try again later.',
    });
  }

  /** The MetaError in a Graph answer (status + body), if any. */
  errorFor(raw: RawResponse, call: GraphCall): MetaError | undefined {
    return errorFromResponse({ ...raw, path: `${call.method} ${call.path}`, secrets: this.secrets });
  }

  /** Sleeps before a retry; throws `error` (with resumeAt) when the wait is longer than we wait inline. */
  async waitBeforeRetry(error: MetaError, attempt: number, floor?: CallOptions['rateLimitFloorMs']): Promise<void> {
    const wait = this.planWait(error, attempt, floor);
    if (wait > this.config.maxInlineWaitMs) {
      if (error instanceof MetaRateLimitError) this.stamp(error, wait);
      throw error;
    }
    if (!(error instanceof MetaRateLimitError)) return this.config.sleep(wait);
    // A throttled business stays quiet: every call of it waits, not just this one.
    const pause = this.gate.pauseFor(wait);
    if (pause.started) this.config.onRateLimitWait?.(wait);
    await pause.done;
  }

  private planWait(error: MetaError, attempt: number, floor?: CallOptions['rateLimitFloorMs']): number {
    const { random, baseBackoffMs } = this.config;
    const fromHeaders = error instanceof MetaRateLimitError ? error.retryAfterMs : 0;
    // Meta's estimate is in whole minutes; a second of jitter keeps parallel workers from waking together.
    const wait = fromHeaders > 0 ? fromHeaders + Math.round(random() * 1000) : backoffMs(attempt, random, baseBackoffMs);
    return error instanceof MetaRateLimitError && floor ? Math.max(wait, floor(error)) : wait;
  }

  private stamp(error: MetaRateLimitError, wait: number): void {
    error.retryAfterMs = wait;
    error.resumeAt = this.config.now() + wait;
  }

  /**
   * Successful answers set the spacing from their usage headers; none at all means usage is low (Meta
   * only sends them once a business makes enough calls). Throttled answers are handled by the pause.
   */
  private observeUsage(raw: RawResponse): void {
    const usage = readUsage(raw.headers);
    this.gate.spacingMs = usage ? slowdownMs(usage.maxPct, this.config.slowdownThresholdPct, this.config.slowdownMaxMs) : 0;
  }
}

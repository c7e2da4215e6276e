import {
  MetaError,
  MetaPermanentError,
  MetaRateLimitError,
  MetaTokenInvalidError,
  MetaTransientError,
  isRateLimitCode,
} from './errors.js';
import { redactSecrets } from './redact.js';
import { errorEnvelopeSchema } from './schemas.js';
import { rateLimitWaitMs } from './usage.js';

export type ResponseContext = {
  status: number;
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Method and path, no query string. */
  path: string;
  /** Secrets to scrub from anything Meta echoes back. */
  secrets: ReadonlyArray<string>;
};

/** Turns a Graph response into the right MetaError, or undefined when it is a success. */
export function errorFromResponse(ctx: ResponseContext): MetaError | undefined {
  // Most answers have no `error` at all: don't pay for a failed parse on each (a batch holds 50).
  const hasError = typeof ctx.json === 'object' && ctx.json !== null && 'error' in ctx.json;
  const envelope = hasError ? errorEnvelopeSchema.safeParse(ctx.json) : undefined;
  if (envelope?.success) return classifyEnvelope(envelope.data.error, ctx);
  if (ctx.status >= 500) {
    return new MetaTransientError({ message: `Meta answered HTTP ${ctx.status} for ${ctx.path}`, code: 0, httpStatus: ctx.status, path: ctx.path });
  }
  if (ctx.status >= 400) {
    return new MetaPermanentError({ message: `Meta answered HTTP ${ctx.status} without an error body for ${ctx.path}`, code: 0, httpStatus: ctx.status, path: ctx.path });
  }
  if (ctx.json === undefined) {
    // Meta occasionally answers 200 with an HTML "Service Unavailable" page.
    return new MetaTransientError({ message: `Meta answered ${ctx.path} with a body that is not JSON`, code: 0, httpStatus: ctx.status, path: ctx.path });
  }
  return undefined;
}

type Envelope = {
  message: string;
  code: number;
  error_subcode?: number | undefined;
  fbtrace_id?: string | undefined;
  is_transient?: boolean | undefined;
};

/** 190 subcodes that do mean the token itself is bad (app not installed, password changed, expired, invalid). */
const TOKEN_SUBCODES = new Set([458, 459, 460, 463, 464, 467, 492]);

/**
 * Classifies by `code`/`error_subcode`/`is_transient`; the message text is inspected only to tell a 190 that
 * asks for a Page token from a bad token (the reference's one documented exception).
 */
export function classifyEnvelope(error: Envelope, ctx: Omit<ResponseContext, 'json'>): MetaError {
  const init = {
    message: `Meta error ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''} on ${ctx.path}: ${redactSecrets(error.message, ctx.secrets)}`,
    code: error.code,
    subcode: error.error_subcode,
    fbtraceId: error.fbtrace_id,
    httpStatus: ctx.status,
    path: ctx.path,
  };
  // A 190 without a token subcode that asks for a Page access token is a wrong-kind-of-token answer
  // (reference §15), not an expired or revoked token: it must not mark the hub's token invalid.
  if (error.code === 190 && !TOKEN_SUBCODES.has(error.error_subcode ?? 0) && /page access token/i.test(error.message)) {
    return new MetaPermanentError({ ...init, userMessage: 'Meta only answers this with a Page access token.' });
  }
  if (error.code === 190 || error.code === 102) return new MetaTokenInvalidError(init);
  if (isRateLimitCode(error.code)) return new MetaRateLimitError({ ...init, retryAfterMs: rateLimitWaitMs(ctx.headers) });
  if (error.code === 1 || error.code === 2 || error.is_transient === true || ctx.status >= 500) {
    return new MetaTransientError(init);
  }
  return new MetaPermanentError(init);
}

/** Wraps a network failure or timeout; the cause is reduced to name and code so no URL leaks. */
export function networkError(cause: unknown, path: string, timeoutMs: number, secrets: ReadonlyArray<string>): MetaTransientError {
  const name = cause instanceof Error ? cause.name : 'Error';
  const timedOut = name === 'TimeoutError' || name === 'AbortError' || /timeout/i.test(String((cause as { code?: unknown })?.code ?? ''));
  const detail = timedOut
    ? `no answer within ${timeoutMs} ms`
    : redactSecrets(`${name}: ${cause instanceof Error ? cause.message : String(cause)}`, secrets);
  return new MetaTransientError({
    message: `Network problem calling Meta ${path}: ${detail}`,
    code: 0,
    path,
    userMessage: timedOut ? 'Meta took too long to answer. Try again in a few minutes.' : "Hubkeeper couldn't reach Meta. Try again in a few minutes.",
  });
}

/**
 * Failures a person can act on. Listeners turn them into words for the one who asked (ephemeral or inline in a
 * modal); anything else is logged and answered with a generic apology, never a stack trace.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  constructor(
    message: string,
    /** The modal block the message belongs to, when it came from a form field. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const GENERIC_FAILURE = 'Something went wrong on our side and nothing was changed. Please try again in a minute.';

export type Backend = 'database' | 'queue';

/** What a person is told when a backend is down and so nothing was done. */
export function unavailableText(backend: Backend | undefined): string {
  const what = backend === 'database' ? 'its database' : backend === 'queue' ? 'its job queue' : 'its database or job queue';
  return `Hubkeeper can't reach ${what} right now; nothing was changed. Please try again in a minute.`;
}

const DOWN_CODES = new Set(['BACKEND_UNAVAILABLE', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
const DOWN_MESSAGES = /enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|Reached the max retries|ECONNREFUSED|connect ETIMEDOUT/i;

// postgres.js names its own connection failures; ioredis says so in its messages.
const DATABASE_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P03']);
const QUEUE_MESSAGES = /enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|Reached the max retries/i;

/** Whether an error means Postgres or Redis could not be reached (rather than a bug or a refusal). */
export function isUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && DOWN_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && DOWN_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** Which backend an unavailability error is about, when it says; undefined when it can't tell (or isn't one). */
export function unavailableBackend(error: unknown): Backend | undefined {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown; backend?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.backend === 'database' || e.backend === 'queue') return e.backend;
    if (typeof e.code === 'string' && DATABASE_CODES.has(e.code)) return 'database';
    if (typeof e.message === 'string' && QUEUE_MESSAGES.test(e.message)) return 'queue';
  }
  return undefined;
}

/** Postgres or Redis did not answer a health check. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  readonly code = 'BACKEND_UNAVAILABLE';
  constructor(message: string, readonly backend?: Backend) {
    super(message);
  }
}

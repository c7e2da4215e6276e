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

export const UNAVAILABLE = "Hubkeeper can't reach its queue right now; nothing was changed. Please try again in a minute.";

const DOWN_CODES = new Set(['BACKEND_UNAVAILABLE', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
const DOWN_MESSAGES = /enableOfflineQueue|Connection is closed|MaxRetriesPerRequest|Reached the max retries|ECONNREFUSED|connect ETIMEDOUT/i;

/** Whether an error means Postgres or Redis could not be reached (rather than a bug or a refusal). */
export function isUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && DOWN_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && DOWN_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** Postgres or Redis did not answer a health check. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  readonly code = 'BACKEND_UNAVAILABLE';
}

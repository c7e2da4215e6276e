export type MetaErrorInit = {
  message: string;
  code: number;
  subcode?: number | undefined;
  fbtraceId?: string | undefined;
  httpStatus?: number | undefined;
  userMessage?: string | undefined;
  /** Graph path the call went to, without its query string (so never a token). */
  path?: string | undefined;
};

/** Any failure talking to Meta. Branch on the subclass or on `code`/`subcode`, never on `message`. */
export class MetaError extends Error {
  override name = 'MetaError';
  readonly code: number;
  readonly subcode: number | undefined;
  readonly fbtraceId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly path: string | undefined;
  /** Plain words a person can be shown. */
  readonly userMessage: string;

  constructor(init: MetaErrorInit) {
    super(init.message);
    this.code = init.code;
    this.subcode = init.subcode;
    this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.path = init.path;
    this.userMessage = init.userMessage ?? userMessageFor(init.code, init.subcode);
  }
}

/** The token is expired, revoked or otherwise unusable (190, 102). Never retried. */
export class MetaTokenInvalidError extends MetaError {
  override name = 'MetaTokenInvalidError';
}

/** Meta asked us to slow down; `retryAfterMs`/`resumeAt` say when to try again. */
export class MetaRateLimitError extends MetaError {
  override name = 'MetaRateLimitError';
  /** How long to wait before the next call (from Meta's usage headers, else backoff). */
  retryAfterMs: number;
  /** Epoch ms at which the job layer may resume; set when the client gives up waiting inline. */
  resumeAt: number | undefined;

  constructor(init: MetaErrorInit & { retryAfterMs?: number; resumeAt?: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs ?? 0;
    this.resumeAt = init.resumeAt;
  }
}

/** Temporary trouble on Meta's side or the network (codes 1, 2, 5xx, timeouts, `is_transient`). */
export class MetaTransientError extends MetaError {
  override name = 'MetaTransientError';
}

/** Meta refused and will refuse again: invalid parameter, permissions, last admin, … */
export class MetaPermanentError extends MetaError {
  override name = 'MetaPermanentError';
}

/** True for 100/33: the object does not exist (or we can't see it). Deleting it again is a no-op. */
export function isObjectMissing(error: unknown): boolean {
  return error instanceof MetaPermanentError && error.code === 100 && error.subcode === 33;
}

/**
 * The sentence shown to a person for a Meta error code, once Hubkeeper has stopped trying: it says what the
 * person can do, and never promises a retry (a task that waits for Meta says so, with the time, on its own).
 */
export function userMessageFor(code: number, subcode?: number): string {
  if (code === 190 || code === 102) {
    return "Meta no longer accepts Hubkeeper's access token for this business (it expired or was revoked). An admin can reconnect it with `/hub connect` and a new system-user token.";
  }
  if (code === 3914) {
    return 'Meta refused: that would remove the last admin of this business. Make someone else an admin first.';
  }
  if (code === 100 && subcode === 33) {
    return "Meta couldn't find that person or item. It may already have been removed, or Hubkeeper can't see it.";
  }
  if (code === 17) return 'Meta is limiting how many requests (or invitations) this business can send. Try again in an hour or so.';
  if (isRateLimitCode(code)) return 'Meta is rate-limiting this business. Try again in an hour or so.';
  if (code === 1 || code === 2 || code === 0) return 'Meta had a temporary problem. Try again in a few minutes.';
  if (code === 10 || (code >= 200 && code <= 299)) {
    return "Hubkeeper's Meta connection doesn't have permission for this. Check the system user's access to the business and its assets.";
  }
  if (code === 415) return 'This business requires two-factor authentication for that change. Make it in Meta Business Suite instead.';
  if (code === 368) return 'Meta has temporarily blocked this action. Try again later.';
  if (code === 100) return 'Meta rejected the request as invalid.';
  return `Meta refused the request (code ${code}).`;
}

/** Codes Meta uses for throttling: platform, page, custom and business-use-case limits. */
export function isRateLimitCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 341 || code === 613 || (code >= 80000 && code <= 80014);
}

/** Meta refused a call for want of an app secret proof (the app has "Require App Secret" on), or for a wrong one. */
export function isAppSecretProofRefusal(error: unknown): error is MetaError {
  return error instanceof MetaError && error.code === 100 && /appsecret_proof/i.test(error.message);
}

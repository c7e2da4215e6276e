import type { Logger } from '../lib/logger.js';
import { MetaPermanentError, MetaRateLimitError, MetaTokenInvalidError } from '../meta/index.js';
import type { JobControl } from './job-control.js';

/**
 * Rethrows a Meta failure that a later attempt may fix, so the queue retries the job with backoff; returns when
 * the failure is final (Meta refused for good, the token is dead, or no attempts are left).
 */
export function rethrowIfRetryable(control: JobControl, error: unknown, log: Logger, what: string): void {
  const permanent = error instanceof MetaTokenInvalidError || error instanceof MetaPermanentError;
  if (permanent || control.attemptsLeft <= 0) return;
  log.warn(`${what} will be retried`, { error: error instanceof Error ? error.message : String(error), attemptsLeft: control.attemptsLeft });
  throw error;
}

/** Parks the job until Meta lifts a rate limit too long to wait for inline. */
export async function delayIfRateLimited(control: JobControl, error: unknown, log: Logger, what: string): Promise<void> {
  if (!(error instanceof MetaRateLimitError && error.resumeAt && control.canDelay)) return;
  log.warn(`Meta rate limit: ${what} rescheduled`, { resumeAt: new Date(error.resumeAt).toISOString() });
  await control.delayUntil(error.resumeAt);
}

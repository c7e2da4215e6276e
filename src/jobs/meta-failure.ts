import { DelayedError, type Job } from 'bullmq';
import type { Logger } from '../lib/logger.js';
import { MetaPermanentError, MetaRateLimitError, MetaTokenInvalidError } from '../meta/index.js';

/**
 * Rethrows a Meta failure that a later attempt may fix, so BullMQ retries the job with backoff; returns when
 * the failure is final (Meta refused for good, the token is dead, or no attempts are left).
 */
export function rethrowIfRetryable(job: Job, error: unknown, log: Logger, what: string): void {
  const attemptsLeft = (job.opts.attempts ?? 1) - job.attemptsMade - 1;
  const permanent = error instanceof MetaTokenInvalidError || error instanceof MetaPermanentError;
  if (permanent || attemptsLeft <= 0) return;
  log.warn(`${what} will be retried`, { error: error instanceof Error ? error.message : String(error), attemptsLeft });
  throw error;
}

/** Moves the job to the delayed set until Meta lifts a rate limit too long to wait for inline. */
export async function delayIfRateLimited(job: Job, token: string | undefined, error: unknown, log: Logger, what: string): Promise<void> {
  if (!(error instanceof MetaRateLimitError && error.resumeAt && token)) return;
  log.warn(`Meta rate limit: ${what} rescheduled`, { resumeAt: new Date(error.resumeAt).toISOString() });
  await job.moveToDelayed(error.resumeAt, token);
  throw new DelayedError();
}

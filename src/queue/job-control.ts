import { DelayedError, UnrecoverableError, type Job } from 'bullmq';

/**
 * What a service running as a job may ask of the queue, without knowing BullMQ: how many attempts are left,
 * and to wait (the job is parked in the delayed set, not retried on a short timer).
 */
export type JobControl = {
  /** Attempts left after this one. */
  attemptsLeft: number;
  /** Whether this run can be parked (a worker holding the job's lock). */
  canDelay: boolean;
  /** Parks the job until `at` (ms since the epoch) and ends this run. */
  delayUntil(at: number): Promise<never>;
};

/** The control of one BullMQ job run. */
export function jobControl(job: Job, token: string | undefined): JobControl {
  return {
    attemptsLeft: (job.opts.attempts ?? 1) - job.attemptsMade - 1,
    canDelay: Boolean(token),
    async delayUntil(at) {
      if (!token) throw new Error('cannot delay a job without its lock token');
      await job.moveToDelayed(at, token);
      throw new DelayedError();
    },
  };
}

/** A failure no retry can fix: the job ends failed at once, with these words. */
export class FinalFailure extends UnrecoverableError {}

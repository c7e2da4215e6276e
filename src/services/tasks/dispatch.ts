import type { AppContext } from '../../context.js';
import { isUnavailable } from '../../lib/errors.js';

/**
 * Queues the job of work already committed in Postgres (a task row, a decision). When the job queue can't be
 * reached the work is not lost: the task stays `queued` in Postgres and the orphan sweep queues it when the
 * queue is back. Returns whether it was queued now, so the answer a person gets can say which it was.
 */
export async function dispatch(deps: Pick<AppContext, 'logger'>, what: string, enqueue: () => Promise<void>): Promise<boolean> {
  try {
    await enqueue();
    return true;
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    deps.logger.warn(`${what} recorded; the job queue is unreachable, so the sweep will queue it when it is back`, { error });
    return false;
  }
}

/** What a person is told when their change is stored but its work waits for the job queue. */
export const WAITS_FOR_QUEUE = "Hubkeeper's job queue can't be reached right now, so it will run as soon as the queue is back (nothing needs to be done again).";

import type { AppContext } from '../../context.js';
import { staleQueuedTasks } from '../../services/tasks.js';
import { enqueueSyncTask } from '../../services/sync.js';

const GRACE_MS = 60_000;

/**
 * Re-enqueues tasks that Postgres says are queued or running but that have no job in Redis: a crash between
 * the commit and the enqueue, or Redis losing its data, costs a delay, never the task.
 */
export async function sweepOrphanTasks(ctx: AppContext): Promise<number> {
  const candidates = await staleQueuedTasks(ctx.db, new Date(ctx.clock().getTime() - GRACE_MS));
  let requeued = 0;
  for (const task of candidates) {
    if (task.kind !== 'sync') continue;
    const job = await ctx.queues.get('sync').getJob(task.id);
    if (job && !(await job.isCompleted()) && !(await job.isFailed())) continue;
    if (job) await job.remove().catch(() => {});
    await enqueueSyncTask(ctx, task.id);
    requeued++;
  }
  if (requeued) ctx.logger.warn('re-enqueued orphan tasks', { requeued });
  return requeued;
}

import type { AppContext } from '../../context.js';
import { staleQueuedTasks } from './tasks.js';
import { enqueueSyncTask } from '../sync/requests.js';
import type { Task } from './types.js';
import { enqueueRemoval } from '../members/removal.js';
import { enqueueInvites } from '../access/invitations.js';
import { enqueueRoleChange } from '../access/role-changes.js';
import { enqueueAssetChange } from '../access/asset-access.js';
import { hubsWithStrandedInvites, scheduleGroupInviteBatches } from '../access/group-invites.js';
import type { QueueName } from '../../queue/registry.js';
import { queueApprovedRemovals, reportsWithUnstartedRemovals } from '../reports/approve-waiting.js';

const GRACE_MS = 60_000;

const REQUEUE: Partial<Record<Task['kind'], { queue: QueueName; enqueue: (ctx: AppContext, taskId: string) => Promise<void> }>> = {
  sync: { queue: 'sync', enqueue: enqueueSyncTask },
  remove_member: { queue: 'members', enqueue: enqueueRemoval },
  invite_member: { queue: 'members', enqueue: (ctx, taskId) => enqueueInvites(ctx, taskId) },
  change_role: { queue: 'members', enqueue: enqueueRoleChange },
  asset_access: { queue: 'members', enqueue: enqueueAssetChange },
};

/**
 * Re-enqueues tasks that Postgres says are queued or running but that have no job in Redis: a crash between
 * the commit and the enqueue, or Redis losing its data, costs a delay, never the task.
 */
export async function sweepOrphanTasks(ctx: AppContext, graceMs = GRACE_MS): Promise<number> {
  const candidates = await staleQueuedTasks(ctx.db, new Date(ctx.clock().getTime() - graceMs));
  let requeued = 0;
  for (const task of candidates) {
    const requeue = REQUEUE[task.kind];
    if (!requeue) continue;
    const job = await ctx.queues.get(requeue.queue).getJob(task.id);
    if (job && !(await job.isCompleted()) && !(await job.isFailed())) continue;
    if (job) await job.remove().catch(() => {});
    await requeue.enqueue(ctx, task.id);
    requeued++;
  }
  // Group invitations waiting for a batch whose collection job was lost.
  for (const hubId of await hubsWithStrandedInvites(ctx.db, new Date(ctx.clock().getTime() - graceMs))) {
    await scheduleGroupInviteBatches(ctx, hubId);
  }
  // Approvals whose follow-up (making the removal tasks) was lost: the decision is stored, the follow-up repeats.
  for (const reportId of await reportsWithUnstartedRemovals(ctx.db, new Date(ctx.clock().getTime() - graceMs))) {
    await queueApprovedRemovals(ctx, reportId);
    requeued++;
  }
  if (requeued) ctx.logger.warn('re-enqueued orphan tasks', { requeued });
  return requeued;
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { hubs, tasks } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { recordAudit } from '../audit/record.js';
import type { Task } from '../tasks/types.js';
import { dispatch } from '../tasks/dispatch.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'logger'>;

export type SyncRequest =
  /** `waiting`: stored, but the job queue was unreachable; the sweep starts it when the queue is back. */
  | { status: 'queued'; task: Task; waiting: boolean }
  | { status: 'already_running'; task: Task };

/**
 * Creates the hub's sync task unless one is queued or running; the partial unique index on tasks makes this
 * hold across processes, so two requests at once (or a retried Slack request) create one task.
 */
export async function insertSyncTask(
  tx: DbOrTx,
  hubId: string,
  requestedBy: string,
  channelId: string,
): Promise<{ id: string; created: boolean; task: Task }> {
  const [created] = await tx
    .insert(tasks)
    .values({ hubId, kind: 'sync', requestedBy, slackChannelId: channelId })
    .onConflictDoNothing({
      target: tasks.hubId,
      where: sql`${tasks.kind} = 'sync' and ${tasks.status} in ('queued', 'running')`,
    })
    .returning();
  if (created) return { id: created.id, created: true, task: created };
  const active = await activeSync(tx, hubId);
  if (!active) throw new Error('sync task vanished between insert and select; retry');
  return { id: active.id, created: false, task: active };
}

/** Queues a check for updates of one hub, or reports the one already under way. */
export async function requestSync(deps: Deps, hubId: string, requestedBy: string): Promise<SyncRequest> {
  // The common repeat (a second click, a Slack retry) is answered with one read and touches nothing.
  const running = await activeSync(deps.db, hubId);
  if (running) return { status: 'already_running', task: running };
  const result = await deps.db.transaction(async (tx) => {
    const [hub] = await tx.select({ channelId: hubs.channelId }).from(hubs).where(eq(hubs.id, hubId));
    if (!hub) throw new Error(`hub ${hubId} not found`);
    const inserted = await insertSyncTask(tx, hubId, requestedBy, hub.channelId);
    if (inserted.created) {
      await recordAudit(tx, { actor: requestedBy, action: 'hub.sync_requested', hubId, taskId: inserted.id });
    }
    return inserted;
  });
  // Enqueue even when another request created the task a moment ago: the jobId is the task id, so this is a
  // no-op unless that request died between its commit and its enqueue (the sweep would also catch it).
  const queued = await dispatch(deps, 'check for updates', () => enqueueSyncTask(deps, result.id));
  return result.created ? { status: 'queued', task: result.task, waiting: !queued } : { status: 'already_running', task: result.task };
}

export async function enqueueSyncTask(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue('sync', 'checkForUpdates', { taskId }, { jobId: taskId, attempts: 4 });
}

async function activeSync(db: DbOrTx, hubId: string): Promise<Task | undefined> {
  const [active] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.hubId, hubId), eq(tasks.kind, 'sync'), inArray(tasks.status, ['queued', 'running'])));
  return active;
}

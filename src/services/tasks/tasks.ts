import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { tasks, type TaskProgress } from '../../../db/schema.js';
import type { Database, DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import type { Task } from './types.js';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export async function getTask(db: DbOrTx, taskId: string): Promise<Task | undefined> {
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  return task;
}

/** Moves a task to running; returns undefined when it already finished (a redelivered job does nothing). */
export async function startTask(deps: Deps, taskId: string): Promise<Task | undefined> {
  const [task] = await deps.db
    .update(tasks)
    .set({ status: 'running', startedAt: sql`coalesce(${tasks.startedAt}, ${deps.clock().toISOString()}::timestamptz)`, attempts: sql`${tasks.attempts} + 1` })
    .where(and(eq(tasks.id, taskId), inArray(tasks.status, ['queued', 'running'])))
    .returning();
  return task;
}

export async function saveProgress(db: Database, taskId: string, progress: TaskProgress): Promise<void> {
  await db.update(tasks).set({ progress }).where(and(eq(tasks.id, taskId), eq(tasks.status, 'running')));
}

/**
 * Locks a running task for its final write; false when another worker already finished it (a stalled worker
 * that wakes up after its job was handed to another must not write a second snapshot).
 */
export async function lockRunningTask(tx: DbOrTx, taskId: string): Promise<boolean> {
  const rows = await tx.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.status, 'running'))).for('update');
  return rows.length === 1;
}

export async function completeTask(tx: DbOrTx, taskId: string, summary: Record<string, unknown>, at: Date): Promise<void> {
  await tx.update(tasks).set({ status: 'completed', summary, finishedAt: at, error: null }).where(eq(tasks.id, taskId));
}

/** Records a failure in words a person can act on; the task leaves the active set so a new one may start. */
export async function failTask(deps: Deps, taskId: string, error: string): Promise<Task | undefined> {
  const [task] = await deps.db
    .update(tasks)
    .set({ status: 'failed', error, finishedAt: deps.clock() })
    .where(and(eq(tasks.id, taskId), inArray(tasks.status, ['queued', 'running'])))
    .returning();
  return task;
}

export async function recordTaskMessage(db: DbOrTx, taskId: string, channelId: string, ts: string): Promise<void> {
  await db.update(tasks).set({ slackChannelId: channelId, slackTs: ts }).where(eq(tasks.id, taskId));
}

export async function recentTasks(db: DbOrTx, hubId: string, limit = 10): Promise<Task[]> {
  return db.select().from(tasks).where(eq(tasks.hubId, hubId)).orderBy(desc(tasks.createdAt)).limit(limit);
}

/** Tasks Postgres says are waiting but that may have no job in Redis (a crash between commit and enqueue). */
export async function staleQueuedTasks(db: DbOrTx, olderThan: Date): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(inArray(tasks.status, ['queued', 'running']), lt(tasks.createdAt, olderThan)))
    .limit(500);
}

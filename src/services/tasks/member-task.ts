import { UnrecoverableError } from 'bullmq';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { members, tasks } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { recordAudit } from '../audit/record.js';
import { getHub, type Hub } from '../hub-setup/hubs.js';
import { queueTaskRender } from '../notifications/send.js';
import { startTask } from './tasks.js';
import type { Task } from './types.js';

export type MemberTaskStart<I> = { task: Task; input: I; hub: Hub; log: AppContext['logger']; metaId: string | undefined };

/**
 * The start of a job that changes one member in Meta: the task goes to running (undefined when it already
 * finished), its message is redrawn, and the member's Meta id is read (undefined when the member is gone).
 */
export async function startMemberTask<S extends z.ZodType<{ memberId: string }>>(ctx: AppContext, taskId: string, schema: S): Promise<MemberTaskStart<z.output<S>> | undefined> {
  const task = await startTask(ctx, taskId);
  if (!task) return undefined;
  const input = schema.parse(task.input);
  const hub = await getHub(ctx.db, task.hubId);
  if (!hub) throw new UnrecoverableError(`hub ${task.hubId} is gone`);
  await queueTaskRender(ctx, taskId);
  const [member] = await ctx.db.select({ metaId: members.metaId }).from(members).where(eq(members.id, input.memberId));
  return { task, input, hub, log: ctx.logger.child({ taskId, hubId: hub.id }), metaId: member?.metaId };
}

/** A member task Meta refused or that kept failing: it fails in plain words, audited; false when it had already ended. */
export async function failMemberTask(db: Database, task: Task, words: string, at: Date, audit: { action: string; memberId: string; detail: Record<string, unknown> }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [failed] = await tx
      .update(tasks)
      .set({ status: 'failed', finishedAt: at, error: words })
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, ['queued', 'running'])))
      .returning({ id: tasks.id });
    if (!failed) return false;
    await recordAudit(tx, {
      actor: task.requestedBy, action: audit.action, hubId: task.hubId, memberId: audit.memberId, taskId: task.id,
      reason: words, outcome: 'failed', detail: audit.detail,
    });
    return true;
  });
}

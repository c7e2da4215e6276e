import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, tasks } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { roleLabel } from '../../domain/invitations.js';
import { authorize, authorizeMemberAction } from '../../domain/permissions.js';
import { recordAudit } from '../audit/record.js';
import type { Hub } from '../hub-setup/hubs.js';
import type { DecisionRequest, DecisionResult } from '../members/guard.js';
import { roleChangeInputSchema, type RoleChangeInput } from './role-change-input.js';
import type { Task } from '../tasks/types.js';
import { dispatch } from '../tasks/dispatch.js';
import { failMemberTask } from '../tasks/member-task.js';
import { isUuid } from '../../lib/text.js';

export { roleChangeInputSchema, type RoleChangeInput };

export type RoleChangeRequest = { role: string; listUrl?: string | undefined; listPosition?: string | undefined };

/**
 * Queues a role change for one member. The member row is locked and checked as it is now (permission, kind,
 * state, the revision the person saw), and a change already under way for them wins: a second submission,
 * by the same person or another, is told so and queues nothing.
 */
export async function requestRoleChange(
  deps: Pick<AppContext, 'db' | 'queues' | 'logger'>,
  hub: Hub,
  request: DecisionRequest,
  input: RoleChangeRequest,
): Promise<DecisionResult<{ taskId: string }>> {
  const { actor, memberId, revision } = request;
  const role = authorize(actor, 'member.change_role', hub);
  if (!role.allowed) return { status: 'refused', reason: role.reason };
  if (!isUuid(memberId)) return { status: 'not_found' };
  const result = await deps.db.transaction(async (tx): Promise<DecisionResult<{ taskId: string }>> => {
    const [member] = await tx.select().from(members).where(and(eq(members.id, memberId), eq(members.hubId, hub.id))).for('update');
    if (!member) return { status: 'not_found' };
    if (member.revision !== revision) return { status: 'conflict', member };
    const fit = authorizeMemberAction(actor, 'change_role', hub, member);
    if (!fit.allowed) return { status: 'refused', reason: fit.reason };
    if (member.metaRole === input.role) return { status: 'invalid', field: 'role', message: `They already have the ${roleLabel(input.role)} role in Meta.` };
    const [running] = await tx
      .select({ requestedBy: tasks.requestedBy, input: tasks.input })
      .from(tasks)
      .where(and(eq(tasks.hubId, hub.id), eq(tasks.kind, 'change_role'), inArray(tasks.status, ['queued', 'running']), sql`${tasks.input}->>'memberId' = ${member.id}`));
    if (running) {
      const to = roleLabel(String(running.input.to ?? ''));
      // An inline error is plain text: a mention would show as its raw id.
      const by = running.requestedBy === actor.slackUserId ? 'you' : 'someone else';
      return { status: 'invalid', field: 'role', message: `Nothing changed: a change to ${to} is already under way (asked by ${by}).` };
    }
    const taskInput: RoleChangeInput = {
      memberId: member.id,
      memberKind: member.kind as RoleChangeInput['memberKind'],
      name: member.name ?? member.email ?? member.metaId,
      email: member.email,
      from: member.metaRole,
      to: input.role,
      ...(input.listUrl ? { listUrl: input.listUrl } : {}),
      ...(input.listPosition ? { listPosition: input.listPosition } : {}),
    };
    const [task] = await tx
      .insert(tasks)
      .values({ hubId: hub.id, kind: 'change_role', requestedBy: actor.slackUserId, slackChannelId: hub.channelId, input: taskInput })
      .returning({ id: tasks.id });
    await recordAudit(tx, {
      actor: actor.slackUserId, action: 'member.role_change_requested', hubId: hub.id, memberId: member.id, taskId: task!.id,
      outcome: 'queued', detail: { from: member.metaRole, to: input.role },
    });
    return { status: 'done', member, result: { taskId: task!.id } };
  });
  if (result.status === 'done') await dispatch(deps, 'role change', () => enqueueRoleChange(deps, result.result.taskId));
  return result;
}

export async function enqueueRoleChange(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue('members', 'changeRole', { taskId }, { jobId: taskId, attempts: 5 });
}

/** Meta changed the role: the task completes and the member shows the new role (a new revision). */
export async function completeRoleChange(db: Database, task: Task, input: RoleChangeInput, at: Date, kept?: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(tasks)
      .set({ status: 'completed', finishedAt: at, error: null, summary: { from: input.from, to: input.to, ...(kept ? { kept } : {}) } })
      .where(and(eq(tasks.id, task.id), eq(tasks.status, 'running')))
      .returning({ id: tasks.id });
    if (!done) return false;
    await tx.update(members).set({ metaRole: kept ?? input.to, revision: sql`${members.revision} + 1` }).where(eq(members.id, input.memberId));
    await recordAudit(tx, {
      actor: task.requestedBy, action: 'member.role_changed', hubId: task.hubId, memberId: input.memberId, taskId: task.id,
      outcome: kept ? 'kept' : 'completed', detail: { from: input.from, to: input.to, ...(kept ? { kept } : {}) },
    });
    return true;
  });
}

/** Meta refused (e.g. the last admin, 3914) or kept failing: the task fails in plain words; nothing changed. */
export async function failRoleChange(db: Database, task: Task, input: RoleChangeInput, words: string, at: Date): Promise<boolean> {
  return failMemberTask(db, task, words, at, { action: 'member.role_change_failed', memberId: input.memberId, detail: { from: input.from, to: input.to } });
}

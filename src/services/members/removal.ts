import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, tasks } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { describeHoldings } from '../../domain/member-actions.js';
import { recordAudit } from '../audit/record.js';
import { recordRemovalOutcome } from '../reports/outcomes.js';
import type { Hub } from '../hub-setup/hubs.js';
import { decideMember, type DecisionRequest, type DecisionResult } from './guard.js';
import { revokeMatchedOwner } from './owners.js';
import { getMember } from './members.js';
import { removalInputSchema, type RemovalInput } from './removal-input.js';
import type { Task } from '../tasks/types.js';
import { dispatch } from '../tasks/dispatch.js';

export { removalInputSchema, type RemovalInput };

export type RemovalRequest = { reason: string | null; listUrl?: string | undefined; listPosition?: string | undefined };

/**
 * Marks the member removal_pending and creates the removal task in one transaction (compare-and-set, so a
 * double click or two people at once make one task), then queues it. The Meta call happens in the worker.
 */
export async function requestRemoval(
  deps: Pick<AppContext, 'db' | 'queues' | 'logger'>,
  hub: Hub,
  request: DecisionRequest,
  input: RemovalRequest,
): Promise<DecisionResult<{ taskId: string; waiting: boolean }>> {
  const listed = await getMember(deps.db, hub.id, request.memberId);
  const result = await deps.db.transaction((tx) =>
    decideMember<{ taskId: string }>(tx, request, 'remove', (member) => ({
      set: { state: 'removal_pending', manual: true },
      after: async (updated, before) => {
        const taskInput: RemovalInput = {
          memberId: member.id,
          previousState: before.state as RemovalInput['previousState'],
          memberKind: member.kind as RemovalInput['memberKind'],
          name: member.name ?? member.email ?? member.metaId,
          email: member.email,
          holdings: describeHoldings(member.metaRole, listed?.holdings ?? []),
          reason: input.reason,
          ...(input.listUrl ? { listUrl: input.listUrl } : {}),
          ...(input.listPosition ? { listPosition: input.listPosition } : {}),
        };
        const [task] = await tx
          .insert(tasks)
          .values({ hubId: hub.id, kind: 'remove_member', requestedBy: request.actor.slackUserId, slackChannelId: hub.channelId, input: taskInput })
          .returning({ id: tasks.id });
        await tx.update(members).set({ removalTaskId: task!.id }).where(eq(members.id, updated.id));
        await recordAudit(tx, {
          actor: request.actor.slackUserId, action: 'member.removal_requested', hubId: hub.id, memberId: member.id,
          taskId: task!.id, reason: input.reason, outcome: 'queued', detail: { from: before.state, holdings: taskInput.holdings },
        });
        return { taskId: task!.id };
      },
    })),
  );
  if (result.status !== 'done') return result;
  const queued = await dispatch(deps, 'removal', () => enqueueRemoval(deps, result.result.taskId));
  return { ...result, result: { ...result.result, waiting: !queued } };
}

const REMOVAL_JOB = { attempts: 5 } as const;

export async function enqueueRemoval(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  // The worker posts the task's message as it starts; the job id is the task id, so a repeat is harmless.
  await deps.queues.enqueue('members', 'removeMember', { taskId }, { jobId: taskId, ...REMOVAL_JOB });
}

/** Many removals at once (a report's Approve all): one bulk add instead of one commit per task. */
export async function enqueueRemovals(deps: Pick<AppContext, 'queues'>, taskIds: readonly string[]): Promise<void> {
  await deps.queues.enqueueBulk('members', 'removeMember', taskIds.map((taskId) => ({ payload: { taskId }, options: { jobId: taskId, ...REMOVAL_JOB } })));
}

/** Meta removed the member (or they were already gone): the task completes and the member is removed. */
export async function completeRemoval(db: Database, task: Task, input: RemovalInput, alreadyGone: boolean, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(tasks)
      // A report's removal is shown on the report's cards, not announced on its own.
      .set({ status: 'completed', finishedAt: at, error: null, summary: { outcome: alreadyGone ? 'already_gone' : 'removed' }, ...(input.report ? { resultAnnouncedAt: at } : {}) })
      .where(and(eq(tasks.id, task.id), eq(tasks.status, 'running')))
      .returning({ id: tasks.id });
    if (!done) return false;
    const [before] = await tx.select().from(members).where(eq(members.id, input.memberId)).for('update');
    await tx
      .update(members)
      .set({ state: 'removed', decidedBy: 'system', decidedAt: at, revision: sql`${members.revision} + 1` })
      .where(and(eq(members.id, input.memberId), inArray(members.state, ['removal_pending']), eq(members.removalTaskId, task.id)));
    if (before) await revokeMatchedOwner(tx, { ...before, state: 'onboarded' });
    await recordAudit(tx, {
      actor: task.requestedBy, action: 'member.removed', hubId: task.hubId, memberId: input.memberId, taskId: task.id,
      reason: input.reason, outcome: alreadyGone ? 'already_gone' : 'removed', detail: { holdings: input.holdings, ...input.report },
    });
    if (input.report) await recordRemovalOutcome(tx, input.report, task.id, alreadyGone ? 'already_gone' : 'removed', null, at);
    return true;
  });
}

/** Meta refused or kept failing: the task fails in plain words and the member goes back to where it was. */
export async function failRemoval(db: Database, task: Task, input: RemovalInput, words: string, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [failed] = await tx
      .update(tasks)
      .set({ status: 'failed', finishedAt: at, error: words, ...(input.report ? { resultAnnouncedAt: at } : {}) })
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, ['queued', 'running'])))
      .returning({ id: tasks.id });
    if (!failed) return false;
    await tx
      .update(members)
      .set({ state: input.previousState, decidedBy: 'system', decidedAt: at, removalTaskId: null, revision: sql`${members.revision} + 1` })
      .where(and(eq(members.id, input.memberId), eq(members.state, 'removal_pending'), eq(members.removalTaskId, task.id)));
    await recordAudit(tx, {
      actor: task.requestedBy, action: 'member.removal_failed', hubId: task.hubId, memberId: input.memberId, taskId: task.id,
      reason: words, outcome: 'failed', ...(input.report ? { detail: input.report } : {}),
    });
    if (input.report) await recordRemovalOutcome(tx, input.report, task.id, 'failed', words, at);
    return true;
  });
}

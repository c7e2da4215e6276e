import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, reportItems, reports } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { decidingCapacity, type Actor } from '../../domain/permissions.js';
import type { Safeguard } from '../../domain/deprovision.js';
import { recordAudits } from '../audit/record.js';
import type { Hub } from '../hub-setup/hubs.js';
import { ownedItemHub, ownedReportHub, safeguardOf, type ReportResult } from './access.js';
import { enqueueRemoval, enqueueRemovals } from '../members/removal.js';
import { exemptionChange, type ExemptInput } from '../members/decisions.js';
import { closeReactivated, reactivatedItems, startRemovals, whyGone } from './removals.js';
import { getItem, type ReportItem } from './items.js';
import { closeIfSettled, getReport, lockHubReports, type Report } from './reports.js';
import { afterReportChange } from './after-change.js';
import { dispatch } from '../tasks/dispatch.js';
import { approveWaiting, queueApprovedRemovals } from './approve-waiting.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'logger'>;

export type { ReportResult };

/** The item, locked, after the hub's report lock. */
async function lockedItem(tx: Transaction, hubId: string, itemId: string): Promise<ReportItem> {
  await lockHubReports(tx, hubId);
  const [item] = await tx.select().from(reportItems).where(eq(reportItems.id, itemId)).for('update');
  return item!;
}

async function enqueueAll(deps: Deps, taskIds: string[]): Promise<void> {
  if (taskIds.length === 1) return enqueueRemoval(deps, taskIds[0]!);
  await enqueueRemovals(deps, taskIds);
}

/** The approval is stored with its removal tasks; their jobs go to the queue now, or with the sweep when it is back. */
async function dispatchRemovals(deps: Deps, result: ReportResult & { status: 'done'; taskIds?: string[] }): Promise<ReportResult> {
  const queued = await dispatch(deps, 'report removals', () => enqueueAll(deps, result.taskIds ?? []));
  return queued ? result : { ...result, waiting: true };
}

/**
 * Approves one item, compare-and-set: only a pending item moves, so a second click, a second owner or a Slack
 * retry changes nothing and is told who decided. Only the winner's removal is queued. A held report (the
 * safeguard) approves nothing until it is confirmed.
 */
async function approveItemNow(deps: Deps, actor: Actor, itemId: string, at: Date): Promise<ReportResult> {
  const access = await ownedItemHub(deps, actor, itemId);
  if ('status' in access) return access;
  const { hub } = access;
  const result = await deps.db.transaction(async (tx): Promise<ReportResult & { taskIds?: string[] }> => {
    const item = await lockedItem(tx, hub.id, itemId);
    if (item.decision !== 'pending') return { status: 'conflict', item };
    const report = (await getReport(tx, item.reportId))!;
    const guard = await safeguardOf(tx, report, hub);
    if (guard.held) return { status: 'held', reportId: report.id, safeguard: guard };
    if ((await reactivatedItems(tx, [item])).size > 0) {
      await closeReactivated(tx, [item.id], at);
      await recordAudits(tx, [{ actor: 'system', action: 'report.item_closed', hubId: hub.id, memberId: item.memberId, reason: 'reactivated', outcome: 'resolved', detail: { reportId: report.id, itemId } }]);
      await closeIfSettled(tx, report.id, at);
      return { status: 'closed_itself', item: (await getItem(tx, itemId))! };
    }
    const [approved] = await tx
      .update(reportItems)
      .set({ decision: 'approved', decidedBy: actor.slackUserId, decidedAt: at, decidedAs: decidingCapacity(actor, hub) })
      .where(and(eq(reportItems.id, itemId), eq(reportItems.decision, 'pending')))
      .returning();
    await recordAudits(tx, [{ actor: actor.slackUserId, action: 'report.item_approved', hubId: hub.id, memberId: item.memberId, outcome: 'approved', detail: { reportId: report.id, itemId } }]);
    const started = await startRemovals(tx, hub, [approved!], actor.slackUserId, at);
    if (started.resolved) {
      await closeIfSettled(tx, report.id, at);
      return { status: 'closed_itself', item: (await getItem(tx, itemId))! };
    }
    return { status: 'done', reportId: report.id, approved: 1, taskIds: started.taskIds };
  });
  return result.status === 'done' ? dispatchRemovals(deps, result) : result;
}

/**
 * Approves every item still waiting that the person was shown (`upToSeq`): one compare-and-set statement under
 * the report lock, so a double click or a Slack retry approves nothing twice. With `confirmCount`, it first
 * confirms a held report for exactly that many removals (the safeguard modal). The removal tasks are made by
 * the follow-up job right after (`startApprovedRemovals`), so the person is answered without waiting for them.
 */
async function approveAllNow(
  deps: Deps, actor: Actor, reportId: string, input: { upToSeq: number; confirmCount?: number | undefined }, at: Date,
): Promise<ReportResult> {
  const access = await ownedReportHub(deps, actor, reportId);
  if ('status' in access) return access;
  const { hub } = access;
  const result = await deps.db.transaction(async (tx): Promise<ReportResult> => {
    await lockHubReports(tx, hub.id);
    const report = (await getReport(tx, reportId))!;
    if (report.status !== 'open') return { status: 'report_closed', report };
    const guard = await safeguardOf(tx, report, hub);
    if (input.confirmCount !== undefined) {
      const confirmed = await confirmLocked(tx, report, hub, actor.slackUserId, input.confirmCount, guard, at);
      if (confirmed.status !== 'done') return confirmed;
    } else if (guard.held) return { status: 'held', reportId, safeguard: guard };
    const { approved } = await approveWaiting(tx, { reportId, hubId: hub.id, upToSeq: input.upToSeq, actorId: actor.slackUserId, decidedAs: decidingCapacity(actor, hub), at });
    if (approved === 0) await closeIfSettled(tx, reportId, at);
    return { status: 'done', reportId, approved };
  });
  if (result.status !== 'done') return result;
  if (result.approved === 0) {
    await afterReportChange(deps, reportId).catch((error: unknown) => deps.logger.warn('report cards not queued; the sweep redraws them', { error }));
    return result;
  }
  // The follow-up makes the tasks and redraws the cards; if the queue is away, the sweep queues it when it is back.
  const queued = await dispatch(deps, 'report approval', () => queueApprovedRemovals(deps, reportId));
  return queued ? result : { ...result, waiting: true };
}

/** Confirms a held report for the count the owner was shown; nothing is approved by the confirmation itself. */
async function confirmReportNow(deps: Deps, actor: Actor, reportId: string, count: number, at: Date): Promise<ReportResult> {
  const access = await ownedReportHub(deps, actor, reportId);
  if ('status' in access) return access;
  return deps.db.transaction(async (tx) => {
    await lockHubReports(tx, access.hub.id);
    const report = (await getReport(tx, reportId))!;
    if (report.status !== 'open') return { status: 'report_closed', report };
    return confirmLocked(tx, report, access.hub, actor.slackUserId, count, await safeguardOf(tx, report, access.hub), at);
  });
}

/** With the report lock held: `done` when the report is not held (any more) for exactly `count` removals. */
async function confirmLocked(tx: Transaction, report: Report, hub: Hub, actorId: string, count: number, guard: Safeguard, at: Date): Promise<ReportResult> {
  if (guard.removals !== count) return { status: 'changed', reportId: report.id, removals: guard.removals };
  if (!guard.held) return { status: 'done', reportId: report.id, approved: 0 };
  await tx.update(reports).set({ confirmedBy: actorId, confirmedAt: at, confirmedCount: count }).where(eq(reports.id, report.id));
  await recordAudits(tx, [{
    actor: actorId, action: 'report.safeguard_confirmed', hubId: hub.id, outcome: 'confirmed',
    detail: { reportId: report.id, removals: count, members: guard.members, thresholdPct: guard.thresholdPct },
  }]);
  return { status: 'done', reportId: report.id, approved: 0 };
}

/** Rejects an item (waiting, or whose removal failed): the member keeps access as an exemption with the reason. */
async function rejectItemNow(deps: Deps, actor: Actor, itemId: string, input: ExemptInput, at: Date): Promise<ReportResult> {
  const access = await ownedItemHub(deps, actor, itemId);
  if ('status' in access) return access;
  const { hub } = access;
  return deps.db.transaction(async (tx): Promise<ReportResult> => {
    const item = await lockedItem(tx, hub.id, itemId);
    const open = item.decision === 'pending' || (item.decision === 'approved' && item.outcome === 'failed');
    if (!open) return { status: 'conflict', item };
    const [member] = await tx
      .update(members)
      .set({ ...exemptionChange(actor.slackUserId, at, input), decidedBy: actor.slackUserId, decidedAt: at, revision: sql`${members.revision} + 1` })
      .where(and(eq(members.id, item.memberId), inArray(members.state, ['onboarded', 'unmatched', 'guest']), sql`${members.goneAt} is null`))
      .returning({ id: members.id });
    if (!member) {
      const [now] = await tx.select({ state: members.state, goneAt: members.goneAt }).from(members).where(eq(members.id, item.memberId));
      await tx.update(reportItems).set({ decision: 'resolved', resolvedReason: whyGone(now), outcome: null, decidedBy: 'system', decidedAt: at }).where(eq(reportItems.id, itemId));
      await closeIfSettled(tx, item.reportId, at);
      return { status: 'closed_itself', item: (await getItem(tx, itemId))! };
    }
    await tx
      .update(reportItems)
      .set({ decision: 'rejected', decidedBy: actor.slackUserId, decidedAt: at, decidedAs: decidingCapacity(actor, hub), rejectReason: input.reason, exemptUntil: input.expiresAt })
      .where(eq(reportItems.id, itemId));
    await recordAudits(tx, [
      { actor: actor.slackUserId, action: 'report.item_rejected', hubId: hub.id, memberId: item.memberId, reason: input.reason, outcome: 'rejected', detail: { reportId: item.reportId, itemId } },
      { actor: actor.slackUserId, action: 'member.exempted', hubId: hub.id, memberId: item.memberId, reason: input.reason, outcome: 'completed', detail: { from: 'report', reportItemId: itemId, expiresAt: input.expiresAt?.toISOString() ?? null } },
    ]);
    await closeIfSettled(tx, item.reportId, at);
    return { status: 'done', reportId: item.reportId, approved: 0 };
  });
}

/** Tries a failed removal again (compare-and-set on the failure, so two clicks make one new task). */
async function retryItemNow(deps: Deps, actor: Actor, itemId: string, at: Date): Promise<ReportResult> {
  const access = await ownedItemHub(deps, actor, itemId);
  if ('status' in access) return access;
  const { hub } = access;
  const result = await deps.db.transaction(async (tx): Promise<ReportResult & { taskIds?: string[] }> => {
    const item = await lockedItem(tx, hub.id, itemId);
    if (item.decision !== 'approved' || item.outcome !== 'failed') return { status: 'conflict', item };
    await recordAudits(tx, [{ actor: actor.slackUserId, action: 'report.removal_retried', hubId: hub.id, memberId: item.memberId, outcome: 'queued', detail: { reportId: item.reportId, itemId, previousError: item.outcomeError } }]);
    const started = await startRemovals(tx, hub, [item], actor.slackUserId, at);
    if (started.resolved) {
      await closeIfSettled(tx, item.reportId, at);
      return { status: 'closed_itself', item: (await getItem(tx, itemId))! };
    }
    return { status: 'done', reportId: item.reportId, approved: 1, taskIds: started.taskIds };
  });
  return result.status === 'done' ? dispatchRemovals(deps, result) : result;
}

/** A decision that changed the report redraws its cards and closing summary: no caller has to remember. */
function redrawing<A extends unknown[]>(decide: (deps: Deps, ...args: A) => Promise<ReportResult>) {
  return async (deps: Deps, ...args: A): Promise<ReportResult> => {
    const result = await decide(deps, ...args);
    if (result.status === 'done' || result.status === 'closed_itself') {
      const reportId = 'reportId' in result ? result.reportId : result.item.reportId;
      // The decision is stored; a redraw that can't be queued now is made by the reminder sweep.
      await afterReportChange(deps, reportId).catch((error: unknown) => deps.logger.warn('report cards not queued; the sweep redraws them', { error }));
    }
    return result;
  };
}

export const approveItem = redrawing(approveItemNow);
/** Approve all redraws through its follow-up (`startApprovedRemovals`), which also makes the removals. */
export const approveAll = approveAllNow;
export const confirmReport = redrawing(confirmReportNow);
export const rejectItem = redrawing(rejectItemNow);
export const retryItem = redrawing(retryItemNow);

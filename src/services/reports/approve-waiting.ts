import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { reportItems } from '../../../db/schema.js';
import type { Database, Transaction } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { getHub } from '../hub-setup/hubs.js';
import { enqueueRemovals } from '../members/removal.js';
import { afterReportChange } from './after-change.js';
import { startRemovals } from './removals.js';
import { closeIfSettled, getReport, lockHubReports } from './reports.js';
import type { ReportItem } from './items.js';

export type ApproveWaiting = {
  reportId: string; hubId: string; upToSeq: number; actorId: string; decidedAs: 'owner' | 'admin'; at: Date;
};

/**
 * Approve all's decision, compare-and-set, in one statement (call it with the hub's report lock held): every
 * item still waiting up to `upToSeq` is approved for removal (`removing`, its task still to be made), except
 * those whose person the directory reactivated since, which close by themselves; one audit event records the
 * decision (none when nothing was waiting: a repeat leaves no trace), one per reactivated item. The removal tasks follow after the commit (`startApprovedRemovals`).
 */
export async function approveWaiting(tx: Transaction, input: ApproveWaiting): Promise<{ approved: number; reactivated: number }> {
  const at = input.at.toISOString();
  const [row] = await tx.execute<{ approved: number; reactivated: number }>(sql`
    with waiting as (
      select i.id, (starts_with(i.reason, 'directory_') and exists (
        select 1 from directory_users d where d.id = i.directory_user_id and d.active and d.deleted_at is null)) as back
      from report_items i
      where i.report_id = ${input.reportId}::uuid and i.decision = 'pending' and i.seq <= ${input.upToSeq}
    ), decided as (
      update report_items i set
        decision = (case when w.back then 'resolved' else 'approved' end)::report_decision,
        resolved_reason = case when w.back then 'reactivated' end,
        decided_by = case when w.back then 'system' else ${input.actorId} end,
        decided_at = ${at}::timestamptz,
        decided_as = case when w.back then null else ${input.decidedAs} end,
        outcome = (case when w.back then null else 'removing' end)::removal_outcome,
        outcome_at = null, outcome_error = null, removal_task_id = null
      from waiting w
      where i.id = w.id and i.decision = 'pending'
      returning i.id, i.member_id, w.back
    ), counted as (
      select (count(*) filter (where not back))::int as approved, (count(*) filter (where back))::int as reactivated from decided
    ), audited as (
      insert into audit_events (actor, action, hub_id, member_id, reason, outcome, detail)
      select ${input.actorId}, 'report.approved_all', ${input.hubId}::uuid, null, null, 'approved',
        jsonb_build_object('reportId', ${input.reportId}::text, 'approved', c.approved, 'reactivated', c.reactivated, 'upToSeq', ${input.upToSeq}::bigint)
      from counted c where c.approved + c.reactivated > 0
      union all
      select 'system', 'report.item_closed', ${input.hubId}::uuid, d.member_id, 'reactivated', 'resolved',
        jsonb_build_object('reportId', ${input.reportId}::text, 'itemId', d.id)
      from decided d where d.back
    )
    select c.approved, c.reactivated, pg_notify('hubkeeper_changes', ${input.hubId}) from counted c`);
  return { approved: row?.approved ?? 0, reactivated: row?.reactivated ?? 0 };
}

const FOLLOW_UP_JOB = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, lifo: true } as const;

/**
 * Queues the follow-up of an Approve all: the removal tasks of the report's approved items. At most one waits
 * per report (one asked for while it runs follows it); it goes to the front of the members queue, so the
 * removals of earlier reports don't hold it up. The decision is already stored: the sweep repeats a lost one.
 */
export async function queueApprovedRemovals(deps: Pick<AppContext, 'queues'>, reportId: string): Promise<void> {
  await deps.queues.enqueue('members', 'startReportRemovals', { reportId }, {
    deduplication: { id: `removals-${reportId}`, keepLastIfActive: true }, ...FOLLOW_UP_JOB,
  });
}

/**
 * Makes the removal task of every approved item of the report that has none yet, in one transaction under the
 * report lock (so a repeat finds nothing to do), each requested by the person who approved it; then queues
 * their jobs and redraws the cards. Items whose member changed meanwhile close by themselves.
 */
export async function startApprovedRemovals(ctx: AppContext, reportId: string): Promise<number> {
  const report = await getReport(ctx.db, reportId);
  const hub = report && (await getHub(ctx.db, report.hubId));
  if (!report || !hub) return 0;
  const taskIds = await ctx.db.transaction(async (tx) => {
    await lockHubReports(tx, hub.id);
    const items = await tx.select().from(reportItems)
      .where(and(eq(reportItems.reportId, reportId), eq(reportItems.decision, 'approved'), eq(reportItems.outcome, 'removing'), isNull(reportItems.removalTaskId)))
      .orderBy(asc(reportItems.seq));
    const byDecider = new Map<string, ReportItem[]>();
    for (const item of items) byDecider.set(item.decidedBy ?? 'system', [...(byDecider.get(item.decidedBy ?? 'system') ?? []), item]);
    const started: string[] = [];
    for (const [decider, group] of byDecider) {
      started.push(...(await startRemovals(tx, hub, group, decider, group[0]!.decidedAt ?? ctx.clock())).taskIds);
    }
    if (items.length) await closeIfSettled(tx, reportId, ctx.clock());
    return started;
  });
  // Should the queue fail here, the tasks are stored as queued: this job's retry, or the orphan sweep, queues them.
  await enqueueRemovals(ctx, taskIds);
  await afterReportChange(ctx, reportId);
  return taskIds.length;
}

/** Reports with approved items whose removal task was never made (their follow-up job was lost). */
export async function reportsWithUnstartedRemovals(db: Database, decidedBefore: Date): Promise<string[]> {
  const rows = await db.selectDistinct({ reportId: reportItems.reportId }).from(reportItems)
    .where(and(eq(reportItems.decision, 'approved'), eq(reportItems.outcome, 'removing'), isNull(reportItems.removalTaskId), lt(reportItems.decidedAt, decidedBefore)))
    .limit(100);
  return rows.map((row) => row.reportId);
}

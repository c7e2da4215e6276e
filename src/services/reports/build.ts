import { and, eq, inArray, sql } from 'drizzle-orm';
import { reportItems } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';
import { planReport, safeguard, removalsAsked, type ReportMember, type ResolvedReason } from '../../domain/deprovision.js';
import { recordAudits, type AuditEvent } from '../audit/record.js';
import { closeIfSettled, ensureOpenReport, lockHubReports, openReportOf, reportTally } from './reports.js';
import { insertItems, loadItemDetails, updateItems } from './items.js';

export type ReportBuild = {
  reportId: string | null;
  added: number;
  closed: number;
  pending: number;
  held: boolean;
  /** Anything a card shows changed. */
  changed: boolean;
};

type MemberRow = { id: string; kind: ReportMember['kind']; state: ReportMember['state']; gone_at: string | null; directory_user_id: string | null; d_id: string | null; d_active: boolean | null; d_deleted_at: string | null };

/** The hub's members the report cares about: those on it now, and those matched to someone gone from the directory. */
async function loadMembers(tx: Transaction, hubId: string, itemMemberIds: string[]): Promise<ReportMember[]> {
  const onReport = itemMemberIds.length ? sql`m.id = any(${`{${itemMemberIds.join(',')}}`}::uuid[]) or` : sql``;
  const rows = await tx.execute<MemberRow>(sql`
    select m.id, m.kind, m.state, m.gone_at, m.directory_user_id, d.id as d_id, d.active as d_active, d.deleted_at as d_deleted_at
    from members m left join directory_users d on d.id = m.directory_user_id
    where m.hub_id = ${hubId}::uuid and (${onReport}
      (m.gone_at is null and m.state = 'onboarded' and d.id is not null and (not d.active or d.deleted_at is not null)))`);
  return [...rows].map((row) => ({
    id: row.id,
    kind: row.kind,
    state: row.state,
    goneAt: row.gone_at ? new Date(row.gone_at) : null,
    directoryUserId: row.directory_user_id,
    directory: row.d_id ? { id: row.d_id, active: row.d_active ?? false, deletedAt: row.d_deleted_at ? new Date(row.d_deleted_at) : null } : null,
  }));
}

/**
 * Builds the hub's deprovision report inside the check's transaction, right after matching: adds the
 * members the directory deactivated, closes items that resolved by themselves (saying why), and refreshes
 * what the rest show. Opens a report only when there is something to report.
 */
export async function buildHubReport(tx: Transaction, hub: { id: string; safeguardThresholdPct: number }, at: Date, taskId: string | null): Promise<ReportBuild> {
  await lockHubReports(tx, hub.id);
  const open = await openReportOf(tx, hub.id);
  const items = open
    ? await tx
        .select({ id: reportItems.id, memberId: reportItems.memberId, reason: reportItems.reason, directoryUserId: reportItems.directoryUserId, decision: reportItems.decision, outcome: reportItems.outcome })
        .from(reportItems)
        .where(eq(reportItems.reportId, open.id))
    : [];
  const plan = planReport(await loadMembers(tx, hub.id, items.map((item) => item.memberId)), items);
  if (!open && plan.add.length === 0) return { reportId: null, added: 0, closed: 0, pending: 0, held: false, changed: false };
  const { report, opened } = await ensureOpenReport(tx, hub.id, at, taskId);
  const reasons = new Map([...plan.add.map((a) => [a.memberId, a.reason] as const)]);
  const itemMember = new Map(items.map((item) => [item.id, item.memberId]));
  for (const r of plan.reopen) reasons.set(itemMember.get(r.itemId)!, r.reason);

  const added = await insertItems(tx, report, await loadItemDetails(tx, plan.add.map((a) => a.memberId)), (id) => reasons.get(id)!, at, taskId);
  const reopenIds = plan.reopen.map((r) => itemMember.get(r.itemId)!);
  const reopened = await updateItems(tx, report.id, await loadItemDetails(tx, reopenIds), (id) => reasons.get(id), { at, taskId });
  await updateItems(tx, report.id, await loadItemDetails(tx, plan.refresh.map((id) => itemMember.get(id)!)), () => undefined);
  const closed = await closeItems(tx, plan.close, at);

  const events: AuditEvent[] = [];
  if (opened) events.push({ actor: 'system', action: 'report.opened', hubId: hub.id, taskId, detail: { reportId: report.id } });
  for (const [memberId, itemId] of added) events.push({ actor: 'system', action: 'report.item_added', hubId: hub.id, memberId, taskId, reason: reasons.get(memberId)!, detail: { reportId: report.id, itemId } });
  for (const memberId of reopenIds) events.push({ actor: 'system', action: 'report.item_reopened', hubId: hub.id, memberId, taskId, reason: reasons.get(memberId)!, detail: { reportId: report.id } });
  for (const c of closed) events.push({ actor: 'system', action: 'report.item_closed', hubId: hub.id, memberId: c.memberId, taskId, reason: c.why, outcome: 'resolved', detail: { reportId: report.id, itemId: c.id } });
  await recordAudits(tx, events);
  const done = await closeIfSettled(tx, report.id, at);
  const t = await reportTally(tx, report.id);
  const guard = safeguard({ removals: removalsAsked(t), members: report.baselineMembers, thresholdPct: hub.safeguardThresholdPct, confirmedCount: report.confirmedCount });
  return {
    reportId: report.id,
    added: added.size + reopened.length,
    closed: closed.length,
    pending: done ? 0 : t.pending,
    held: !done && guard.held,
    changed: opened || events.length > 0 || plan.refresh.length > 0,
  };
}

/** Closes items that resolved by themselves; an item someone decided meanwhile is left as they decided. */
async function closeItems(tx: Transaction, close: Array<{ itemId: string; why: ResolvedReason }>, at: Date) {
  const out: Array<{ id: string; memberId: string; why: ResolvedReason }> = [];
  const byWhy = new Map<ResolvedReason, string[]>();
  for (const c of close) byWhy.set(c.why, [...(byWhy.get(c.why) ?? []), c.itemId]);
  for (const [why, ids] of byWhy) {
    const rows = await tx
      .update(reportItems)
      .set({ decision: 'resolved', resolvedReason: why, decidedBy: 'system', decidedAt: at })
      .where(and(inArray(reportItems.id, ids), sql`(${reportItems.decision} = 'pending' or (${reportItems.decision} = 'approved' and ${reportItems.outcome} = 'failed'))`))
      .returning({ id: reportItems.id, memberId: reportItems.memberId });
    out.push(...rows.map((row) => ({ ...row, why })));
  }
  return out;
}

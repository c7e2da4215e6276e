import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { members, reportItems, reports } from '../../../db/schema.js';
import type { Database, DbOrTx, Transaction } from '../../../db/client.js';
import { isSettled, tally, type Tally } from '../../domain/deprovision.js';
import { recordAudits } from '../audit/record.js';
import { insertItems, loadItemDetails, updateItems } from './items.js';
import { isUuid } from '../../lib/text.js';

export type Report = typeof reports.$inferSelect;

/**
 * Serialises every change to one hub's reports (a check, decisions, removal outcomes). Take it first in the
 * transaction, before any member row, so those transactions can never wait on each other in a circle.
 */
export async function lockHubReports(tx: Transaction, hubId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reports-${hubId}`}))`);
}

export async function getReport(db: DbOrTx, reportId: string): Promise<Report | undefined> {
  if (!isUuid(reportId)) return undefined;
  const [report] = await db.select().from(reports).where(eq(reports.id, reportId));
  return report;
}

export async function openReportOf(db: DbOrTx, hubId: string): Promise<Report | undefined> {
  const [report] = await db.select().from(reports).where(and(eq(reports.hubId, hubId), eq(reports.status, 'open')));
  return report;
}

export async function latestReportOf(db: DbOrTx, hubId: string): Promise<Report | undefined> {
  const [report] = await db.select().from(reports).where(eq(reports.hubId, hubId)).orderBy(desc(reports.openedAt)).limit(1);
  return report;
}

/** People (business users and invitations) the hub has now: what the safeguard measures against. */
export async function countPeople(db: DbOrTx, hubId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(members)
    .where(and(eq(members.hubId, hubId), isNull(members.goneAt), inArray(members.kind, ['business_user', 'invitation'])));
  return row?.n ?? 0;
}

/** The hub's open report, opened now if there is none; its baseline grows to the people the hub has. */
export async function ensureOpenReport(tx: Transaction, hubId: string, at: Date, taskId: string | null): Promise<{ report: Report; opened: boolean }> {
  const people = await countPeople(tx, hubId);
  const [created] = await tx
    .insert(reports)
    .values({ hubId, openedAt: at, openedByTaskId: taskId, baselineMembers: people })
    .onConflictDoNothing({ target: reports.hubId, where: sql`${reports.status} = 'open'` })
    .returning();
  if (created) return { report: created, opened: true };
  const [report] = await tx
    .update(reports)
    .set({ baselineMembers: sql`greatest(${reports.baselineMembers}, ${people})` })
    .where(and(eq(reports.hubId, hubId), eq(reports.status, 'open')))
    .returning();
  return { report: report!, opened: false };
}

/** The items of a report, as counted by the card and the safeguard. */
export async function reportTally(db: DbOrTx, reportId: string): Promise<Tally> {
  const rows = await db
    .select({ decision: reportItems.decision, outcome: reportItems.outcome, n: count() })
    .from(reportItems)
    .where(eq(reportItems.reportId, reportId))
    .groupBy(reportItems.decision, reportItems.outcome);
  return tally(rows);
}

export type AddOptions = { at: Date; actor?: string; taskId?: string | null };

/**
 * Puts members on the hub's open deprovision report (opening one if needed) for `reason` (e.g. "group_removed"),
 * inside the caller's transaction. Members already waiting on it, gone from Meta, exempted or being removed
 * are left out; an earlier closed item of the member is reopened. After the commit, queue the report's cards
 * (`afterReportChange` in services/reports/after-change.ts); the reminder sweep also catches a missed one.
 */
export async function addReportItems(
  tx: Transaction,
  hubId: string,
  memberIds: readonly string[],
  reason: string,
  options: AddOptions,
): Promise<{ reportId: string | null; added: number }> {
  const at = options.at;
  const taskId = options.taskId ?? null;
  if (memberIds.length === 0) return { reportId: null, added: 0 };
  await lockHubReports(tx, hubId);
  const eligible = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(
      eq(members.hubId, hubId), inArray(members.id, [...memberIds]), isNull(members.goneAt),
      inArray(members.kind, ['business_user', 'invitation']), inArray(members.state, ['onboarded', 'unmatched', 'guest']),
    ));
  if (eligible.length === 0) return { reportId: (await openReportOf(tx, hubId))?.id ?? null, added: 0 };
  const { report, opened } = await ensureOpenReport(tx, hubId, at, taskId);
  const existing = await tx
    .select({ memberId: reportItems.memberId, decision: reportItems.decision, outcome: reportItems.outcome })
    .from(reportItems)
    .where(and(eq(reportItems.reportId, report.id), inArray(reportItems.memberId, eligible.map((row) => row.id))));
  const known = new Map(existing.map((item) => [item.memberId, item]));
  const fresh = eligible.filter((row) => !known.has(row.id)).map((row) => row.id);
  const closed = eligible.filter((row) => known.has(row.id) && isSettled(known.get(row.id)!) && known.get(row.id)!.decision !== 'approved').map((row) => row.id);
  const added = await insertItems(tx, report, await loadItemDetails(tx, fresh), () => reason, at, taskId);
  const reopened = await updateItems(tx, report.id, await loadItemDetails(tx, closed), () => reason, { at, taskId });
  const actor = options.actor ?? 'system';
  await recordAudits(tx, [
    ...(opened ? [{ actor, action: 'report.opened', hubId, taskId, detail: { reportId: report.id, reason } }] : []),
    ...[...added].map(([memberId, itemId]) => ({ actor, action: 'report.item_added', hubId, memberId, taskId, reason, detail: { reportId: report.id, itemId } })),
    ...closed.map((memberId) => ({ actor, action: 'report.item_reopened', hubId, memberId, taskId, reason, detail: { reportId: report.id } })),
  ]);
  return { reportId: report.id, added: added.size + reopened.length };
}

/**
 * Closes the report once every item is settled (removed, kept, or closed by itself); a failed removal keeps
 * it open until someone retries or keeps the member. Call with the hub's report lock held.
 */
export async function closeIfSettled(tx: Transaction, reportId: string, at: Date, actor = 'system'): Promise<boolean> {
  if (await hasUnsettled(tx, reportId)) return false;
  const t = await reportTally(tx, reportId);
  if (t.pending + t.removing + t.failed > 0) return false;
  const [closed] = await tx
    .update(reports)
    .set({ status: 'closed', closedAt: at, summary: t })
    .where(and(eq(reports.id, reportId), eq(reports.status, 'open')))
    .returning({ hubId: reports.hubId });
  if (!closed) return false;
  await recordAudits(tx, [{ actor, action: 'report.closed', hubId: closed.hubId, outcome: 'closed', detail: { reportId, ...t } }]);
  return true;
}

/**
 * Closes the report if a removal outcome settled its last item. Runs after that outcome committed, in its
 * own transaction: of two outcomes committing together, the later one's check sees both, and the close is
 * compare-and-set, so the report closes exactly once.
 */
export async function closeSettledReport(db: Database, reportId: string, at: Date): Promise<boolean> {
  if (await hasUnsettled(db, reportId)) return false; // the common answer, without a transaction
  return db.transaction((tx) => closeIfSettled(tx, reportId, at));
}

async function hasUnsettled(db: DbOrTx, reportId: string): Promise<boolean> {
  const [waiting] = await db
    .select({ id: reportItems.id })
    .from(reportItems)
    .where(and(eq(reportItems.reportId, reportId), sql`(${reportItems.decision} = 'pending' or (${reportItems.decision} = 'approved' and ${reportItems.outcome} not in ('removed', 'already_gone')))`))
    .limit(1);
  return Boolean(waiting);
}

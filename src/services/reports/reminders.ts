import { and, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { hubOwners, ownerSettings, reports } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import type { WaitingReport } from '../../domain/report-reminders.js';

type Row = {
  report_id: string; hub_id: string; label: string; channel_id: string; pending: number; oldest: string | null; last_escalated_at: string | null;
  remind_after_hours: number | null; escalate_after_hours: number | null; admins_may_decide: boolean;
};

/** Items an escalation names, per report: the oldest waiting ones. */
const ITEMS_NAMED = 10;

const HOUR = 3_600_000;

/** Open reports with items waiting for a decision, with their hub's owners. */
export async function waitingReports(db: DbOrTx): Promise<WaitingReport[]> {
  return loadWaiting(db, sql`r.status = 'open'`, true);
}

/** One report as its escalation shows it now: what still waits (maybe nothing), open or closed. */
export async function waitingReport(db: DbOrTx, reportId: string): Promise<WaitingReport | undefined> {
  return (await loadWaiting(db, sql`r.id = ${reportId}::uuid`, false))[0];
}

async function loadWaiting(db: DbOrTx, which: SQL, onlyWaiting: boolean): Promise<WaitingReport[]> {
  const rows = await db.execute<Row>(sql`
    select r.id as report_id, r.hub_id, h.label, h.channel_id, count(i.id)::int as pending, min(i.added_at) as oldest, r.last_escalated_at,
      h.remind_after_hours, h.escalate_after_hours, h.admins_may_decide
    from reports r
    join hubs h on h.id = r.hub_id
    left join report_items i on i.report_id = r.id and i.decision = 'pending'
    where ${which}
    group by r.id, h.label, h.channel_id, h.remind_after_hours, h.escalate_after_hours, h.admins_may_decide
    ${onlyWaiting ? sql`having count(i.id) > 0` : sql``}`);
  const list = [...rows];
  if (list.length === 0) return [];
  const owners = await db.select().from(hubOwners);
  const items = await db.execute<{ report_id: string; name: string | null; email: string | null; added_at: string }>(sql`
    select report_id, name, email, added_at from (
      select i.report_id, i.name, i.email, i.added_at, row_number() over (partition by i.report_id order by i.added_at, i.seq) as n
      from report_items i join reports r on r.id = i.report_id
      where ${which} and i.decision = 'pending') ranked
    where n <= ${ITEMS_NAMED} order by added_at`);
  return list.map((row) => ({
    reportId: row.report_id,
    hubId: row.hub_id,
    hubLabel: row.label,
    channelId: row.channel_id,
    pending: row.pending,
    // With nothing waiting there is no oldest item; the escalation then says so and shows no age.
    oldestPendingAt: new Date(row.oldest ?? row.last_escalated_at ?? 0),
    ownerIds: owners.filter((owner) => owner.hubId === row.hub_id).map((owner) => owner.slackUserId).sort(),
    lastEscalatedAt: row.last_escalated_at ? new Date(row.last_escalated_at) : null,
    remindAfterMs: row.remind_after_hours === null ? undefined : row.remind_after_hours * HOUR,
    escalateAfterMs: row.escalate_after_hours === null ? undefined : row.escalate_after_hours * HOUR,
    adminsMayDecide: row.admins_may_decide,
    waitingItems: [...items].filter((item) => item.report_id === row.report_id).map((item) => ({ name: item.name, email: item.email, addedAt: new Date(item.added_at) })),
  }));
}

/** Claims today's reminder of one owner (compare-and-set: of two workers, one sends it). */
export async function claimReminder(tx: Transaction, ownerId: string, now: Date, everyMs: number): Promise<boolean> {
  const before = new Date(now.getTime() - everyMs);
  await tx.insert(ownerSettings).values({ slackUserId: ownerId, updatedAt: now }).onConflictDoNothing();
  const [claimed] = await tx
    .update(ownerSettings)
    .set({ lastRemindedAt: now })
    .where(and(eq(ownerSettings.slackUserId, ownerId), or(isNull(ownerSettings.lastRemindedAt), lte(ownerSettings.lastRemindedAt, before))))
    .returning({ id: ownerSettings.slackUserId });
  return Boolean(claimed);
}

/** Claims today's escalation of one report. */
export async function claimEscalation(tx: Transaction, reportId: string, now: Date, everyMs: number): Promise<boolean> {
  const before = new Date(now.getTime() - everyMs);
  const [claimed] = await tx
    .update(reports)
    .set({ lastEscalatedAt: now })
    .where(and(eq(reports.id, reportId), eq(reports.status, 'open'), or(isNull(reports.lastEscalatedAt), lte(reports.lastEscalatedAt, before))))
    .returning({ id: reports.id });
  return Boolean(claimed);
}

/** Reports whose cards were never drawn, or whose closing summary was never queued: their job was lost. */
export async function reportsNeedingCards(db: DbOrTx, olderThan: Date): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select r.id from reports r
    where (r.status = 'closed' and r.closed_announced_at is null and r.closed_at < ${olderThan.toISOString()}::timestamptz)
       or (r.opened_at < ${olderThan.toISOString()}::timestamptz and not exists (
             select 1 from report_cards c where c.report_id = r.id and c.ts is not null))
         and r.status = 'open'
    limit 100`);
  return [...rows].map((row) => row.id);
}

/** Open reports with nothing left to settle: a removal's closing check was lost (a crash right after its commit). */
export async function settledOpenReports(db: DbOrTx): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select r.id from reports r
    where r.status = 'open' and exists (select 1 from report_items i where i.report_id = r.id) and not exists (
      select 1 from report_items i where i.report_id = r.id
        and (i.decision = 'pending' or (i.decision = 'approved' and i.outcome not in ('removed', 'already_gone'))))
    limit 100`);
  return [...rows].map((row) => row.id);
}

import { asc, eq, max, sql } from 'drizzle-orm';
import { reportItems } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import { removalsAsked, safeguard, type Safeguard, type Tally } from '../../domain/deprovision.js';
import { getHub, hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import type { ReportItem } from './items.js';
import { getReport, reportTally, type Report } from './reports.js';

/** Everything one page of a report card shows, read from the current state. */
export type ReportView = {
  report: Report;
  hub: Hub;
  tally: Tally;
  safeguard: Safeguard;
  items: ReportItem[];
  page: number;
  pages: number;
  /** The newest item's seq: "Approve all" covers the items up to it, the ones the person was shown. */
  maxSeq: number;
  owners: string[];
};

/** Where a card lives: paging buttons of a stored card move that card; without one they answer privately. */
export type CardPlace = { cardId?: string | undefined; now: Date; reinviteWindowMs: number };

const SETTLED = sql`(${reportItems.decision} in ('rejected', 'resolved') or ${reportItems.outcome} in ('removed', 'already_gone'))`;

/** One page of a report: items that still need someone first, then the settled ones, each by name. */
export async function loadReportView(db: Database, reportId: string, page: number, perPage: number): Promise<ReportView | undefined> {
  const report = await getReport(db, reportId);
  const hub = report && (await getHub(db, report.hubId));
  if (!report || !hub) return undefined;
  const [t, [seq], owners] = await Promise.all([
    reportTally(db, reportId),
    db.select({ n: max(reportItems.seq) }).from(reportItems).where(eq(reportItems.reportId, reportId)),
    hubOwnerIds(db, hub.id),
  ]);
  const pages = Math.max(1, Math.ceil(t.total / perPage));
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const items = await db
    .select()
    .from(reportItems)
    .where(eq(reportItems.reportId, reportId))
    .orderBy(asc(SETTLED), asc(sql`lower(coalesce(${reportItems.name}, ${reportItems.email}, ''))`), asc(reportItems.id))
    .limit(perPage)
    .offset(current * perPage);
  const guard = safeguard({ removals: removalsAsked(t), members: report.baselineMembers, thresholdPct: hub.safeguardThresholdPct, confirmedCount: report.confirmedCount });
  return { report, hub, tally: t, safeguard: guard, items, page: current, pages, maxSeq: Number(seq?.n ?? 0), owners: owners.sort() };
}

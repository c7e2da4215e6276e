import type { Transaction } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { removalsAsked, safeguard, type Safeguard } from '../../domain/deprovision.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { getHub, type Hub } from '../hub-setup/hubs.js';
import { getItem, type ReportItem } from './items.js';
import { getReport, reportTally, type Report } from './reports.js';

/** What a report decision came to; only `done` (and `closed_itself`) changed anything. */
export type ReportResult =
  /** `waiting`: the removals are stored, but the job queue was unreachable; the sweep queues them when it is back. */
  | { status: 'done'; reportId: string; approved: number; waiting?: boolean }
  | { status: 'refused'; reason: string; hub: Hub }
  | { status: 'not_found' }
  /** Someone decided first (or the item settled meanwhile): nothing changed. */
  | { status: 'conflict'; item: ReportItem }
  /** The item closed by itself at the moment of the click (e.g. the person was reactivated). */
  | { status: 'closed_itself'; item: ReportItem }
  | { status: 'held'; reportId: string; safeguard: Safeguard }
  /** A confirmation named a count the report no longer has. */
  | { status: 'changed'; reportId: string; removals: number }
  | { status: 'report_closed'; report: Report };

export async function safeguardOf(tx: Transaction, report: Report, hub: Pick<Hub, 'safeguardThresholdPct'>): Promise<Safeguard> {
  const t = await reportTally(tx, report.id);
  return safeguard({ removals: removalsAsked(t), members: report.baselineMembers, thresholdPct: hub.safeguardThresholdPct, confirmedCount: report.confirmedCount });
}

/** Loads the hub and checks that the actor owns it, before any transaction. */
export async function owned(deps: Pick<AppContext, 'db'>, actor: Actor, hubId: string): Promise<{ hub: Hub } | ReportResult> {
  const hub = await getHub(deps.db, hubId);
  if (!hub) return { status: 'not_found' };
  const decision = authorize(actor, 'report.decide', hub);
  return decision.allowed ? { hub } : { status: 'refused', reason: decision.reason, hub };
}


/** The hub of a report item, if the item exists and the actor owns its hub. */
export async function ownedItemHub(deps: Pick<AppContext, 'db'>, actor: Actor, itemId: string): Promise<{ hub: Hub } | ReportResult> {
  const found = await getItem(deps.db, itemId);
  return found ? owned(deps, actor, found.hubId) : { status: 'not_found' };
}

/** The hub of a report, if the report exists and the actor owns its hub. */
export async function ownedReportHub(deps: Pick<AppContext, 'db'>, actor: Actor, reportId: string): Promise<{ hub: Hub } | ReportResult> {
  const found = await getReport(deps.db, reportId);
  return found ? owned(deps, actor, found.hubId) : { status: 'not_found' };
}

// Who to remind of report items left waiting, and which reports to escalate. Pure: the reminder job loads
// the rows, claims each reminder (compare-and-set, so two workers send it once) and sends it.
import { plural } from './wording.js';

export type WaitingReport = {
  reportId: string;
  hubId: string;
  hubLabel: string;
  channelId: string;
  pending: number;
  /** When the oldest item still waiting for a decision was added. */
  oldestPendingAt: Date;
  ownerIds: readonly string[];
  lastEscalatedAt: Date | null;
  /** The hub's own timing (`/hub settings`), when it has one; else the defaults apply. */
  remindAfterMs?: number | undefined;
  escalateAfterMs?: number | undefined;
  /** The oldest items still waiting (at most a few), for an escalation that names them. */
  waitingItems?: ReadonlyArray<{ name: string | null; email: string | null; addedAt: Date }>;
  /** The hub lets admins decide report items (`/hub settings`): an escalation then offers them to decide. */
  adminsMayDecide?: boolean;
};

export type ReminderSettings = {
  /** An item waiting this long gets its owners reminded (default 24 h). */
  remindAfterMs: number;
  /** An item waiting this long is escalated to the admins or the team-wide channel (default 72 h). */
  escalateAfterMs: number;
  /** At most one reminder per owner, and one escalation per report, in this period (a day). */
  everyMs: number;
};

export type ReminderPlan = {
  /** One reminder per owner, covering every report of theirs that waits. */
  remind: Array<{ ownerId: string; reports: WaitingReport[] }>;
  escalate: WaitingReport[];
};

const due = (last: Date | null, now: Date, everyMs: number) => last === null || now.getTime() - last.getTime() >= everyMs;

/** Plans the reminders and escalations due at `now` (by the injected clock). */
export function planReminders(
  now: Date,
  reports: readonly WaitingReport[],
  lastReminded: ReadonlyMap<string, Date | null>,
  settings: ReminderSettings,
): ReminderPlan {
  const waited = (report: WaitingReport) => now.getTime() - report.oldestPendingAt.getTime();
  const remindAfter = (report: WaitingReport) => report.remindAfterMs ?? settings.remindAfterMs;
  const escalateAfter = (report: WaitingReport) => report.escalateAfterMs ?? settings.escalateAfterMs;
  const overdue = reports.filter((report) => report.pending > 0 && waited(report) >= remindAfter(report));
  const byOwner = new Map<string, WaitingReport[]>();
  for (const report of overdue) {
    for (const ownerId of report.ownerIds) {
      if (!due(lastReminded.get(ownerId) ?? null, now, settings.everyMs)) continue;
      byOwner.set(ownerId, [...(byOwner.get(ownerId) ?? []), report]);
    }
  }
  return {
    remind: [...byOwner].map(([ownerId, list]) => ({ ownerId, reports: list })),
    escalate: overdue.filter((report) => waited(report) >= escalateAfter(report) && due(report.lastEscalatedAt, now, settings.everyMs)),
  };
}

/** "2 days", "5 hours", "40 minutes", "less than a minute": how long something has waited. */
export function waitedWords(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 48) return plural(Math.floor(hours / 24), 'day');
  if (hours >= 1) return plural(hours, 'hour');
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  return plural(minutes, 'minute');
}

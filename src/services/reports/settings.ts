import type { Settings } from '../../config.js';

/** How deprovision reports behave; from the environment, with test and benchmark knobs on top. */
export type ReportSettings = {
  /** An item waiting this long gets its owners reminded (REPORT_REMIND_AFTER_HOURS, default 24 h). */
  remindAfterMs: number;
  /** An item waiting this long is escalated to the admins or the team-wide channel (default 72 h). */
  escalateAfterMs: number;
  /** At most one reminder per owner, and one escalation per report, in this period. */
  remindEveryMs: number;
  /** How often the reminder job looks for waiting items. */
  reminderCheckMs: number;
  /** Items per page of a report card: two blocks each, so a card stays far under Block Kit's 50. */
  itemsPerPage: number;
  /** How long a removed member's item offers Re-invite. */
  reinviteWindowMs: number;
  /** Meta writes (removals, invitations) per business: sent at most this fast, a little under the limit. */
  metaWrites: { calls: number; windowMs: number };
};

const HOUR = 3_600_000;

export function reportSettings(config: Settings, overrides: Partial<ReportSettings> = {}): ReportSettings {
  return {
    remindAfterMs: config.REPORT_REMIND_AFTER_HOURS * HOUR,
    escalateAfterMs: config.REPORT_ESCALATE_AFTER_HOURS * HOUR,
    remindEveryMs: 24 * HOUR,
    reminderCheckMs: 5 * 60_000,
    itemsPerPage: 10,
    reinviteWindowMs: 7 * 24 * HOUR,
    metaWrites: config.META_WRITE_LIMIT,
    ...overrides,
  };
}

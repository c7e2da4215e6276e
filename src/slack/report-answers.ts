import type { AppContext } from '../context.js';
import { plural } from '../domain/wording.js';
import type { ReportResult } from '../services/reports/decisions.js';
import { WAITS_FOR_QUEUE } from '../services/tasks/dispatch.js';
import { loadReportView } from '../services/reports/view.js';
import { reportCard } from './blocks/report-card.js';
import { itemConflictText, itemStatus } from './blocks/report-text.js';
import { escapeMrkdwn } from './blocks/text.js';
import { explainRefusal } from './hub-access.js';
import type { Reply } from './reply.js';

/** One page of a report as a private answer (`/hub report`, "Review report"); its paging answers privately too. */
export async function reportReply(ctx: AppContext, reportId: string, page: number): Promise<Reply | undefined> {
  const view = await loadReportView(ctx.db, reportId, page, ctx.reports.itemsPerPage);
  return view && reportCard(view, { now: ctx.clock(), reinviteWindowMs: ctx.reports.reinviteWindowMs });
}

/** Words for the person who clicked, when a report decision did not simply go through. */
export async function reportResultText(ctx: AppContext, result: ReportResult, userId: string): Promise<string | undefined> {
  switch (result.status) {
    case 'done':
      return result.waiting ? `Approved: ${plural(result.approved, 'removal')} recorded. ${WAITS_FOR_QUEUE} The card shows the outcome.` : undefined;
    case 'refused':
      return explainRefusal(ctx, result.reason, result.hub);
    case 'not_found':
      return 'That report item no longer exists.';
    case 'conflict':
      return itemConflictText(result.item, userId);
    case 'closed_itself':
      return `Nothing was removed. ${itemStatus(result.item, userId).replace(/^:[a-z_]+: /, '')}`;
    case 'held': {
      const g = result.safeguard;
      return `Nothing was approved: the removal safeguard holds this report. It would remove ${plural(g.removals, 'member')} of ${g.members.toLocaleString('en-US')} (${g.percent} %), more than the ${g.thresholdPct} % allowed at once. An owner must first confirm the whole report with *Review and confirm* on the card.`;
    }
    case 'changed':
      return `Nothing changed: the report changed since you opened the form. It now asks for ${plural(result.removals, 'removal')}; open it again to confirm that number.`;
    case 'report_closed':
      return 'Nothing changed: this report was already closed.';
  }
}

/** The name of an item's member, escaped, for short confirmations. */
export const itemName = (item: { name: string | null; email: string | null }) => `*${escapeMrkdwn(item.name ?? item.email ?? 'the member')}*`;

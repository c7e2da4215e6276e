import type { AppContext } from '../../../context.js';
import { approveItem, retryItem } from '../../../services/reports/decisions.js';
import { requestReinvite } from '../../../services/reports/reinvite.js';
import { itemConflictText } from '../../blocks/report-text.js';
import { slackDate } from '../../blocks/text.js';
import { explainRefusal } from '../../hub-access.js';
import { itemName } from '../../report-answers.js';
import { onReportClick, outcomeOf, type ClickOutcome } from './report-click.js';

/** "Approve" on one item: compare-and-set, then only the winner's removal is queued. */
export const reportApproveButton = (ctx: AppContext) =>
  onReportClick(ctx, async (click) =>
    outcomeOf(ctx, await approveItem(ctx, click.actor, click.value, ctx.clock()), click.userId, 'Approved. Hubkeeper is removing them from Meta now; the card shows the outcome.'));

/** "Retry" on an item whose removal failed. */
export const reportRetryButton = (ctx: AppContext) =>
  onReportClick(ctx, async (click) =>
    outcomeOf(ctx, await retryItem(ctx, click.actor, click.value, ctx.clock()), click.userId, 'Trying the removal again; the card shows the outcome.'));

/** "Re-invite" on an item this report removed, within the re-invite window. */
export const reportReinviteButton = (ctx: AppContext) =>
  onReportClick(ctx, async (click): Promise<ClickOutcome> => {
    const result = await requestReinvite(ctx, click.actor, click.value, ctx.clock());
    switch (result.status) {
      case 'queued':
        return {
          reportId: result.item.reportId,
          changed: true,
          text: `Re-inviting ${itemName(result.item)} with the same email and role; the card shows when Meta has sent the invitation.${
            result.stillInactive ? ' They are still deactivated in the directory, so the next check will put the invitation on a report again unless the IdP reactivates them.' : ''}`,
        };
      case 'conflict': {
        const again = result.item.reinviteStatus === 'invited' || result.item.reinviteStatus === 'queued';
        const by = result.item.reinvitedBy === click.userId ? 'you' : `<@${result.item.reinvitedBy}>`;
        return { reportId: result.item.reportId, changed: false, text: again ? `Nothing changed: ${itemName(result.item)} was already re-invited by ${by}.` : itemConflictText(result.item, click.userId) };
      }
      case 'limited':
        return { changed: false, text: `Nothing was sent: Meta's daily invitation limit for this business is reached. It lifts ${slackDate(result.until)}; try Re-invite again then.` };
      case 'not_offered':
        return { changed: false, text: `Nothing was sent. ${result.why}` };
      case 'refused':
        return { changed: false, text: await explainRefusal(ctx, result.reason, result.hub) };
      case 'not_found':
        return { changed: false, text: 'That report item no longer exists.' };
    }
  });

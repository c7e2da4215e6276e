import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { turnCardPage } from '../../../services/reports/cards.js';
import { getReport } from '../../../services/reports/reports.js';
import { requirePermission } from '../../hub-access.js';
import { reportReply, reportResultText } from '../../report-answers.js';
import { replyPrivately } from '../../reply.js';
import { isUuid } from '../../../lib/text.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * Previous / Next on a report: a card (in the channel or a DM) turns to that page for everyone who sees it
 * and is redrawn in its turn; a private copy is answered in place. Either way only someone who may see the
 * hub's reports gets the page; anyone else is told privately, and the card stays as it is.
 */
export function reportPageButton(ctx: AppContext) {
  return async ({ ack, action, body, respond }: Args) => {
    await ack();
    const [reportId = '', page = '', cardId = ''] = (action.value ?? '').split('|');
    if (!isUuid(reportId) || !/^\d{1,6}$/.test(page)) return;
    if (isUuid(cardId)) {
      return replyPrivately(ctx, respond, async () => {
        const result = await turnCardPage(ctx, await resolveActor(ctx, body.user.id), reportId, cardId, Number(page));
        const text = await reportResultText(ctx, result, body.user.id);
        return text ? { text } : undefined;
      });
    }
    await replyPrivately(ctx, respond, async () => {
      const report = await getReport(ctx.db, reportId);
      const hub = report && (await getHub(ctx.db, report.hubId));
      if (!hub) throw new UserFacingError('That report no longer exists.');
      await requirePermission(ctx, body.user.id, 'hub.view', hub);
      return reportReply(ctx, reportId, Number(page));
    }, { replaceOriginal: true });
  };
}

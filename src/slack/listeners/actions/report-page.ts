import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { turnCardPage } from '../../../services/reports/cards.js';
import { reportReply } from '../../report-answers.js';
import { replyPrivately } from '../../reply.js';
import { isUuid } from '../../../lib/text.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * Previous / Next on a report: a card (in the channel or a DM) turns to that page for everyone who sees it
 * and is redrawn in its turn; a private copy is answered in place.
 */
export function reportPageButton(ctx: AppContext) {
  return async ({ ack, action, respond }: Args) => {
    await ack();
    const [reportId = '', page = '', cardId = ''] = (action.value ?? '').split('|');
    if (!isUuid(reportId) || !/^\d{1,6}$/.test(page)) return;
    if (isUuid(cardId)) {
      return turnCardPage(ctx, reportId, cardId, Number(page));
    }
    await replyPrivately(ctx, respond, () => reportReply(ctx, reportId, Number(page)), { replaceOriginal: true });
  };
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { and, eq } from 'drizzle-orm';
import { reportCards } from '../../../../db/schema.js';
import type { AppContext } from '../../../context.js';
import { queueCardRender } from '../../../jobs/report-cards.js';
import { UserFacingError } from '../../../services/errors.js';
import { getHub } from '../../../services/hubs.js';
import { latestReportOf } from '../../../services/reports.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { requirePermission } from '../../hub-access.js';
import { reportReply } from '../../report-answers.js';
import { replyPrivately } from '../../reply.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * Previous / Next on a report: a card (in the channel or a DM) turns to that page for everyone who sees it
 * and is redrawn in its turn; a private copy is answered in place.
 */
export function reportPageButton(ctx: AppContext) {
  return async ({ ack, action, respond }: Args) => {
    await ack();
    const [reportId = '', page = '', cardId = ''] = (action.value ?? '').split('|');
    if (!UUID.test(reportId) || !/^\d{1,6}$/.test(page)) return;
    if (UUID.test(cardId)) {
      await ctx.db.update(reportCards).set({ page: Number(page) }).where(and(eq(reportCards.id, cardId), eq(reportCards.reportId, reportId)));
      await queueCardRender(ctx, cardId);
      return;
    }
    await replyPrivately(ctx, respond, () => reportReply(ctx, reportId, Number(page)), { replaceOriginal: true });
  };
}

/** "Review report" on a check's result: the hub's report, privately, for whoever clicked. */
export function reportReviewButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const hub = UUID.test(action.value ?? '') ? await getHub(ctx.db, action.value!) : undefined;
      if (!hub) throw new UserFacingError('This hub is no longer connected.');
      await requirePermission(ctx, body.user.id, 'hub.view', hub);
      const report = await latestReportOf(ctx.db, hub.id);
      if (!report) return { text: `${escapeMrkdwn(hub.label)} has no deprovision report.` };
      return reportReply(ctx, report.id, 0);
    });
  };
}

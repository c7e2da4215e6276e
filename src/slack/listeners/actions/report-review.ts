import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { latestReportOf } from '../../../services/reports/reports.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { requirePermission } from '../../hub-access.js';
import { reportReply } from '../../report-answers.js';
import { replyPrivately } from '../../reply.js';
import { isUuid } from '../../../lib/text.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * "Review report" on a check's result or an escalation: the hub's report, privately, for whoever may see it;
 * "Decide" on an escalation asks that the clicker may decide its items (owners, and admins where the hub allows).
 */
export function reportReviewButton(ctx: AppContext, permission: 'hub.view' | 'report.decide' = 'hub.view') {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const hub = isUuid(action.value ?? '') ? await getHub(ctx.db, action.value!) : undefined;
      if (!hub) throw new UserFacingError(HUB_GONE);
      await requirePermission(ctx, body.user.id, permission, hub);
      const report = await latestReportOf(ctx.db, hub.id);
      if (!report) return { text: `${escapeMrkdwn(hub.label)} has no deprovision report.` };
      return reportReply(ctx, report.id, 0);
    });
  };
}

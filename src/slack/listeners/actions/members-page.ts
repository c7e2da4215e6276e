import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { decodePosition } from '../../../domain/member-list.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { requirePermission } from '../../hub-access.js';
import { memberListReply } from '../../../services/members/list-redraw.js';
import { replyPrivately } from '../../reply.js';
import { HUB_GONE } from '../../../domain/wording.js';

/** Previous / Next / Refresh under the member list: redraws the list in place at that page. */
export function membersPageButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const position = decodePosition(action.value);
      const hub = position && (await getHub(ctx.db, position.hubId));
      if (!position || !hub) throw new UserFacingError('This list is out of date. Run `/hub members` again.');
      await requirePermission(ctx, body.user.id, 'member.view', hub);
      return memberListReply(ctx, hub, position, body.user.id);
    }, { replaceOriginal: true });
  };
}

/** "Review 7 unmatched" on a sync result: the unmatched list, privately, for whoever clicked. */
export function membersReviewButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const hub = decodePosition(`${action.value}|unmatched|0`) && (await getHub(ctx.db, action.value!));
      if (!hub) throw new UserFacingError(HUB_GONE);
      await requirePermission(ctx, body.user.id, 'member.view', hub);
      return memberListReply(ctx, hub, { hubId: hub.id, filter: 'unmatched', page: 0 }, body.user.id);
    });
  };
}

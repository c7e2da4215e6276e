import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { MemberFilter } from '../../../domain/member-list.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { requirePermission } from '../../hub-access.js';
import { memberListReply } from '../../../services/members/list-redraw.js';
import { replyByDm } from '../../reply-dm.js';
import { HUB_GONE } from '../../../domain/wording.js';

/** "Review unmatched" and "Members" on the Home tab: the member list, in the person's DM with Hubkeeper. */
export function homeMembersButton(ctx: AppContext, filter: MemberFilter) {
  return async ({ ack, body, action }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyByDm(ctx, body.user.id, async () => {
      const hub = await getHub(ctx.db, action.value ?? '');
      if (!hub) throw new UserFacingError(HUB_GONE);
      await requirePermission(ctx, body.user.id, 'member.view', hub);
      return memberListReply(ctx, hub, { hubId: hub.id, filter, page: 0 }, body.user.id);
    });
  };
}

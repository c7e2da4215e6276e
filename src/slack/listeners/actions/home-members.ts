import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { MemberFilter } from '../../../domain/member-list.js';
import { UserFacingError } from '../../../services/errors.js';
import { getHub } from '../../../services/hubs.js';
import { requirePermission } from '../../hub-access.js';
import { memberListReply } from '../../members-view.js';
import { replyByDm } from '../../reply-dm.js';

/** "Review unmatched" and "Members" on the Home tab: the member list, in the person's DM with Hubkeeper. */
export function homeMembersButton(ctx: AppContext, filter: MemberFilter) {
  return async ({ ack, body, action }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyByDm(ctx, body.user.id, async () => {
      const hub = await getHub(ctx.db, action.value ?? '');
      if (!hub) throw new UserFacingError('This hub is no longer connected.');
      await requirePermission(ctx, body.user.id, 'member.view', hub);
      return memberListReply(ctx, hub, { hubId: hub.id, filter, page: 0 }, body.user.id);
    });
  };
}

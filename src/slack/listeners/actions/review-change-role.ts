import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { itemForRoleChange } from '../../../services/reviews/decisions.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { reviewRoleModal } from '../../blocks/review-modal.js';
import { openView } from '../../open-view.js';
import { replyPrivately } from '../../reply.js';
import { reviewResultText } from '../../review-answers.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** Change role… on a review card: opens the role picker, if the person may change roles and the item still waits. */
export function reviewChangeRoleButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const found = await itemForRoleChange(ctx, await resolveActor(ctx, body.user.id), action.value ?? '');
      if (found.status !== 'ready') throw new UserFacingError((await reviewResultText(ctx, found, body.user.id)) ?? 'Nothing changed.');
      return openView(ctx, body.trigger_id, reviewRoleModal(found.item, found.hub.label), 'click Change role');
    });
  };
}

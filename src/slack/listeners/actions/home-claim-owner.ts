import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { askOwnership } from '../../../services/hub-setup/claims.js';
import { isUuid } from '../../../lib/text.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { askAnswerText } from '../../blocks/owner-claim.js';
import { replyByDm } from '../../reply-dm.js';

/** "Ask to become an owner" on the Home tab; the request's own direct message is the answer. */
export function homeClaimOwnerButton(ctx: AppContext) {
  return async ({ ack, body, action }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyByDm(ctx, body.user.id, async () => {
      if (!isUuid(action.value ?? '')) return { text: HUB_GONE };
      const text = askAnswerText(await askOwnership(ctx, body.user.id, action.value!));
      return text ? { text } : undefined;
    });
  };
}

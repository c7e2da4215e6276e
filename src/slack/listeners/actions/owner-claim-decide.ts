import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { isUuid } from '../../../lib/text.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { decideClaim } from '../../../services/hub-setup/claims.js';
import { decideAnswerText } from '../../blocks/owner-claim.js';
import { explainRefusal } from '../../hub-access.js';
import { replyPrivately } from '../../reply.js';

/** Approve / Decline on a claim's message: one decision wins; the message is edited to show it, a late click is told who decided. */
export function ownerClaimDecideButton(ctx: AppContext, decision: 'approved' | 'declined') {
  return async ({ ack, body, action, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      if (!isUuid(action.value ?? '')) return { text: 'That request no longer exists.' };
      const result = await decideClaim(ctx, await resolveActor(ctx, body.user.id), action.value!, decision);
      const text = result.status === 'refused' ? await explainRefusal(ctx, result.reason, result.hub) : decideAnswerText(result, body.user.id);
      return text ? { text } : undefined;
    });
  };
}

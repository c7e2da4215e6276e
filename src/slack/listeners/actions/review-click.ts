import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { Actor } from '../../../domain/permissions.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import type { ReviewResult } from '../../../services/reviews/decisions.js';
import { reviewResultText } from '../../review-answers.js';
import { replyPrivately } from '../../reply.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export type ReviewClick = { actor: Actor; userId: string; value: string; triggerId: string };

/**
 * A click on a review card: acks at once; one service call decides (who may, compare-and-set) and the
 * person hears privately only when the redrawn card does not say it all.
 */
export function onReviewClick(ctx: AppContext, decide: (click: ReviewClick) => Promise<ReviewResult | undefined>) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const click = { actor: await resolveActor(ctx, body.user.id), userId: body.user.id, value: action.value ?? '', triggerId: body.trigger_id };
      const result = await decide(click);
      const text = result && (await reviewResultText(ctx, result, body.user.id));
      return text ? { text } : undefined;
    });
  };
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { syncSubcommand } from '../commands/hub/sync.js';
import { replyPrivately } from '../../reply.js';
import { HUB_GONE } from '../../../domain/wording.js';

/** "Check again" on a task message: the same as `/hub sync <hub>`. */
export function syncHubButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const hub = await getHub(ctx.db, action.value ?? '');
      if (!hub) throw new UserFacingError(HUB_GONE);
      return syncSubcommand({ ctx, userId: body.user.id, channelId: body.channel?.id ?? '', triggerId: body.trigger_id, args: [hub.label] });
    });
  };
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { replyByDm } from '../../reply-dm.js';
import { syncSubcommand } from '../commands/hub/sync.js';
import { HUB_GONE } from '../../../domain/wording.js';

/** "Check for updates" on the Home tab: the same as `/hub sync <hub>`; the answer comes by DM. */
export function homeSyncButton(ctx: AppContext) {
  return async ({ ack, body, action }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyByDm(ctx, body.user.id, async () => {
      const hub = await getHub(ctx.db, action.value ?? '');
      if (!hub) throw new UserFacingError(HUB_GONE);
      return syncSubcommand({ ctx, userId: body.user.id, channelId: '', triggerId: body.trigger_id, args: [hub.label] });
    });
  };
}

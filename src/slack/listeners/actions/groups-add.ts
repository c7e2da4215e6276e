import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { mapGroupModal } from '../../blocks/groups.js';
import { requirePermission } from '../../hub-access.js';
import { openView } from '../../open-view.js';
import { replyPrivately } from '../../reply.js';
import { isUuid } from '../../../lib/text.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** "Add a group" in `/hub groups`: admins get the Map a group modal; anyone else is told who can. */
export function groupsAddButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const hub = isUuid(action.value ?? '') ? await getHub(ctx.db, action.value!) : undefined;
      if (!hub) throw new UserFacingError(HUB_GONE);
      await requirePermission(ctx, body.user.id, 'hub.map_groups', hub);
      return openView(ctx, body.trigger_id, mapGroupModal(hub, (body as { response_url?: string }).response_url), 'click Add a group');
    });
  };
}

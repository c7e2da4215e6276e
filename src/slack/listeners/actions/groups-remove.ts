import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { UserFacingError } from '../../../lib/errors.js';
import { listMappings, unmapGroup } from '../../../services/access/group-mappings.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { groupsListMessage } from '../../blocks/groups.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { explainRefusal } from '../../hub-access.js';
import { replyPrivately } from '../../reply.js';
import { isUuid } from '../../../lib/text.js';
import { HUB_GONE, plural } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * "Remove" on a mapping (after Slack's confirmation): compare-and-set, so of two clicks one removes it and the
 * other is told; the list is redrawn as it is now.
 */
export function groupsRemoveButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const [mappingId = '', hubId = ''] = (action.value ?? '').split('|');
      const hub = isUuid(hubId) ? await getHub(ctx.db, hubId) : undefined;
      if (!hub) throw new UserFacingError(HUB_GONE);
      const result = await unmapGroup(ctx, hub, await resolveActor(ctx, body.user.id), mappingId, ctx.clock());
      if (result.status === 'refused') return { text: await explainRefusal(ctx, result.reason, hub) };
      await respond({ response_type: 'ephemeral', replace_original: true, ...groupsListMessage(hub, await listMappings(ctx.db, hub.id)) });
      if (result.status === 'gone') return { text: 'Nothing changed: someone already removed that mapping. The list shows the mappings as they are now.' };
      const cancelled = result.cancelled ? ` ${plural(result.cancelled, 'invitation from it that was not sent yet is', 'invitations from it that were not sent yet are')} cancelled.` : '';
      return { text: `Removed the mapping of *${escapeMrkdwn(result.groupName)}* from *${escapeMrkdwn(hub.label)}*. Nobody lost access.${cancelled}` };
    });
  };
}

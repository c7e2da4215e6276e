import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { authorize } from '../../../domain/permissions.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { searchGroups } from '../../../services/access/group-mappings.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { plain } from '../../blocks/text.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';

/** The group picker of the Map a group modal: IdP groups whose name contains what was typed, admins only. */
export function groupSearchOptions(ctx: AppContext) {
  return async ({ ack, body, payload }: AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>) => {
    try {
      const context = decodeHubContext((body as { view?: { private_metadata?: string } }).view?.private_metadata);
      const hub = context && (await getHub(ctx.db, context.hubId));
      if (!hub || !authorize(await resolveActor(ctx, body.user.id), 'hub.map_groups', hub).allowed) return void (await ack({ options: [] }));
      const groups = await searchGroups(ctx.db, payload.value ?? '');
      await ack({ options: groups.map((group) => ({ text: plain(group.name, 75), value: group.id })) });
    } catch (error) {
      ctx.logger.error('group search failed', { error });
      await ack({ options: [] });
    }
  };
}

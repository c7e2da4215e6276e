import { listMappings } from '../../../../services/access/group-mappings.js';
import { groupsListMessage } from '../../../blocks/groups.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub groups [hub]`: the IdP groups mapped to the hub, with Add and Remove (admins make the changes). */
export const groupsSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub groups');
  await requirePermission(ctx, userId, 'hub.view', hub);
  return groupsListMessage(hub, await listMappings(ctx.db, hub.id));
};

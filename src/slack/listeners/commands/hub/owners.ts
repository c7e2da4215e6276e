import { listOwners } from '../../../../services/hub-setup/owners.js';
import { ownersModal } from '../../../blocks/owners-modal.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { openView } from '../../../open-view.js';
import type { Subcommand } from './types.js';

/** `/hub owners [hub]`: owners and admins see who owns the hub and why, and change it. */
export const ownersSubcommand: Subcommand = async ({ ctx, userId, triggerId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub owners');
  await requirePermission(ctx, userId, 'hub.owners', hub);
  return openView(ctx, triggerId, ownersModal(hub, await listOwners(ctx.db, hub.id)), 'run `/hub owners`');
};

import { invitesPausedUntil } from '../../../../services/access/invite-sending.js';
import { inviteModal } from '../../../blocks/invite-modal.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { openView } from '../../../open-view.js';
import type { Subcommand } from './types.js';

/** `/hub invite [hub]`: owners and admins get the invite modal (it says so when Meta's daily cap holds). */
export const inviteSubcommand: Subcommand = async ({ ctx, userId, triggerId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub invite');
  await requirePermission(ctx, userId, 'member.invite', hub);
  return openView(ctx, triggerId, inviteModal(hub, (await invitesPausedUntil(ctx.db, hub.id, ctx.clock())) ?? null), 'run `/hub invite`');
};

import { loginModal } from '../../../blocks/login-modal.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { openView } from '../../../open-view.js';
import type { Subcommand } from './types.js';

/** `/hub login [hub]`: owners and admins get the login method modal. */
export const loginSubcommand: Subcommand = async ({ ctx, userId, triggerId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub login');
  await requirePermission(ctx, userId, 'hub.change_login', hub);
  return openView(ctx, triggerId, loginModal(hub), 'run `/hub login`');
};

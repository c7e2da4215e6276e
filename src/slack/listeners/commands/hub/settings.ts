import { hubSettings } from '../../../../services/hub-setup/settings.js';
import { settingsModal } from '../../../blocks/settings-modal.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { openView } from '../../../open-view.js';
import type { Subcommand } from './types.js';

/** `/hub settings [hub]`: owners and admins get the hub's settings modal. */
export const settingsSubcommand: Subcommand = async ({ ctx, userId, triggerId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub settings');
  await requirePermission(ctx, userId, 'hub.settings', hub);
  return openView(ctx, triggerId, settingsModal(hub, hubSettings(hub, ctx.reports)), 'run `/hub settings`');
};

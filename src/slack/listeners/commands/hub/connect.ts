import { UserFacingError } from '../../../../lib/errors.js';
import { connectHubModal } from '../../../blocks/connect-modal.js';
import { requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub connect`: admins get the connect modal. */
export const connectSubcommand: Subcommand = async ({ ctx, userId, channelId, triggerId }) => {
  await requirePermission(ctx, userId, 'hub.connect');
  try {
    await ctx.slackInteractive.views.open({ trigger_id: triggerId, view: connectHubModal({ channelId }) });
  } catch (error) {
    ctx.logger.warn('views.open failed for connect modal', { error });
    throw new UserFacingError('Slack did not let us open the form in time. Please run `/hub connect` again.');
  }
  return undefined;
};

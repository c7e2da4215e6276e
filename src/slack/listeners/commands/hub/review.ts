import { dateIn } from '../../../../domain/access-review.js';
import { scopeAssets } from '../../../../services/reviews/campaigns.js';
import { reviewModal } from '../../../blocks/review-modal.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { openView } from '../../../open-view.js';
import type { Subcommand } from './types.js';

const TWO_WEEKS = 14 * 86_400_000;

/** `/hub review [hub]`: owners and admins get the access review form (anyone else is told who can). */
export const reviewSubcommand: Subcommand = async ({ ctx, userId, triggerId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub review');
  await requirePermission(ctx, userId, 'hub.review', hub);
  const deadline = dateIn(new Date(ctx.clock().getTime() + TWO_WEEKS), hub.dailySyncTz);
  return openView(ctx, triggerId, reviewModal(hub, await scopeAssets(ctx.slackDb, hub.id), deadline), 'run `/hub review`');
};

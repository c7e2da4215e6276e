import { UserFacingError } from '../../../../lib/errors.js';
import { resolveActor } from '../../../../services/hub-setup/actors.js';
import { ownersFormFor } from '../../../../services/hub-setup/claims.js';
import { askAnswerText, ownerClaimModal } from '../../../blocks/owner-claim.js';
import { ownersModal } from '../../../blocks/owners-modal.js';
import { explainRefusal, pickHub } from '../../../hub-access.js';
import { openView } from '../../../open-view.js';
import type { Subcommand } from './types.js';

/**
 * `/hub owners [hub]`: owners and admins see who owns the hub and why, and change it; someone matched to one of
 * the hub's Meta admins may ask to become an owner.
 */
export const ownersSubcommand: Subcommand = async ({ ctx, userId, triggerId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub owners');
  const form = await ownersFormFor(ctx, await resolveActor(ctx, userId), hub);
  switch (form.kind) {
    case 'manage':
      return openView(ctx, triggerId, ownersModal(hub, form.owners), 'run `/hub owners`');
    case 'claim': {
      const { pending, wait } = form.offer;
      if (pending) return { text: askAnswerText({ status: 'already_asked', claim: pending, hub })! };
      if (wait) return { text: askAnswerText({ status: 'too_soon', wait, hub })! };
      return openView(ctx, triggerId, ownerClaimModal(form.offer), 'run `/hub owners`');
    }
    case 'refused':
      throw new UserFacingError(await explainRefusal(ctx, form.reason, hub));
  }
};

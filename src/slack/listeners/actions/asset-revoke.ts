import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { revokeModal } from '../../blocks/access-modal.js';
import { onAccessClick } from './access-click.js';

/** "Revoke" (a person's) or "Remove" (a partner's) on one asset: a confirmation that says what goes. */
export const assetRevokeButton = (ctx: AppContext) =>
  onAccessClick(ctx, ({ hub, view, context, value }) => {
    const holding = view.holdings.find((h) => h.assetId === value);
    if (!holding) throw new UserFacingError('They no longer have access to that asset: nothing to take away.');
    if (holding.keep) throw new UserFacingError(holding.keep);
    return revokeModal(hub, view.member, holding, { ...context, assetId: holding.assetId });
  });

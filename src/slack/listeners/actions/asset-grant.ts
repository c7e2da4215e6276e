import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { grantModal } from '../../blocks/access-modal.js';
import { onAccessClick } from './access-click.js';

/** "Grant access…": an asset of the hub and the tasks on it. */
export const assetGrantButton = (ctx: AppContext) =>
  onAccessClick(ctx, ({ hub, view, context }) => {
    if (view.assets.length === 0) throw new UserFacingError(`Meta's last check found no assets in ${hub.label} to give.`);
    return grantModal(hub, view, context);
  });

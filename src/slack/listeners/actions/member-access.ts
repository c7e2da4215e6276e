import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { accessView } from '../../../services/access/asset-access.js';
import { accessModal } from '../../blocks/access-modal.js';
import { onMemberClick, openModal } from './member-click.js';

/** "Access" on a member: what they hold, asset by asset, with the tasks on each. */
export const memberAccessButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'access', async (click) => {
    const view = await accessView(ctx.db, click.hub.id, click.member.id);
    if (!view) throw new UserFacingError('That member is no longer in this hub.');
    const context = { memberId: click.member.id, hubId: click.hub.id, listUrl: click.responseUrl, position: click.row.position };
    return openModal(click, accessModal(click.hub, view, context, click.userId));
  });

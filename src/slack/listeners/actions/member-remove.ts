import type { AppContext } from '../../../context.js';
import { heldAssets } from '../../../services/members/members.js';
import { removeModal } from '../../blocks/member-modals.js';
import { onMemberClick, openModal } from './member-click.js';

/** "Remove" / "Cancel invitation": opens a confirmation that lists the access that goes with it. */
export const memberRemoveButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'remove', async (click) =>
    openModal(click, removeModal(click.hub, click.member, await heldAssets(ctx.db, click.member.id), {
      memberId: click.member.id, revision: click.member.revision, hubId: click.hub.id, listUrl: click.responseUrl, position: click.row.position,
    }, click.userId)),
  );

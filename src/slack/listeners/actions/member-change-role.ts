import type { AppContext } from '../../../context.js';
import { changeRoleModal } from '../../blocks/role-change.js';
import { onMemberClick, openModal } from './member-click.js';

/** "Change role" on a person or a pending invitation: opens the modal with Meta's roles. */
export const memberChangeRoleButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'change_role', (click) =>
    openModal(click, changeRoleModal(click.hub, click.member, {
      memberId: click.member.id, revision: click.member.revision, hubId: click.hub.id, listUrl: click.responseUrl, position: click.row.position,
    }, click.userId)),
  );

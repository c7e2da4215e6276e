import type { AppContext } from '../../../context.js';
import { exemptModal } from '../../blocks/member-modals.js';
import { onMemberClick, openModal } from './member-click.js';

/** "Exempt": opens the Exempt modal (reason and optional end date). */
export const memberExemptButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'exempt', (click) =>
    openModal(click, exemptModal(click.member, {
      memberId: click.member.id, revision: click.member.revision, hubId: click.hub.id, listUrl: click.responseUrl, position: click.row.position,
    }, click.userId)),
  );

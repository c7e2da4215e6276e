import type { AppContext } from '../../../context.js';
import { matchModal } from '../../blocks/member-modals.js';
import { onMemberClick, openModal } from './member-click.js';

/** "Match" / "Re-match": opens the Match modal with a directory search. */
export const memberMatchButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'match', (click) =>
    openModal(click, matchModal(click.hub, click.member, {
      memberId: click.member.id, revision: click.member.revision, hubId: click.hub.id, listUrl: click.responseUrl, position: click.row.position,
    }, click.userId)),
  );

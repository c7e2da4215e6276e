import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Actions } from '../../ids.js';
import { memberExemptButton } from './member-exempt.js';
import { memberMatchButton } from './member-match.js';
import { memberRemoveButton } from './member-remove.js';
import { memberEndExemptionButton, memberUnmatchButton } from './member-settle.js';
import { membersPageButton, membersReviewButton } from './members-page.js';
import { homeMembersButton } from './home-members.js';
import { homeSyncButton } from './home-sync.js';
import { syncHubButton } from './sync-hub.js';

export function register(app: App, ctx: AppContext): void {
  app.action(Actions.syncHub, syncHubButton(ctx));
  app.action(Actions.homeSync, homeSyncButton(ctx));
  app.action(Actions.homeReviewUnmatched, homeMembersButton(ctx, 'unmatched'));
  app.action(Actions.homeMembers, homeMembersButton(ctx, 'all'));
  app.action(Actions.membersReview, membersReviewButton(ctx));
  for (const id of [Actions.membersPrevious, Actions.membersNext, Actions.membersRefresh]) app.action(id, membersPageButton(ctx));
  app.action(Actions.memberMatch, memberMatchButton(ctx));
  app.action(Actions.memberExempt, memberExemptButton(ctx));
  app.action(Actions.memberRemove, memberRemoveButton(ctx));
  app.action(Actions.memberUnmatch, memberUnmatchButton(ctx));
  app.action(Actions.memberEndExemption, memberEndExemptionButton(ctx));
}

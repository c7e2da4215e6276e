import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Views } from '../../ids.js';
import { connectHubSubmission } from './connect-hub.js';
import { exemptMemberSubmission } from './exempt-member.js';
import { matchMemberSubmission } from './match-member.js';
import { removeMemberSubmission } from './remove-member.js';

export function register(app: App, ctx: AppContext): void {
  app.view(Views.connectHub, connectHubSubmission(ctx));
  app.view(Views.matchMember, matchMemberSubmission(ctx));
  app.view(Views.exemptMember, exemptMemberSubmission(ctx));
  app.view(Views.removeMember, removeMemberSubmission(ctx));
}

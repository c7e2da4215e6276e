import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Views } from '../../ids.js';
import { connectHubSubmission } from './connect-hub.js';
import { exemptMemberSubmission } from './exempt-member.js';
import { matchMemberSubmission } from './match-member.js';
import { removeMemberSubmission } from './remove-member.js';
import { reportConfirmSubmission, reportRejectSubmission } from './report-submission.js';
import { switchLoginSubmission } from './switch-login.js';
import { inviteMembersSubmission } from './invite-members.js';
import { changeRoleSubmission } from './change-role.js';
import { mapGroupSubmission } from './map-group.js';
import { hubSettingsSubmission } from './hub-settings.js';
import { hubOwnersSubmission } from './hub-owners.js';

export function register(app: App, ctx: AppContext): void {
  app.view(Views.connectHub, connectHubSubmission(ctx));
  app.view(Views.matchMember, matchMemberSubmission(ctx));
  app.view(Views.exemptMember, exemptMemberSubmission(ctx));
  app.view(Views.removeMember, removeMemberSubmission(ctx));
  app.view(Views.reportReject, reportRejectSubmission(ctx));
  app.view(Views.reportConfirm, reportConfirmSubmission(ctx));
  app.view(Views.switchLogin, switchLoginSubmission(ctx));
  app.view(Views.inviteMembers, inviteMembersSubmission(ctx));
  app.view(Views.changeRole, changeRoleSubmission(ctx));
  app.view(Views.mapGroup, mapGroupSubmission(ctx));
  app.view(Views.hubSettings, hubSettingsSubmission(ctx));
  app.view(Views.hubOwners, hubOwnersSubmission(ctx));
}

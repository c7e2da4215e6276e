import type { App } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { Views } from '../../ids.js';
import { submitInTime } from '../../in-time.js';
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

/** Every submission answers Slack within its 3 s, whatever the database is doing (see in-time.ts). */
export function register(app: App, ctx: AppContext): void {
  app.view(Views.connectHub, submitInTime(ctx, connectHubSubmission(ctx)));
  app.view(Views.matchMember, submitInTime(ctx, matchMemberSubmission(ctx)));
  app.view(Views.exemptMember, submitInTime(ctx, exemptMemberSubmission(ctx)));
  app.view(Views.removeMember, submitInTime(ctx, removeMemberSubmission(ctx)));
  app.view(Views.reportReject, submitInTime(ctx, reportRejectSubmission(ctx)));
  app.view(Views.reportConfirm, submitInTime(ctx, reportConfirmSubmission(ctx)));
  app.view(Views.switchLogin, submitInTime(ctx, switchLoginSubmission(ctx)));
  app.view(Views.inviteMembers, submitInTime(ctx, inviteMembersSubmission(ctx)));
  app.view(Views.changeRole, submitInTime(ctx, changeRoleSubmission(ctx)));
  app.view(Views.mapGroup, submitInTime(ctx, mapGroupSubmission(ctx)));
  app.view(Views.hubSettings, submitInTime(ctx, hubSettingsSubmission(ctx)));
  app.view(Views.hubOwners, submitInTime(ctx, hubOwnersSubmission(ctx)));
}

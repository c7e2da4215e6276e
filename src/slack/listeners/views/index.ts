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
import { reviewConfirmSubmission, reviewStartSubmission } from './review-start.js';
import { reviewRoleSubmission } from './review-role.js';
import { ownerClaimSubmission } from './owner-claim.js';
import { assetRevokeSubmission } from './asset-revoke.js';
import { assetGrantSubmission } from './asset-grant.js';
import { partnerRemoveSubmission } from './partner-remove.js';

/** Every modal's submission, by callback id. */
const submissions = {
  [Views.connectHub]: connectHubSubmission,
  [Views.matchMember]: matchMemberSubmission,
  [Views.exemptMember]: exemptMemberSubmission,
  [Views.removeMember]: removeMemberSubmission,
  [Views.reportReject]: reportRejectSubmission,
  [Views.reportConfirm]: reportConfirmSubmission,
  [Views.switchLogin]: switchLoginSubmission,
  [Views.inviteMembers]: inviteMembersSubmission,
  [Views.changeRole]: changeRoleSubmission,
  [Views.mapGroup]: mapGroupSubmission,
  [Views.hubSettings]: hubSettingsSubmission,
  [Views.hubOwners]: hubOwnersSubmission,
  [Views.reviewStart]: reviewStartSubmission,
  [Views.reviewConfirm]: reviewConfirmSubmission,
  [Views.reviewRole]: reviewRoleSubmission,
  [Views.ownerClaim]: ownerClaimSubmission,
  [Views.assetRevoke]: assetRevokeSubmission,
  [Views.assetGrant]: assetGrantSubmission,
  [Views.partnerRemove]: partnerRemoveSubmission,
};

/** Every submission answers Slack within its 3 s, whatever the database is doing (see in-time.ts). */
export function register(app: App, ctx: AppContext): void {
  for (const [callbackId, submission] of Object.entries(submissions)) app.view(callbackId, submitInTime(ctx, submission(ctx)));
}

import { changeRole } from '../../services/access/change-role.js';
import { changeAssetAccess } from '../../services/access/change-asset-access.js';
import { collectGroupInvitesJob } from '../../services/access/collect-group-invites.js';
import { inviteMembers } from '../../services/access/invite-members.js';
import { removeMember } from '../../services/members/remove-member.js';
import { startApprovedRemovals } from '../../services/reports/approve-waiting.js';
import { reinviteMember } from '../../services/reports/reinvite-member.js';
import type { QueueProcessors } from './types.js';

export const memberProcessors: QueueProcessors<'members'> = {
  removeMember: (ctx, payload, control) => removeMember(ctx, payload, control),
  startReportRemovals: (ctx, { reportId }) => startApprovedRemovals(ctx, reportId),
  reinviteMember: (ctx, payload, control) => reinviteMember(ctx, payload, control),
  inviteMembers: (ctx, payload, control) => inviteMembers(ctx, payload, control),
  changeRole: (ctx, payload, control) => changeRole(ctx, payload, control),
  changeAssetAccess: (ctx, payload, control) => changeAssetAccess(ctx, payload, control),
  collectGroupInvites: (ctx, payload) => collectGroupInvitesJob(ctx, payload),
};

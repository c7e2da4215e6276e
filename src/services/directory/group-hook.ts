import type { AppContext } from '../../context.js';
import type { MembershipDelta } from './index.js';
import { onGroupMembersChanged } from './group-triggers.js';
import { afterReportChange } from '../reports/after-change.js';

/**
 * What the SCIM server calls after a group's membership changed: joins on mapped groups become invitations,
 * leaves go on the deprovision report, whose cards are then redrawn.
 */
export function groupMembershipHook(ctx: AppContext) {
  return async (groupId: string, delta: MembershipDelta) => {
    const { reportIds } = await onGroupMembersChanged(ctx, groupId, delta);
    for (const reportId of reportIds) await afterReportChange(ctx, reportId);
  };
}

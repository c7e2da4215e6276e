import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { directoryGroupMembers, directoryUsers, groupMappings, hubs, invites, members } from '../../../db/schema.js';
import type { Database, Transaction } from '../../../db/client.js';
import type { Queues } from '../../queue/queues.js';
import { recordAudit } from '../audit/record.js';
import type { MembershipDelta } from './index.js';
import { queueGroupInvites, scheduleGroupInviteBatches } from '../access/group-invites.js';
import { addReportItems } from '../reports/reports.js';

type Deps = { db: Database; queues: Queues; clock: () => Date };
type Mapping = { hubId: string; groupId: string; metaRole: string; loginMethod: 'sso' | 'password' };

/**
 * The SCIM hook for group membership: people who joined a mapped group are queued for an invitation to each
 * hub it maps to (a debounced, batched collection turns them into tasks); people who left it are put on those
 * hubs' deprovision reports for the owners to decide — never removed here.
 */
export async function onGroupMembersChanged(deps: Deps, groupId: string, delta: MembershipDelta): Promise<{ invitingHubIds: string[]; reportIds: string[] }> {
  const mappings: Mapping[] = await deps.db
    .select({ hubId: groupMappings.hubId, groupId: groupMappings.groupId, metaRole: groupMappings.metaRole, loginMethod: hubs.loginMethod })
    .from(groupMappings)
    .innerJoin(hubs, eq(hubs.id, groupMappings.hubId))
    .where(eq(groupMappings.groupId, groupId));
  if (mappings.length === 0) return { invitingHubIds: [], reportIds: [] };
  const at = deps.clock();
  const invitedHubs: string[] = [];
  const reportIds: string[] = [];
  await deps.db.transaction(async (tx) => {
    for (const mapping of mappings) {
      if (delta.added.length && (await queueGroupInvites(tx, { id: mapping.hubId, loginMethod: mapping.loginMethod }, mapping, delta.added)) > 0) {
        invitedHubs.push(mapping.hubId);
      }
      const reportId = delta.removed.length ? await reportLeavers(tx, mapping, delta.removed, at) : null;
      if (reportId) reportIds.push(reportId);
    }
  });
  for (const hubId of new Set(invitedHubs)) await scheduleGroupInviteBatches(deps, hubId);
  return { invitingHubIds: [...new Set(invitedHubs)], reportIds: [...new Set(reportIds)] };
}

/**
 * People who left a mapped group: their invitations not yet sent are cancelled, and the members they are in
 * the hub go on its deprovision report — unless another group mapped to the same hub still includes them.
 */
async function reportLeavers(tx: Transaction, mapping: Mapping, userIds: readonly string[], at: Date): Promise<string | null> {
  const stillMapped = await tx
    .selectDistinct({ userId: directoryGroupMembers.userId })
    .from(directoryGroupMembers)
    .innerJoin(groupMappings, and(eq(groupMappings.groupId, directoryGroupMembers.groupId), eq(groupMappings.hubId, mapping.hubId)))
    .where(and(inArray(directoryGroupMembers.userId, [...userIds]), ne(directoryGroupMembers.groupId, mapping.groupId)));
  const kept = new Set(stillMapped.map((row) => row.userId));
  const leavers = userIds.filter((id) => !kept.has(id));
  if (leavers.length === 0) return null;
  const cancelled = await tx
    .update(invites)
    .set({ status: 'cancelled', note: 'left_group', updatedAt: at })
    .where(and(eq(invites.hubId, mapping.hubId), eq(invites.status, 'waiting'), inArray(invites.directoryUserId, leavers)))
    .returning({ email: invites.email });
  const people = await tx.select({ id: directoryUsers.id, userName: directoryUsers.userName, emailKeys: directoryUsers.emailKeys })
    .from(directoryUsers).where(inArray(directoryUsers.id, leavers));
  const emails = [...new Set(people.flatMap((person) => [person.userName.toLowerCase(), ...person.emailKeys]))];
  const byEmail = emails.length ? [inArray(sql`lower(${members.email})`, emails), inArray(sql`lower(${members.pendingEmail})`, emails)] : [];
  const affected = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.hubId, mapping.hubId), isNull(members.goneAt), or(inArray(members.directoryUserId, leavers), ...byEmail)));
  const { reportId, added } = await addReportItems(tx, mapping.hubId, affected.map((row) => row.id), 'group_removed', { at, actor: 'directory' });
  await recordAudit(tx, {
    actor: 'directory', action: 'hub.group_members_left', hubId: mapping.hubId, outcome: 'reported',
    detail: { groupId: mapping.groupId, userIds: leavers, reportItems: added, cancelledInvites: cancelled.map((row) => row.email) },
  });
  return added > 0 ? reportId : null;
}

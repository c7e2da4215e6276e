import { and, asc, count, eq, ilike, inArray, sql } from 'drizzle-orm';
import { directoryGroupMembers, directoryGroups, groupMappings, invites } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { roleLabel } from '../../domain/invitations.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { recordAudit } from '../audit/record.js';
import { queueGroupInvites, scheduleGroupInviteBatches } from './group-invites.js';
import type { Hub } from '../hub-setup/hubs.js';
import { isUuid } from '../../lib/text.js';

export type GroupMapping = {
  id: string;
  groupId: string;
  groupName: string;
  /** The IdP deleted the group: the mapping stays until someone removes it. */
  groupDeleted: boolean;
  metaRole: string;
  createdBy: string;
  createdAt: Date;
  people: number;
};

/** A hub's group mappings with each group's current name and size. */
export async function listMappings(db: DbOrTx, hubId: string): Promise<GroupMapping[]> {
  const rows = await db
    .select({
      id: groupMappings.id, groupId: groupMappings.groupId, storedName: groupMappings.groupName, currentName: directoryGroups.displayName,
      metaRole: groupMappings.metaRole, createdBy: groupMappings.createdBy, createdAt: groupMappings.createdAt,
    })
    .from(groupMappings)
    .leftJoin(directoryGroups, eq(directoryGroups.id, groupMappings.groupId))
    .where(eq(groupMappings.hubId, hubId))
    .orderBy(asc(sql`lower(${groupMappings.groupName})`), asc(groupMappings.id));
  const ids = rows.map((row) => row.groupId);
  const sizes = ids.length
    ? await db.select({ groupId: directoryGroupMembers.groupId, n: count() }).from(directoryGroupMembers)
        .where(inArray(directoryGroupMembers.groupId, ids)).groupBy(directoryGroupMembers.groupId)
    : [];
  return rows.map((row) => ({
    id: row.id, groupId: row.groupId, groupName: row.currentName ?? row.storedName, groupDeleted: row.currentName === null,
    metaRole: row.metaRole, createdBy: row.createdBy, createdAt: row.createdAt,
    people: sizes.find((size) => size.groupId === row.groupId)?.n ?? 0,
  }));
}

export type GroupOption = { id: string; name: string };

/** Groups whose name contains what was typed (groups are few: hundreds, not hundreds of thousands). */
export async function searchGroups(db: DbOrTx, query: string, limit = 20): Promise<GroupOption[]> {
  const words = query.trim().replace(/[\\%_]/g, '\\$&');
  return db
    .select({ id: directoryGroups.id, name: directoryGroups.displayName })
    .from(directoryGroups)
    .where(words ? ilike(directoryGroups.displayName, `%${words}%`) : undefined)
    .orderBy(asc(sql`lower(${directoryGroups.displayName})`))
    .limit(limit);
}

export type MapInput = { groupId: string; role: string; inviteCurrent: boolean };
export type MapResult =
  | { status: 'mapped'; mapping: { id: string; groupName: string; metaRole: string }; queued: number }
  | { status: 'invalid'; field: 'group' | 'role'; message: string }
  | { status: 'refused'; reason: string };

/**
 * Maps an IdP group to a hub with a Meta role. Mapping the same group twice (two admins at once) maps it once;
 * the second is told. With `inviteCurrent`, the group's present members are invited too, in paced batches.
 */
export async function mapGroup(deps: Pick<AppContext, 'db' | 'queues'>, hub: Hub, actor: Actor, input: MapInput): Promise<MapResult> {
  const allowed = authorize(actor, 'hub.map_groups', hub);
  if (!allowed.allowed) return { status: 'refused', reason: allowed.reason };
  if (!isUuid(input.groupId)) return { status: 'invalid', field: 'group', message: 'Pick a group from the list.' };
  const result = await deps.db.transaction(async (tx): Promise<MapResult> => {
    const [group] = await tx.select({ id: directoryGroups.id, name: directoryGroups.displayName }).from(directoryGroups).where(eq(directoryGroups.id, input.groupId));
    if (!group) return { status: 'invalid', field: 'group', message: 'That group is no longer in the directory. Search again.' };
    const [mapping] = await tx
      .insert(groupMappings)
      .values({ hubId: hub.id, groupId: group.id, groupName: group.name, metaRole: input.role, createdBy: actor.slackUserId })
      .onConflictDoNothing()
      .returning({ id: groupMappings.id, groupName: groupMappings.groupName, metaRole: groupMappings.metaRole });
    if (!mapping) {
      const [existing] = await tx.select({ role: groupMappings.metaRole, by: groupMappings.createdBy }).from(groupMappings)
        .where(and(eq(groupMappings.hubId, hub.id), eq(groupMappings.groupId, group.id)));
      // An inline error is plain text: a mention would show as its raw id.
      const by = existing?.by === actor.slackUserId ? 'you' : 'another admin';
      return { status: 'invalid', field: 'group', message: `${group.name} is already mapped to ${hub.label} as ${roleLabel(existing?.role)} (by ${by}). Remove it first to change the role.` };
    }
    const current = input.inviteCurrent
      ? (await tx.select({ id: directoryGroupMembers.userId }).from(directoryGroupMembers).where(eq(directoryGroupMembers.groupId, group.id))).map((row) => row.id)
      : [];
    const queued = await queueGroupInvites(tx, hub, { groupId: group.id, metaRole: input.role }, current);
    await recordAudit(tx, {
      actor: actor.slackUserId, action: 'hub.group_mapped', hubId: hub.id, outcome: 'completed',
      detail: { mappingId: mapping.id, groupId: group.id, groupName: group.name, role: input.role, invitedCurrent: queued },
    });
    return { status: 'mapped', mapping, queued };
  });
  if (result.status === 'mapped' && result.queued > 0) await scheduleGroupInviteBatches(deps, hub.id);
  return result;
}

export type UnmapResult =
  | { status: 'removed'; groupName: string; cancelled: number }
  | { status: 'gone' }
  | { status: 'refused'; reason: string };

/**
 * Removes a mapping: nobody loses access, and invitations from that group not yet sent are cancelled.
 * Compare-and-set: of two clicks, the second finds nothing to remove and is told.
 */
export async function unmapGroup(deps: Pick<AppContext, 'db'>, hub: Hub, actor: Actor, mappingId: string, at: Date): Promise<UnmapResult> {
  const allowed = authorize(actor, 'hub.map_groups', hub);
  if (!allowed.allowed) return { status: 'refused', reason: allowed.reason };
  if (!isUuid(mappingId)) return { status: 'gone' };
  return deps.db.transaction(async (tx) => {
    const [removed] = await tx.delete(groupMappings).where(and(eq(groupMappings.id, mappingId), eq(groupMappings.hubId, hub.id))).returning();
    if (!removed) return { status: 'gone' as const };
    const cancelled = await tx
      .update(invites)
      .set({ status: 'cancelled', note: 'unmapped', updatedAt: at })
      .where(and(eq(invites.hubId, hub.id), eq(invites.groupId, removed.groupId), eq(invites.status, 'waiting')))
      .returning({ id: invites.id });
    await recordAudit(tx, {
      actor: actor.slackUserId, action: 'hub.group_unmapped', hubId: hub.id, outcome: 'completed',
      detail: { mappingId, groupId: removed.groupId, groupName: removed.groupName, role: removed.metaRole, cancelledInvites: cancelled.length },
    });
    return { status: 'removed' as const, groupName: removed.groupName, cancelled: cancelled.length };
  });
}

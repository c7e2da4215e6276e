import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { directoryGroupMembers as gm, directoryGroups, directoryUsers as u } from '../../db/schema.js';
import {
  DirectoryValidationError,
  isUuid,
  type GroupMember,
  type MembershipChange,
} from './directory-types.js';

export type MembershipResult = { added: string[]; removed: string[] };

/** Applies one membership change in order; a PATCH's changes run in one transaction, all or nothing. */
export async function applyMembership(tx: DbOrTx, groupId: string, change: MembershipChange): Promise<MembershipResult> {
  const inGroup = eq(gm.groupId, groupId);
  switch (change.kind) {
    case 'clear':
      return { added: [], removed: await removed(tx, inGroup) };
    case 'remove': {
      const ids = uuids(change.ids);
      return { added: [], removed: ids.length ? await removed(tx, and(inGroup, inArray(gm.userId, ids))) : [] };
    }
    case 'add':
      return { added: await inserted(tx, groupId, await knownUserIds(tx, change.ids)), removed: [] };
    case 'set': {
      const keep = await knownUserIds(tx, change.ids);
      const gone = await removed(tx, keep.length ? and(inGroup, notInArray(gm.userId, keep)) : inGroup);
      return { added: await inserted(tx, groupId, keep), removed: gone };
    }
  }
}

function uuids(ids: string[]): string[] {
  return [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
}

async function removed(tx: DbOrTx, where: ReturnType<typeof and>): Promise<string[]> {
  const rows = await tx.delete(gm).where(where).returning({ userId: gm.userId });
  return rows.map((row) => row.userId);
}

async function inserted(tx: DbOrTx, groupId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .insert(gm)
    .values(userIds.map((userId) => ({ groupId, userId })))
    .onConflictDoNothing()
    .returning({ userId: gm.userId });
  return rows.map((row) => row.userId);
}

/**
 * The ids that name live users. Ids of groups are skipped (Entra may push a nested group; Hubkeeper keeps
 * user membership only). Anything else is refused, so a typo can't silently drop someone from a group.
 */
async function knownUserIds(tx: DbOrTx, ids: string[]): Promise<string[]> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const valid = wanted.filter(isUuid);
  const users = valid.length
    ? await tx.select({ id: u.id }).from(u).where(and(inArray(u.id, valid), isNull(u.deletedAt)))
    : [];
  const found = new Set(users.map((row) => row.id));
  let missing = wanted.filter((id) => !found.has(id));
  if (missing.length && missing.some(isUuid)) {
    const groups = await tx
      .select({ id: directoryGroups.id })
      .from(directoryGroups)
      .where(inArray(directoryGroups.id, missing.filter(isUuid)));
    const groupIds = new Set(groups.map((row) => row.id));
    missing = missing.filter((id) => !groupIds.has(id));
  }
  if (missing.length) {
    const shown = missing.slice(0, 5).map((id) => JSON.stringify(id)).join(', ');
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    throw new DirectoryValidationError(`members: no user with id ${shown}${more}`);
  }
  return [...found];
}

/** Members of the given groups, with a display name, in a stable order. */
export async function membersOf(db: DbOrTx, groupIds: string[]): Promise<Map<string, GroupMember[]>> {
  const byGroup = new Map<string, GroupMember[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return byGroup;
  const rows = await db
    .select({
      groupId: gm.groupId,
      value: gm.userId,
      display: sql<string>`coalesce(${u.displayName}, ${u.userName})`,
    })
    .from(gm)
    .innerJoin(u, eq(u.id, gm.userId))
    .where(inArray(gm.groupId, groupIds))
    .orderBy(gm.groupId, gm.createdAt, gm.userId);
  for (const row of rows) byGroup.get(row.groupId)?.push({ value: row.value, display: row.display });
  return byGroup;
}

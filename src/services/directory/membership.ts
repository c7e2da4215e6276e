import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { directoryGroupMembers as gm, directoryGroups, directoryUsers as u } from '../../../db/schema.js';
import { runPrepared, uuidArray } from './query.js';
import {
  DirectoryValidationError,
  isUuid,
  type GroupMember,
  type MembershipChange,
} from './types.js';

export type MembershipResult = { added: string[]; removed: string[] };

/** Applies one membership change in order; a PATCH's changes run in one transaction, all or nothing. */
export async function applyMembership(tx: DbOrTx, groupId: string, change: MembershipChange): Promise<MembershipResult> {
  switch (change.kind) {
    case 'clear':
      return { added: [], removed: await removeMembers(tx, groupId, undefined) };
    case 'remove': {
      const ids = uuids(change.ids);
      return { added: [], removed: ids.length ? await removeMembers(tx, groupId, sql`user_id = any(${uuidArray(ids)})`) : [] };
    }
    case 'add':
      return { added: await addMembers(tx, groupId, change.ids), removed: [] };
    case 'set': {
      const added = await addMembers(tx, groupId, change.ids);
      const keep = uuids(change.ids);
      const removed = await removeMembers(tx, groupId, keep.length ? sql`not (user_id = any(${uuidArray(keep)}))` : undefined);
      return { added, removed };
    }
  }
}

function uuids(ids: string[]): string[] {
  return [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
}

async function removeMembers(tx: DbOrTx, groupId: string, which: SQL | undefined): Promise<string[]> {
  const rows = await runPrepared<{ userId: string }>(tx, sql`
    delete from ${gm} where group_id = ${groupId}::uuid ${which ? sql`and ${which}` : sql``} returning user_id as "userId"`);
  return rows.map((row) => row.userId);
}

/**
 * Adds the ids that name live users, in one statement that also reports the ids that don't (joining from
 * the wanted ids keeps the plan on the primary key, whatever the table statistics say). Ids of groups are
 * skipped: Entra may push a nested group, and Hubkeeper keeps user membership only. Any other unknown id
 * fails the request (the transaction rolls back), so a typo can't silently drop someone from a group.
 */
async function addMembers(tx: DbOrTx, groupId: string, ids: string[]): Promise<string[]> {
  const wanted = uuids(ids);
  const malformed = [...new Set(ids.filter((id) => !isUuid(id)))];
  const [row] = wanted.length
    ? await runPrepared<{ added: string[] | null; unknown: string[] | null }>(tx, sql`
      with wanted as (select unnest(${uuidArray(wanted)}) as id),
      known as (select u.id from wanted join ${u} u on u.id = wanted.id and u.deleted_at is null),
      inserted as (
        insert into ${gm} (group_id, user_id) select ${groupId}::uuid, id from known
        on conflict do nothing returning user_id
      )
      select (select array_agg(user_id) from inserted) as added,
        (select array_agg(id) from wanted where id not in (select id from known)) as unknown`)
    : [];
  let unknown = [...(row?.unknown ?? []), ...malformed];
  const notUsers = unknown.filter(isUuid);
  if (notUsers.length) {
    const groups = await tx.select({ id: directoryGroups.id }).from(directoryGroups).where(inArray(directoryGroups.id, notUsers));
    const groupIds = new Set(groups.map((group) => group.id));
    unknown = unknown.filter((id) => !groupIds.has(id));
  }
  if (unknown.length) throw unknownMembersError(unknown);
  return row?.added ?? [];
}

/** The request's error when member ids name no user (nor a group, which is skipped). */
export function unknownMembersError(unknown: string[]): DirectoryValidationError {
  const shown = unknown.slice(0, 5).map((id) => JSON.stringify(id)).join(', ');
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  return new DirectoryValidationError(`members: no user with id ${shown}${more}`);
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

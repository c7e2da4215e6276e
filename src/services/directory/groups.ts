import { eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client.js';
import { directoryGroups as g } from '../../../db/schema.js';
import { auditInsertSql, writeDirectoryAudit, type DirectoryAuditEvent } from './audit.js';
import { changedAttributes, groupColumns } from './columns.js';
import type { DirectoryFilter } from './filter.js';
import { groupFilterSql } from './filter-sql.js';
import { applyMembership, membersOf } from './membership.js';
import { pageOf, rethrowConflict, runPrepared } from './query.js';
import {
  isUuid,
  type DirectoryActor,
  type DirectoryGroupRecord,
  type MembershipChange,
  type Page,
  type ScimDoc,
} from './types.js';

const record = { id: g.id, resource: g.resource, createdAt: g.createdAt, updatedAt: g.updatedAt };

export type GroupChange = { doc: ScimDoc; membership: MembershipChange[] };

/** Who actually joined or left a group in one request; filled in once its transaction commits. */
export type MembershipDelta = { added: string[]; removed: string[] };

/** Runs membership changes in order and describes what actually changed, for the audit trail. */
async function changeMembers(tx: DbOrTx, groupId: string, displayName: string, changes: MembershipChange[], delta?: MembershipDelta) {
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const change of changes) {
    const result = await applyMembership(tx, groupId, change);
    for (const id of result.removed) added.has(id) ? added.delete(id) : removed.add(id);
    for (const id of result.added) removed.has(id) ? removed.delete(id) : added.add(id);
  }
  const events: DirectoryAuditEvent[] = [];
  if (added.size) events.push({ action: 'directory.group.members_added', detail: { groupId, displayName, userIds: [...added] } });
  if (removed.size) events.push({ action: 'directory.group.members_removed', detail: { groupId, displayName, userIds: [...removed] } });
  if (delta) Object.assign(delta, { added: [...added], removed: [...removed] });
  return events;
}

export async function createGroup(
  db: Database,
  doc: ScimDoc,
  memberIds: string[],
  actor: DirectoryActor,
  delta?: MembershipDelta,
): Promise<DirectoryGroupRecord> {
  const columns = groupColumns(doc);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(g).values({ ...columns, resource: doc }).returning(record);
      const membership: MembershipChange[] = memberIds.length ? [{ kind: 'add', ids: memberIds }] : [];
      const events = await changeMembers(tx, row!.id, columns.displayName, membership, delta);
      await writeDirectoryAudit(tx, actor, [
        { action: 'directory.group.created', detail: { groupId: row!.id, displayName: columns.displayName, attributes: doc } },
        ...events,
      ]);
      return row!;
    });
  } catch (error) {
    return rethrowConflict(error, 'displayName', columns.displayName);
  }
}

export async function findGroup(db: Database, id: string, withMembers: boolean): Promise<DirectoryGroupRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select(record).from(g).where(eq(g.id, id)).prepare('directory_group_by_id').execute();
  if (!row || !withMembers) return row;
  return { ...row, members: (await membersOf(db, [row.id])).get(row.id) ?? [] };
}

export async function listGroups(
  db: Database,
  query: Page & { filter?: DirectoryFilter; withMembers: boolean },
): Promise<{ total: number; records: DirectoryGroupRecord[] }> {
  const where = query.filter ? groupFilterSql(query.filter) : undefined;
  const page = await pageOf<DirectoryGroupRecord>(db, g, record, where, [g.createdAt, g.id], query, query.filter !== undefined);
  if (!query.withMembers) return page;
  const members = await membersOf(db, page.records.map((row) => row.id));
  return { ...page, records: page.records.map((row) => ({ ...row, members: members.get(row.id) ?? [] })) };
}

/**
 * PUT and PATCH: `change` turns the current group into a new document plus membership changes, under a row
 * lock; if it throws (or a member id is unknown) nothing is written.
 */
export async function updateGroup(
  db: Database,
  id: string,
  change: (current: DirectoryGroupRecord) => GroupChange,
  actor: DirectoryActor,
  delta?: MembershipDelta,
): Promise<DirectoryGroupRecord | undefined> {
  if (!isUuid(id)) return undefined;
  let displayName = '';
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select(record).from(g).where(eq(g.id, id)).for('update').prepare('directory_group_lock').execute();
      if (!current) return undefined;
      const { doc, membership } = change(current);
      const columns = groupColumns(doc);
      displayName = columns.displayName;
      const changes = changedAttributes(current.resource, doc);
      const events = await changeMembers(tx, id, displayName, membership, delta);
      if (Object.keys(changes).length) events.unshift({ action: 'directory.group.updated', detail: { groupId: id, displayName, changes } });
      if (events.length === 0) return current;
      // The group row and its audit events in one statement: group PATCHes are most of a big import's writes.
      const [row] = await runPrepared<{ id: string; resource: ScimDoc; createdAt: string; updatedAt: string }>(tx, sql`
        with updated as (
          update ${g} set display_name = ${columns.displayName}, external_id = ${columns.externalId},
            resource = ${JSON.stringify(doc)}::jsonb, updated_at = now()
          where id = ${id}::uuid returning id, resource, created_at, updated_at
        ), audit as (${auditInsertSql(actor, events)})
        select id, resource, created_at as "createdAt", updated_at as "updatedAt" from updated`);
      return { ...row!, createdAt: new Date(row!.createdAt), updatedAt: new Date(row!.updatedAt) };
    });
  } catch (error) {
    return rethrowConflict(error, 'displayName', displayName);
  }
}

/** Groups are removed outright (memberships cascade); the audit event keeps who was in it. */
export async function deleteGroup(db: Database, id: string, actor: DirectoryActor, delta?: MembershipDelta): Promise<boolean> {
  if (!isUuid(id)) return false;
  return db.transaction(async (tx) => {
    const members = (await membersOf(tx, [id])).get(id) ?? [];
    const [row] = await tx.delete(g).where(eq(g.id, id)).returning(record);
    if (!row) return false;
    if (delta) Object.assign(delta, { added: [], removed: members.map((member) => member.value) });
    await writeDirectoryAudit(tx, actor, [{
      action: 'directory.group.deleted',
      detail: { groupId: id, displayName: row.resource.displayName, memberIds: members.map((member) => member.value) },
    }]);
    return true;
  });
}

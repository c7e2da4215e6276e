import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { auditEvents, directoryGroupMembers, directoryUsers as u } from '../../../db/schema.js';
import { auditClient, writeDirectoryAudit, type DirectoryAuditEvent } from './audit.js';
import { changedAttributes, userColumns } from './columns.js';
import type { DirectoryFilter } from './filter.js';
import { userFilterSql } from './filter-sql.js';
import { pageOf, rethrowConflict, runPrepared, textArray } from './query.js';
import {
  isUuid,
  type DeactivationHook,
  type DirectoryActor,
  type DirectoryUserRecord,
  type Page,
  type ScimDoc,
  type UserTransition,
  type UserWriteResult,
} from './types.js';

const record = {
  id: u.id,
  resource: u.resource,
  active: u.active,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  deactivatedAt: u.deactivatedAt,
  deactivatedVia: u.deactivatedVia,
};

/** drizzle's postgres.js setup leaves timestamps as text; the builder maps them, raw statements must. */
type RawRecord = Omit<DirectoryUserRecord, 'createdAt' | 'updatedAt' | 'deactivatedAt'> & {
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
};
const fromRaw = (row: RawRecord): DirectoryUserRecord => ({
  ...row,
  createdAt: new Date(row.createdAt),
  updatedAt: new Date(row.updatedAt),
  deactivatedAt: row.deactivatedAt === null ? null : new Date(row.deactivatedAt),
});

const live = (id: string) => and(eq(u.id, id), isNull(u.deletedAt));

/**
 * Stores a new directory user and its audit event in one statement: atomic without a transaction, and one
 * round trip instead of four (an initial import is tens of thousands of these). A user created inactive
 * counts as deactivated at once (via "create").
 */
export async function createUser(db: Database, doc: ScimDoc, actor: DirectoryActor): Promise<UserWriteResult> {
  const c = userColumns(doc);
  const detail = { userName: c.userName, attributes: doc, client: auditClient(actor) };
  try {
    const [row] = await runPrepared<RawRecord>(db, sql`
      with inserted as (
        insert into ${u} (user_name, external_id, active, display_name, given_name, family_name, work_email, emails,
          email_keys, department, title, employee_number, resource, deactivated_at, deactivated_via)
        values (${c.userName}, ${c.externalId}, ${c.active}, ${c.displayName}, ${c.givenName}, ${c.familyName},
          ${c.workEmail}, ${JSON.stringify(c.emails)}::jsonb, ${textArray(c.emailKeys)}, ${c.department}, ${c.title},
          ${c.employeeNumber}, ${JSON.stringify(doc)}::jsonb,
          case when ${c.active} then null else now() end, case when ${c.active} then null else 'create' end)
        returning *
      ), audit as (
        insert into ${auditEvents} (actor, action, outcome, detail)
        select 'directory', 'directory.user.created', 'applied', jsonb_build_object('userId', id) || ${JSON.stringify(detail)}::jsonb
        from inserted
      )
      select id, resource, active, created_at as "createdAt", updated_at as "updatedAt",
        deactivated_at as "deactivatedAt", deactivated_via as "deactivatedVia"
      from inserted`);
    return { record: fromRaw(row!), transition: c.active ? null : 'deactivated' };
  } catch (error) {
    return rethrowConflict(error, 'userName', c.userName);
  }
}

/** A user as SCIM sees it: deactivated users are found, deleted ones are not. */
export async function findUser(db: Database, id: string): Promise<DirectoryUserRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select(record).from(u).where(live(id)).prepare('directory_user_by_id').execute();
  return row;
}

export async function listUsers(
  db: Database,
  query: Page & { filter?: DirectoryFilter },
): Promise<{ total: number; records: DirectoryUserRecord[] }> {
  if (!query.filter || query.count === 0) return pageOf(db, u, record, isNull(u.deletedAt), [u.createdAt, u.id], query, false);
  // The IdPs' match query runs once per user of an import: a prepared statement and a window count, one round trip.
  const rows = await runPrepared<RawRecord & { total: string }>(db, sql`
    select id, resource, active, created_at as "createdAt", updated_at as "updatedAt",
      deactivated_at as "deactivatedAt", deactivated_via as "deactivatedVia", count(*) over() as total
    from ${u} where deleted_at is null and ${userFilterSql(query.filter)}
    order by created_at, id limit ${query.count} offset ${query.startIndex - 1}`);
  if (rows.length === 0 && query.startIndex > 1) {
    const where = and(isNull(u.deletedAt), userFilterSql(query.filter));
    return pageOf(db, u, record, where, [u.createdAt, u.id], { ...query, count: 0 }, true);
  }
  return { total: Number(rows[0]?.total ?? 0), records: rows.map(({ total: _total, ...row }) => fromRaw(row)) };
}

/**
 * Replaces a user with what `change` makes of the current one, under a row lock so concurrent PATCHes can't
 * lose each other's work. `change` may throw to reject the whole request; nothing is written then. `via` says
 * how a deactivation arrived (patch-replace-active, put, …). Returns undefined for unknown or deleted ids.
 */
export async function updateUser(
  db: Database,
  id: string,
  change: (current: DirectoryUserRecord) => { doc: ScimDoc; via: string },
  actor: DirectoryActor,
  onDeactivated?: DeactivationHook,
): Promise<UserWriteResult | undefined> {
  if (!isUuid(id)) return undefined;
  let userName = '';
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select(record).from(u).where(live(id)).for('update');
      if (!current) return undefined;
      const { doc, via } = change(current);
      const columns = userColumns(doc);
      userName = columns.userName;
      const changes = changedAttributes(current.resource, doc);
      const transition: UserTransition =
        current.active === columns.active ? null : columns.active ? 'reactivated' : 'deactivated';
      if (Object.keys(changes).length === 0 && !transition) return { record: current, transition: null };

      const now = new Date();
      const lifecycle = transition === 'deactivated'
        ? { deactivatedAt: now, deactivatedVia: via }
        : transition === 'reactivated' ? { deactivatedAt: null, deactivatedVia: null } : {};
      const [row] = await tx
        .update(u)
        .set({ ...columns, resource: doc, updatedAt: now, ...lifecycle })
        .where(eq(u.id, id))
        .returning(record);
      const action = transition ? (`directory.user.${transition}` as const) : 'directory.user.updated';
      await writeDirectoryAudit(tx, actor, [{ action, detail: { userId: id, userName, via, changes } }]);
      if (transition === 'deactivated') await onDeactivated?.(tx, [id]);
      return { record: row!, transition };
    });
  } catch (error) {
    return rethrowConflict(error, 'userName', userName);
  }
}

/**
 * SCIM DELETE: the user disappears from SCIM but the row stays, inactive and marked deleted, because for
 * Hubkeeper it means "this person is gone". An earlier deactivation keeps its own time and way.
 * Group memberships go: the IdP no longer knows the person.
 */
export async function deleteUser(
  db: Database,
  id: string,
  actor: DirectoryActor,
  onDeactivated?: DeactivationHook,
): Promise<{ transition: UserTransition } | undefined> {
  if (!isUuid(id)) return undefined;
  return db.transaction(async (tx) => {
    const [current] = await tx.select(record).from(u).where(live(id)).for('update');
    if (!current) return undefined;
    const now = new Date();
    await tx
      .update(u)
      .set({
        active: false,
        deletedAt: now,
        updatedAt: now,
        resource: sql`jsonb_set(${u.resource}, '{active}', 'false'::jsonb)`,
        ...(current.active ? { deactivatedAt: now, deactivatedVia: 'delete' } : {}),
      })
      .where(eq(u.id, id));
    const groups = await tx
      .delete(directoryGroupMembers)
      .where(eq(directoryGroupMembers.userId, id))
      .returning({ groupId: directoryGroupMembers.groupId });
    const userName = String(current.resource.userName);
    const events: DirectoryAuditEvent[] = [];
    if (current.active) events.push({ action: 'directory.user.deactivated', detail: { userId: id, userName, via: 'delete' } });
    events.push({
      action: 'directory.user.deleted',
      detail: { userId: id, userName, wasActive: current.active, leftGroups: groups.map((row) => row.groupId) },
    });
    await writeDirectoryAudit(tx, actor, events);
    // Even an already inactive user's deletion is news for the hub checks ("gone", not just "disabled").
    await onDeactivated?.(tx, [id]);
    return { transition: current.active ? 'deactivated' : null };
  });
}

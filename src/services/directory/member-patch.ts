import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { auditEvents, directoryGroupMembers as gm, directoryGroups as g, directoryUsers as u } from '../../../db/schema.js';
import { auditClient } from './audit.js';
import type { MembershipDelta } from './groups.js';
import { unknownMembersError } from './membership.js';
import { runPrepared, uuidArray } from './query.js';
import { isUuid, type DirectoryActor } from './types.js';

type Row = { found: boolean; changed: string[] | null; unknown: string[] | null };

/**
 * A PATCH that only adds or only removes members (what Entra and Okta send during an import), in one statement
 * and one round trip: the group row is locked, the members added (all or none: an id that names no user or group
 * fails the request and writes nothing) or removed, and the group's time and its audit event written only when
 * the membership changed. Returns undefined for an unknown group, or `fallback` when the ids need the general path.
 */
export async function patchGroupMembers(
  db: Database, groupId: string, change: { kind: 'add' | 'remove'; ids: string[] }, actor: DirectoryActor, delta: MembershipDelta,
): Promise<'done' | 'fallback' | undefined> {
  if (!isUuid(groupId)) return undefined;
  const ids = [...new Set(change.ids.map((id) => id.toLowerCase()))];
  // Malformed ids are named in the error the general path words; an empty list changes nothing there either.
  if (ids.length === 0 || !ids.every(isUuid)) return 'fallback';
  const client = JSON.stringify({ client: auditClient(actor) });
  const adding = change.kind === 'add';
  const write = adding
    ? sql`unknown as (
        select w.id from wanted w where not exists (select 1 from ${u} x where x.id = w.id and x.deleted_at is null)
          and not exists (select 1 from ${g} y where y.id = w.id)
      ), changed as (
        insert into ${gm} (group_id, user_id)
        select grp.id, w.id from grp, wanted w
        where exists (select 1 from ${u} x where x.id = w.id and x.deleted_at is null) and not exists (select 1 from unknown)
        on conflict do nothing returning user_id
      )`
    : sql`unknown as (select null::uuid as id where false),
      changed as (delete from ${gm} where group_id = (select id from grp) and user_id in (select id from wanted) returning user_id)`;
  const [row] = await runPrepared<Row>(db, sql`
    with grp as (select id, display_name from ${g} where id = ${groupId}::uuid for update),
    wanted as (select unnest(${uuidArray(ids)}) as id),
    ${write},
    agg as (select array_agg(user_id) as ids from changed),
    touched as (update ${g} set updated_at = now() where id = (select id from grp) and (select ids from agg) is not null returning id),
    audit as (
      insert into ${auditEvents} (actor, action, outcome, detail)
      select 'directory', ${adding ? 'directory.group.members_added' : 'directory.group.members_removed'}, 'applied',
        jsonb_build_object('groupId', grp.id, 'displayName', grp.display_name, 'userIds', to_jsonb(agg.ids)) || ${client}::jsonb
      from grp, agg where agg.ids is not null
    )
    select exists (select 1 from grp) as found, (select ids from agg) as changed, (select array_agg(id) from unknown) as unknown`);
  if (!row?.found) return undefined;
  if (row.unknown?.length) throw unknownMembersError(row.unknown);
  Object.assign(delta, adding ? { added: row.changed ?? [], removed: [] } : { added: [], removed: row.changed ?? [] });
  return 'done';
}

import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { assets, directoryUsers, memberAssets, members, reportItems, type ReportAccess } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import { isUuid } from '../../lib/text.js';

export type ReportItem = typeof reportItems.$inferSelect;

/** What an item shows about its member, read from the latest snapshot and the directory. */
export type ItemDetails = {
  memberId: string;
  memberKind: ReportItem['memberKind'];
  directoryUserId: string | null;
  name: string | null;
  email: string | null;
  metaRole: string | null;
  access: ReportAccess[];
  accessCount: number;
  deactivatedAt: Date | null;
  deactivatedVia: string | null;
  memberSince: Date;
};

/** Assets listed per item; the count says how many more there are. */
const ACCESS_SHOWN = 25;
const CHUNK = 1_000;

export async function loadItemDetails(db: DbOrTx, memberIds: readonly string[]): Promise<ItemDetails[]> {
  const out: ItemDetails[] = [];
  for (let i = 0; i < memberIds.length; i += CHUNK) {
    const ids = memberIds.slice(i, i + CHUNK);
    const [rows, held] = await Promise.all([
      db
        .select({
          memberId: members.id, memberKind: members.kind, directoryUserId: members.directoryUserId, name: members.name,
          email: sql<string | null>`coalesce(${members.email}, ${members.pendingEmail})`, metaRole: members.metaRole,
          memberSince: members.firstSeenAt, deactivatedAt: sql<Date | null>`coalesce(${directoryUsers.deactivatedAt}, ${directoryUsers.deletedAt})`.mapWith((v) => (v ? new Date(v) : null)),
          deactivatedVia: directoryUsers.deactivatedVia,
        })
        .from(members)
        .leftJoin(directoryUsers, eq(directoryUsers.id, members.directoryUserId))
        .where(inArray(members.id, ids)),
      db
        .select({ memberId: memberAssets.memberId, kind: assets.kind, name: assets.name, tasks: memberAssets.tasks })
        .from(memberAssets)
        .innerJoin(assets, eq(assets.id, memberAssets.assetId))
        .where(and(inArray(memberAssets.memberId, ids), isNull(assets.goneAt)))
        .orderBy(asc(assets.kind), asc(assets.name)),
    ]);
    const access = new Map<string, ReportAccess[]>();
    for (const row of held) access.set(row.memberId, [...(access.get(row.memberId) ?? []), { kind: row.kind, name: row.name, tasks: row.tasks }]);
    for (const row of rows) {
      const list = access.get(row.memberId) ?? [];
      out.push({ ...row, access: list.slice(0, ACCESS_SHOWN), accessCount: list.length });
    }
  }
  return out;
}

const detailColumns = (d: ItemDetails) => ({
  member_id: d.memberId, member_kind: d.memberKind, directory_user_id: d.directoryUserId, name: d.name, email: d.email,
  meta_role: d.metaRole, access: d.access, access_count: d.accessCount, deactivated_at: d.deactivatedAt?.toISOString() ?? null,
  deactivated_via: d.deactivatedVia, member_since: d.memberSince.toISOString(),
});

const RECORD = sql.raw(`member_id uuid, member_kind member_kind, directory_user_id uuid, name text, email text, meta_role text,
  access jsonb, access_count int, deactivated_at timestamptz, deactivated_via text, member_since timestamptz, reason text`);

/** Inserts new items (one JSON parameter per chunk); returns their ids by member. */
export async function insertItems(
  tx: Transaction, report: { id: string; hubId: string }, details: ItemDetails[], reasonOf: (memberId: string) => string, at: Date, taskId: string | null,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < details.length; i += CHUNK) {
    const batch = details.slice(i, i + CHUNK).map((d) => ({ ...detailColumns(d), reason: reasonOf(d.memberId) }));
    const rows = await tx.execute<{ id: string; member_id: string }>(sql`
      insert into report_items (report_id, hub_id, member_id, member_kind, directory_user_id, name, email, meta_role, access,
        access_count, deactivated_at, deactivated_via, member_since, reason, added_at, added_by_task_id)
      select ${report.id}::uuid, ${report.hubId}::uuid, r.member_id, r.member_kind, r.directory_user_id, r.name, r.email, r.meta_role,
        r.access, r.access_count, r.deactivated_at, r.deactivated_via, r.member_since, r.reason, ${at.toISOString()}::timestamptz, ${taskId}::uuid
      from json_to_recordset(${JSON.stringify(batch)}::text::json) as r(${RECORD})
      on conflict (report_id, member_id) do nothing
      returning id, member_id`);
    for (const row of rows) ids.set(row.member_id, row.id);
  }
  return ids;
}

/**
 * Writes fresh details onto existing items. With `reopen`, items that closed (or were kept) go back to waiting
 * for a decision, as new; open items are never reset.
 */
export async function updateItems(
  tx: Transaction, reportId: string, details: ItemDetails[], reasonOf: (memberId: string) => string | undefined,
  reopen?: { at: Date; taskId: string | null },
): Promise<string[]> {
  const changed: string[] = [];
  for (let i = 0; i < details.length; i += CHUNK) {
    const batch = details.slice(i, i + CHUNK).map((d) => ({ ...detailColumns(d), reason: reasonOf(d.memberId) ?? null }));
    const reset = reopen
      ? sql`, decision = 'pending', reason = coalesce(r.reason, i.reason), resolved_reason = null, decided_by = null, decided_at = null,
          reject_reason = null, exempt_until = null, outcome = null, outcome_at = null, outcome_error = null, removal_task_id = null,
          added_at = ${reopen.at.toISOString()}::timestamptz, added_by_task_id = ${reopen.taskId}::uuid`
      : sql``;
    const guard = reopen ? sql`i.decision in ('resolved', 'rejected')` : sql`i.decision <> 'resolved'`;
    const rows = await tx.execute<{ id: string }>(sql`
      update report_items i set name = r.name, email = r.email, meta_role = r.meta_role, access = r.access,
        access_count = r.access_count, deactivated_at = r.deactivated_at, deactivated_via = r.deactivated_via ${reset}
      from json_to_recordset(${JSON.stringify(batch)}::text::json) as r(${RECORD})
      where i.report_id = ${reportId}::uuid and i.member_id = r.member_id and ${guard}
      returning i.id`);
    changed.push(...rows.map((row) => row.id));
  }
  return changed;
}

export async function getItem(db: DbOrTx, itemId: string): Promise<ReportItem | undefined> {
  if (!isUuid(itemId)) return undefined;
  const [item] = await db.select().from(reportItems).where(eq(reportItems.id, itemId));
  return item;
}

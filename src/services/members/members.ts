import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { assets, directoryUsers, memberAssets, members } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { Holding } from '../../domain/member-actions.js';
import { clampPage, filterScope, MEMBERS_PER_PAGE, type MemberFilter } from '../../domain/member-list.js';
import { isUuid } from '../../lib/text.js';

export type Member = typeof members.$inferSelect;
export type MatchedPerson = { id: string; name: string | null; email: string | null; active: boolean };
export type ListedMember = Member & { holdings: Holding[]; person: MatchedPerson | null };
export type MemberPage = { filter: MemberFilter; page: number; pages: number; total: number; serviceAccounts: number; members: ListedMember[] };

const SERVICE = inArray(members.kind, ['system_user', 'partner']);

function scopeCondition(hubId: string, filter: MemberFilter): SQL {
  const scope = filterScope(filter);
  const present = and(eq(members.hubId, hubId), isNull(members.goneAt))!;
  if (scope.serviceAccounts) return and(present, SERVICE)!;
  const kinds = inArray(members.kind, [...scope.kinds]);
  return scope.states === 'any' ? and(present, kinds)! : and(present, kinds, inArray(members.state, [...scope.states]))!;
}

/** One page of a hub's members under a filter, with what each holds and whom they are matched to. */
export async function listMembers(db: DbOrTx, hubId: string, filter: MemberFilter, page: number): Promise<MemberPage> {
  const where = scopeCondition(hubId, filter);
  const [[{ total } = { total: 0 }], [{ service } = { service: 0 }]] = await Promise.all([
    db.select({ total: count() }).from(members).where(where),
    db.select({ service: count() }).from(members).where(and(eq(members.hubId, hubId), isNull(members.goneAt), SERVICE)),
  ]);
  const current = clampPage(page, total);
  const rows = await db
    .select()
    .from(members)
    .where(where)
    .orderBy(asc(sql`lower(coalesce(${members.name}, ${members.email}, ''))`), asc(members.id))
    .limit(MEMBERS_PER_PAGE)
    .offset(current * MEMBERS_PER_PAGE);
  return {
    filter,
    page: current,
    pages: Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE)),
    total,
    serviceAccounts: service,
    members: await withDetails(db, rows),
  };
}

/** One member with its holdings and matched person, or undefined when it is not in that hub. */
export async function getMember(db: DbOrTx, hubId: string, memberId: string): Promise<ListedMember | undefined> {
  if (!isUuid(memberId)) return undefined;
  const rows = await db.select().from(members).where(and(eq(members.id, memberId), eq(members.hubId, hubId)));
  return (await withDetails(db, rows))[0];
}

async function withDetails(db: DbOrTx, rows: Member[]): Promise<ListedMember[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const people = rows.flatMap((row) => (row.directoryUserId ? [row.directoryUserId] : []));
  const [held, persons] = await Promise.all([
    db
      .select({ memberId: memberAssets.memberId, kind: assets.kind, count: count() })
      .from(memberAssets)
      .innerJoin(assets, eq(assets.id, memberAssets.assetId))
      .where(and(inArray(memberAssets.memberId, ids), isNull(assets.goneAt)))
      .groupBy(memberAssets.memberId, assets.kind),
    people.length
      ? db
          .select({
            id: directoryUsers.id,
            name: sql<string | null>`coalesce(${directoryUsers.displayName}, nullif(concat_ws(' ', ${directoryUsers.givenName}, ${directoryUsers.familyName}), ''))`,
            email: sql<string | null>`coalesce(${directoryUsers.workEmail}, ${directoryUsers.userName})`,
            active: sql<boolean>`${directoryUsers.active} and ${directoryUsers.deletedAt} is null`,
          })
          .from(directoryUsers)
          .where(inArray(directoryUsers.id, people))
      : Promise.resolve([] as MatchedPerson[]),
  ]);
  return rows.map((row) => ({
    ...row,
    holdings: held.filter((h) => h.memberId === row.id).map(({ kind, count: n }) => ({ kind, count: n })),
    person: persons.find((p) => p.id === row.directoryUserId) ?? null,
  }));
}

/** Asset names a member holds, for the removal confirmation ("what access goes with it"). */
export async function heldAssets(db: DbOrTx, memberId: string, limit = 20) {
  return db
    .select({ kind: assets.kind, name: assets.name, metaId: assets.metaId, tasks: memberAssets.tasks })
    .from(memberAssets)
    .innerJoin(assets, eq(assets.id, memberAssets.assetId))
    .where(and(eq(memberAssets.memberId, memberId), isNull(assets.goneAt)))
    .orderBy(asc(assets.kind), asc(assets.name))
    .limit(limit);
}

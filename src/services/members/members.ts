import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { assets, directoryUsers, memberAssets, members } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { Holding } from '../../domain/member-actions.js';
import { clampPage, filterScope, MEMBERS_PER_PAGE, type MemberFilter } from '../../domain/member-list.js';
import { isUuid } from '../../lib/text.js';

export type Member = typeof members.$inferSelect;
export type MatchedPerson = { id: string; name: string | null; email: string | null; active: boolean };
/**
 * A member as lists show it. `partner`: for a partner's person, the partner they reach the hub through; for a
 * partner, how many of its people Meta lists on the hub's assets and how many of its asset requests still wait.
 */
export type ListedMember = Member & {
  holdings: Holding[];
  person: MatchedPerson | null;
  partner?: { name: string | null; people: number; pendingRequests: number } | undefined;
};
export type MemberPage = {
  filter: MemberFilter; page: number; pages: number; total: number; serviceAccounts: number;
  /** People of partners, listed under their partners with the service accounts. */
  partnerPeople?: number;
  members: ListedMember[];
};

/** What the `system` list shows: system users, partners, and each partner's people under it. */
const LISTED_APART = inArray(members.kind, ['system_user', 'partner', 'partner_user']);
const SERVICE = inArray(members.kind, ['system_user', 'partner']);
/** A partner's permission is held once Meta says CONFIRMED (a person's assignment carries no status). */
const HELD = sql`(${memberAssets.accessStatus} is null or ${memberAssets.accessStatus} = 'CONFIRMED')`;

function scopeCondition(hubId: string, filter: MemberFilter): SQL {
  const scope = filterScope(filter);
  const present = and(eq(members.hubId, hubId), isNull(members.goneAt))!;
  if (scope.serviceAccounts) return and(present, LISTED_APART)!;
  const kinds = inArray(members.kind, [...scope.kinds]);
  return scope.states === 'any' ? and(present, kinds)! : and(present, kinds, inArray(members.state, [...scope.states]))!;
}

/** One page of a hub's members under a filter, with what each holds and whom they are matched to. */
export async function listMembers(db: DbOrTx, hubId: string, filter: MemberFilter, page: number): Promise<MemberPage> {
  const where = scopeCondition(hubId, filter);
  const present = and(eq(members.hubId, hubId), isNull(members.goneAt));
  const [[{ total } = { total: 0 }], [{ service } = { service: 0 }], [{ partnerPeople } = { partnerPeople: 0 }]] = await Promise.all([
    db.select({ total: count() }).from(members).where(where),
    db.select({ service: count() }).from(members).where(and(present, SERVICE)),
    db.select({ partnerPeople: count() }).from(members).where(and(present, eq(members.kind, 'partner_user'))),
  ]);
  const current = clampPage(page, total);
  const byName = asc(sql`lower(coalesce(${members.name}, ${members.email}, ''))`);
  // Listed apart: system users first, then each partner followed by its people.
  const order = filter === 'system'
    ? [asc(sql`${members.kind} <> 'system_user'`), asc(sql`coalesce(${members.partnerMetaId}, ${members.metaId})`), asc(sql`${members.kind} = 'partner_user'`), byName, asc(members.id)]
    : [byName, asc(members.id)];
  const rows = await db
    .select()
    .from(members)
    .where(where)
    .orderBy(...order)
    .limit(MEMBERS_PER_PAGE)
    .offset(current * MEMBERS_PER_PAGE);
  return {
    filter,
    page: current,
    pages: Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE)),
    total,
    serviceAccounts: service,
    partnerPeople,
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
  const [held, persons, partners] = await Promise.all([
    db
      .select({ memberId: memberAssets.memberId, kind: assets.kind, count: count(), pending: sql<number>`(count(*) filter (where not ${HELD}))::int` })
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
    partnerLinks(db, rows),
  ]);
  return rows.map((row) => {
    const mine = held.filter((h) => h.memberId === row.id);
    const link = row.kind === 'partner' ? row.metaId : row.kind === 'partner_user' ? row.partnerMetaId : null;
    const partner = link === null ? undefined : partners.find((p) => p.metaId === link);
    return {
      ...row,
      holdings: mine.filter((h) => h.count > h.pending).map(({ kind, count: n, pending }) => ({ kind, count: n - pending })),
      person: persons.find((p) => p.id === row.directoryUserId) ?? null,
      ...(link === null ? {} : {
        partner: { name: partner?.name ?? null, people: partner?.people ?? 0, pendingRequests: mine.reduce((sum, h) => sum + h.pending, 0) },
      }),
    };
  });
}

/** The partners these rows are or belong to: their names, and how many of their people Meta lists. */
async function partnerLinks(db: DbOrTx, rows: Member[]): Promise<Array<{ metaId: string; name: string | null; people: number }>> {
  const hubId = rows[0]!.hubId;
  const ids = [...new Set(rows.flatMap((row) => (row.kind === 'partner' ? [row.metaId] : row.kind === 'partner_user' && row.partnerMetaId ? [row.partnerMetaId] : [])))];
  if (ids.length === 0) return [];
  const present = and(eq(members.hubId, hubId), isNull(members.goneAt));
  const [named, counted] = await Promise.all([
    db.select({ metaId: members.metaId, name: members.name }).from(members).where(and(present, eq(members.kind, 'partner'), inArray(members.metaId, ids))),
    db.select({ metaId: members.partnerMetaId, people: count() }).from(members)
      .where(and(present, eq(members.kind, 'partner_user'), inArray(members.partnerMetaId, ids))).groupBy(members.partnerMetaId),
  ]);
  return ids.map((metaId) => ({
    metaId, name: named.find((p) => p.metaId === metaId)?.name ?? null, people: counted.find((c) => c.metaId === metaId)?.people ?? 0,
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

import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { assets, members } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import { emptyStateCounts, type MemberState } from '../../domain/sync-summary.js';
import type { StagedCounts } from './staging.js';

export type ImportedMember = {
  kind: 'business_user' | 'invitation' | 'system_user' | 'partner' | 'partner_user';
  metaId: string;
  name: string | null;
  email: string | null;
  pendingEmail: string | null;
  metaRole: string | null;
  accountType: 'work' | 'personal' | null;
  /** For a partner's person: the partner business's Meta id. */
  partnerMetaId: string | null;
};

export type ImportedAsset = {
  kind: 'ad_account' | 'page' | 'pixel' | 'catalog';
  ownership: 'owned' | 'client';
  metaId: string;
  name: string | null;
};

/** A business user or system user holding tasks on an asset; or a partner business (`partner`), by its id. */
export type ImportedHolding = {
  assetKind: ImportedAsset['kind']; assetMetaId: string; userMetaId: string; tasks: string[]; partner?: boolean;
  /** Meta's access_status of a partner's permission; only a confirmed one (or none) is access held. */
  accessStatus?: string | null;
};

type Named = { name: string | null; email: string | null };

export type SnapshotResult = {
  /** The first ten, in Meta's order, and how many in all. */
  newMembers: Named[];
  newMemberCount: number;
  goneMembers: Named[];
  goneMemberCount: number;
  membersByState: Record<MemberState, number>;
  membersByKind: Record<string, number>;
  assetsByKind: Record<string, number>;
};

/** A staged run that does not hold what was read: never merged, since it would mark present members gone. */
export class IncompleteStageError extends Error {}

/**
 * Merges a staged run into the hub inside the caller's transaction: upserts what Meta returned, marks what it
 * no longer returns as gone (never deletes), and brings who holds which asset in line. Every row moves
 * inside the database, so the time this holds member rows is short. A failure rolls all of it back.
 */
export async function mergeSnapshot(tx: Transaction, hubId: string, runId: string, seenAt: Date, expected: StagedCounts): Promise<SnapshotResult> {
  const seen = seenAt.toISOString();
  // Staged rows (and a new hub's rows) are younger than the table statistics, which then promise one row where
  // there are thousands: a nested loop over them takes minutes. Every join here is a bulk one: hash joins.
  await tx.execute(sql`set local enable_nestloop = off`);
  const [upserted] = await tx.execute<{ total: number; new_count: number; first_new: Named[] }>(sql`
    with staged as (
      select distinct on (kind, meta_id) * from sync_staged_members where run_id = ${runId} order by kind, meta_id, seq
    ), up as (
      insert into members (hub_id, kind, meta_id, name, email, pending_email, meta_role, account_type, partner_meta_id, first_seen_at, last_seen_at)
      select ${hubId}::uuid, kind, meta_id, name, email, pending_email, meta_role, account_type, partner_meta_id, ${seen}::timestamptz, ${seen}::timestamptz from staged
      on conflict (hub_id, kind, meta_id) do update set
        name = excluded.name, email = excluded.email, pending_email = excluded.pending_email,
        meta_role = excluded.meta_role, account_type = excluded.account_type, partner_meta_id = excluded.partner_meta_id,
        last_seen_at = excluded.last_seen_at, gone_at = null
      returning kind, meta_id, name, email, (xmax = 0) as inserted
    ), fresh as (
      -- A partner's person is the partner's, not a new member of the business.
      select * from up where inserted and kind <> 'partner_user'
    )
    select (select count(*) from up)::int as total, (select count(*) from fresh)::int as new_count,
      coalesce((select json_agg(json_build_object('name', f.name, 'email', f.email) order by f.seq)
        from (select fresh.name, fresh.email, staged.seq from fresh join staged using (kind, meta_id) order by staged.seq limit 10) f), '[]') as first_new`);
  if (upserted!.total !== expected.members) {
    throw new IncompleteStageError(`The staged snapshot holds ${upserted!.total} of ${expected.members} members`);
  }
  const [gone] = await tx.execute<{ n: number; first: Named[] }>(sql`
    with gone as (
      update members set gone_at = ${seen}::timestamptz,
        state = case when state = 'removal_pending' then 'removed'::member_state else state end
      where hub_id = ${hubId} and gone_at is null and last_seen_at < ${seen}::timestamptz
      returning name, email, kind
    ), left_business as (
      select name, email from gone where kind <> 'partner_user'
    )
    select (select count(*) from left_business)::int as n, coalesce((select json_agg(g) from (select name, email from left_business limit 10) g), '[]') as first`);

  const [assetRows] = await tx.execute<{ total: number }>(sql`
    with staged as (
      select distinct on (kind, meta_id) * from sync_staged_assets where run_id = ${runId} order by kind, meta_id
    ), up as (
      insert into assets (hub_id, kind, ownership, meta_id, name, first_seen_at, last_seen_at)
      select ${hubId}::uuid, kind, ownership, meta_id, name, ${seen}::timestamptz, ${seen}::timestamptz from staged
      on conflict (hub_id, kind, meta_id) do update set
        name = excluded.name, ownership = excluded.ownership, last_seen_at = excluded.last_seen_at, gone_at = null
      returning 1
    )
    select count(*)::int as total from up`);
  if (assetRows!.total !== expected.assets) {
    throw new IncompleteStageError(`The staged snapshot holds ${assetRows!.total} of ${expected.assets} assets`);
  }
  await tx.execute(sql`
    update assets set gone_at = ${seen}::timestamptz
    where hub_id = ${hubId} and gone_at is null and last_seen_at < ${seen}::timestamptz`);

  // Holders are people seen in this very import (a gone member with the same Meta id holds nothing). The
  // delete and the upsert touch different rows: what is no longer held, and what is.
  await tx.execute(sql`
    with held as (
      select distinct on (m.id, a.id) m.id as member_id, a.id as asset_id, h.tasks, h.access_status
      from sync_staged_holdings h
      join members m on m.hub_id = ${hubId} and m.meta_id = h.user_meta_id and m.last_seen_at = ${seen}::timestamptz
        and (case when h.partner then m.kind = 'partner' else m.kind in ('business_user', 'system_user', 'partner_user') end)
      join assets a on a.hub_id = ${hubId} and a.kind = h.asset_kind and a.meta_id = h.asset_meta_id
      where h.run_id = ${runId}
    ), dropped as (
      delete from member_assets ma where ma.hub_id = ${hubId}
        and not exists (select 1 from held where held.member_id = ma.member_id and held.asset_id = ma.asset_id)
    )
    insert into member_assets (hub_id, member_id, asset_id, tasks, access_status)
    select ${hubId}::uuid, member_id, asset_id, tasks, access_status from held
    on conflict (member_id, asset_id) do update set tasks = excluded.tasks, access_status = excluded.access_status
      where (member_assets.tasks, member_assets.access_status) is distinct from (excluded.tasks, excluded.access_status)`);

  await tx.execute(sql`set local enable_nestloop to default`);
  return {
    newMembers: upserted!.first_new,
    newMemberCount: upserted!.new_count,
    goneMembers: gone!.first,
    goneMemberCount: gone!.n,
    ...(await countHub(tx, hubId)),
  };
}

/** Present members by state and by kind, and present assets by kind. */
export async function countHub(tx: DbOrTx, hubId: string) {
  const present = and(eq(members.hubId, hubId), isNull(members.goneAt));
  const byState = await tx.select({ state: members.state, n: count() }).from(members).where(present).groupBy(members.state);
  const byKind = await tx.select({ kind: members.kind, n: count() }).from(members).where(present).groupBy(members.kind);
  const assetKinds = await tx
    .select({ kind: assets.kind, n: count() })
    .from(assets)
    .where(and(eq(assets.hubId, hubId), isNull(assets.goneAt)))
    .groupBy(assets.kind);
  const membersByState = emptyStateCounts();
  for (const row of byState) membersByState[row.state] = row.n;
  return {
    membersByState,
    membersByKind: Object.fromEntries(byKind.map((row) => [row.kind, row.n])),
    assetsByKind: Object.fromEntries(assetKinds.map((row) => [row.kind, row.n])),
  };
}

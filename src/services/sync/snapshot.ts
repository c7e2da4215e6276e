import { and, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { assets, memberAssets, members } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import { emptyStateCounts, type MemberState } from '../../domain/sync-summary.js';

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
  /** People (business and system users) by user id, and partners (`partner: true`) by business id. */
  holders: Array<{ userId: string; tasks: string[]; partner?: true; accessStatus?: string | null }>;
};

export type SnapshotResult = {
  newMembers: Array<{ name: string | null; email: string | null }>;
  goneMembers: Array<{ name: string | null; email: string | null }>;
  membersByState: Record<MemberState, number>;
  membersByKind: Record<string, number>;
  assetsByKind: Record<string, number>;
};

const CHUNK = 2_000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const memberRecord = (m: ImportedMember) => ({
  kind: m.kind, meta_id: m.metaId, name: m.name, email: m.email, pending_email: m.pendingEmail, meta_role: m.metaRole, account_type: m.accountType,
  partner_meta_id: m.partnerMetaId,
});

/**
 * Writes a whole import inside the caller's transaction: upserts what Meta returned, marks what it no longer
 * returns as gone (never deletes), and rebuilds who holds which asset. A failure rolls all of it back.
 */
export async function writeSnapshot(
  tx: Transaction,
  hubId: string,
  imported: { members: ImportedMember[]; assets: ImportedAsset[] },
  seenAt: Date,
): Promise<SnapshotResult> {
  const newMembers: SnapshotResult['newMembers'] = [];
  const seen = seenAt.toISOString();
  const memberIdByMetaId = new Map<string, string>();
  for (const batch of chunks(imported.members)) {
    // One JSON parameter per chunk: drizzle's multi-row VALUES builder costs ~0.1 ms a row at this size.
    const rows = await tx.execute<{ id: string; meta_id: string; kind: ImportedMember['kind']; name: string | null; email: string | null; inserted: boolean }>(sql`
      insert into members (hub_id, kind, meta_id, name, email, pending_email, meta_role, account_type, partner_meta_id, first_seen_at, last_seen_at)
      select ${hubId}::uuid, r.kind, r.meta_id, r.name, r.email, r.pending_email, r.meta_role, r.account_type, r.partner_meta_id, ${seen}::timestamptz, ${seen}::timestamptz
      from json_to_recordset(${JSON.stringify(batch.map(memberRecord))}::text::json)
        as r(kind member_kind, meta_id text, name text, email text, pending_email text, meta_role text, account_type text, partner_meta_id text)
      on conflict (hub_id, kind, meta_id) do update set
        name = excluded.name, email = excluded.email, pending_email = excluded.pending_email,
        meta_role = excluded.meta_role, account_type = excluded.account_type, partner_meta_id = excluded.partner_meta_id,
        last_seen_at = excluded.last_seen_at, gone_at = null
      returning id, meta_id, kind, name, email, (xmax = 0) as inserted`);
    for (const row of rows) {
      if (row.kind === 'business_user' || row.kind === 'system_user' || row.kind === 'partner_user') memberIdByMetaId.set(row.meta_id, row.id);
      if (row.kind === 'partner') memberIdByMetaId.set(`partner:${row.meta_id}`, row.id);
      // A partner's person is the partner's, not a new member of the business.
      if (row.inserted && row.kind !== 'partner_user') newMembers.push({ name: row.name, email: row.email });
    }
  }
  const gone = await tx
    .update(members)
    .set({ goneAt: seenAt, state: sql`case when ${members.state} = 'removal_pending' then 'removed'::member_state else ${members.state} end` })
    .where(and(eq(members.hubId, hubId), isNull(members.goneAt), lt(members.lastSeenAt, seenAt)))
    .returning({ name: members.name, email: members.email, kind: members.kind });
  const goneMembers = gone.filter((m) => m.kind !== 'partner_user').map(({ name, email }) => ({ name, email }));

  await tx.delete(memberAssets).where(eq(memberAssets.hubId, hubId));
  for (const batch of chunks(imported.assets)) {
    const rows = await tx.execute<{ id: string; kind: ImportedAsset['kind']; meta_id: string }>(sql`
      insert into assets (hub_id, kind, ownership, meta_id, name, first_seen_at, last_seen_at)
      select ${hubId}::uuid, r.kind, r.ownership, r.meta_id, r.name, ${seen}::timestamptz, ${seen}::timestamptz
      from json_to_recordset(${JSON.stringify(batch.map(({ kind, ownership, metaId, name }) => ({ kind, ownership, meta_id: metaId, name })))}::text::json)
        as r(kind asset_kind, ownership asset_ownership, meta_id text, name text)
      on conflict (hub_id, kind, meta_id) do update set
        name = excluded.name, ownership = excluded.ownership, last_seen_at = excluded.last_seen_at, gone_at = null
      returning id, kind, meta_id`);
    const assetIdByKey = new Map(rows.map((row) => [`${row.kind}/${row.meta_id}`, row.id]));
    const holdings = batch.flatMap((asset) =>
      asset.holders.flatMap((holder) => {
        const memberId = memberIdByMetaId.get(holder.partner ? `partner:${holder.userId}` : holder.userId);
        const assetId = assetIdByKey.get(`${asset.kind}/${asset.metaId}`);
        return memberId && assetId ? [{ member_id: memberId, asset_id: assetId, tasks: holder.tasks, access_status: holder.accessStatus ?? null }] : [];
      }),
    );
    for (const holdingBatch of chunks(holdings)) {
      await tx.execute(sql`
        insert into member_assets (hub_id, member_id, asset_id, tasks, access_status)
        select ${hubId}::uuid, r.member_id, r.asset_id, r.tasks, r.access_status
        from json_to_recordset(${JSON.stringify(holdingBatch)}::text::json) as r(member_id uuid, asset_id uuid, tasks text[], access_status text)
        on conflict do nothing`);
    }
  }
  await tx
    .update(assets)
    .set({ goneAt: seenAt })
    .where(and(eq(assets.hubId, hubId), isNull(assets.goneAt), lt(assets.lastSeenAt, seenAt)));

  return { newMembers, goneMembers, ...(await countHub(tx, hubId)) };
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

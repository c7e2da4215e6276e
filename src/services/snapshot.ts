import { and, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { assets, memberAssets, members } from '../../db/schema.js';
import type { DbOrTx, Transaction } from '../../db/client.js';
import { emptyStateCounts, type MemberState } from '../domain/sync-summary.js';

export type ImportedMember = {
  kind: 'business_user' | 'invitation' | 'system_user' | 'partner';
  metaId: string;
  name: string | null;
  email: string | null;
  pendingEmail: string | null;
  metaRole: string | null;
};

export type ImportedAsset = {
  kind: 'ad_account' | 'page' | 'pixel' | 'catalog';
  ownership: 'owned' | 'client';
  metaId: string;
  name: string | null;
  holders: Array<{ userId: string; tasks: string[] }>;
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
  const memberIdByMetaId = new Map<string, string>();
  for (const batch of chunks(imported.members)) {
    const rows = await tx
      .insert(members)
      .values(batch.map((member) => ({ ...member, hubId, firstSeenAt: seenAt, lastSeenAt: seenAt })))
      .onConflictDoUpdate({
        target: [members.hubId, members.kind, members.metaId],
        set: {
          name: sql`excluded.name`,
          email: sql`excluded.email`,
          pendingEmail: sql`excluded.pending_email`,
          metaRole: sql`excluded.meta_role`,
          lastSeenAt: seenAt,
          goneAt: null,
        },
      })
      .returning({ id: members.id, metaId: members.metaId, kind: members.kind, name: members.name, email: members.email, inserted: sql<boolean>`(xmax = 0)` });
    for (const row of rows) {
      if (row.kind === 'business_user' || row.kind === 'system_user') memberIdByMetaId.set(row.metaId, row.id);
      if (row.inserted) newMembers.push({ name: row.name, email: row.email });
    }
  }
  const goneMembers = await tx
    .update(members)
    .set({ goneAt: seenAt, state: sql`case when ${members.state} = 'removal_pending' then 'removed'::member_state else ${members.state} end` })
    .where(and(eq(members.hubId, hubId), isNull(members.goneAt), lt(members.lastSeenAt, seenAt)))
    .returning({ name: members.name, email: members.email });

  await tx.delete(memberAssets).where(eq(memberAssets.hubId, hubId));
  for (const batch of chunks(imported.assets)) {
    const rows = await tx
      .insert(assets)
      .values(batch.map(({ holders: _holders, ...asset }) => ({ ...asset, hubId, firstSeenAt: seenAt, lastSeenAt: seenAt })))
      .onConflictDoUpdate({
        target: [assets.hubId, assets.kind, assets.metaId],
        set: { name: sql`excluded.name`, ownership: sql`excluded.ownership`, lastSeenAt: seenAt, goneAt: null },
      })
      .returning({ id: assets.id, kind: assets.kind, metaId: assets.metaId });
    const assetIdByKey = new Map(rows.map((row) => [`${row.kind}/${row.metaId}`, row.id]));
    const holdings = batch.flatMap((asset) =>
      asset.holders.flatMap((holder) => {
        const memberId = memberIdByMetaId.get(holder.userId);
        const assetId = assetIdByKey.get(`${asset.kind}/${asset.metaId}`);
        return memberId && assetId ? [{ hubId, memberId, assetId, tasks: holder.tasks }] : [];
      }),
    );
    for (const holdingBatch of chunks(holdings)) {
      await tx.insert(memberAssets).values(holdingBatch).onConflictDoNothing();
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

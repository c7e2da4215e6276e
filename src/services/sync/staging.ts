import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import { syncRuns, tasks } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { SnapshotChunk } from '../../meta/types.js';
import { importedRows } from './import-mapping.js';
import type { ImportedAsset, ImportedHolding, ImportedMember } from './snapshot.js';

/** What a run has staged so far, by distinct key: the merge checks it took in exactly this much. */
export type StagedCounts = { members: number; assets: number };

export type SnapshotStage = {
  readonly runId: string;
  /** Queues a piece of the snapshot to be stored; a failure to store it is thrown by `flush`. */
  add(chunk: SnapshotChunk): void;
  /** Waits until everything added is stored; returns how many distinct members and assets that is. */
  flush(): Promise<StagedCounts>;
};

/**
 * Opens a run of a sync task and stages what it reads as it arrives: at most one INSERT in flight, each taking
 * every row queued since the previous one, on no lock that a person's decision would wait for. Rows of
 * earlier runs of the hub whose task has finished go first (a crashed or failed attempt leaves them behind).
 */
export async function openStage(
  db: DbOrTx, { hubId, taskId, businessId }: { hubId: string; taskId: string; businessId: string },
): Promise<SnapshotStage> {
  await db.delete(syncRuns).where(and(
    eq(syncRuns.hubId, hubId),
    notExists(db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, syncRuns.taskId), inArray(tasks.status, ['queued', 'running'])))),
  ));
  const [run] = await db.insert(syncRuns).values({ hubId, taskId }).returning({ id: syncRuns.id });
  const runId = run!.id;
  let members: ImportedMember[] = [];
  let assets: ImportedAsset[] = [];
  let holdings: ImportedHolding[] = [];
  const memberKeys = new Set<string>();
  const assetKeys = new Set<string>();
  let writing: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;

  async function writeQueued(): Promise<void> {
    while (members.length + assets.length + holdings.length > 0) {
      const [m, a, h] = [members, assets, holdings];
      [members, assets, holdings] = [[], [], []];
      if (m.length) await insertMembers(db, runId, m);
      if (a.length) await insertAssets(db, runId, a);
      if (h.length) await insertHoldings(db, runId, h);
    }
  }

  function kick(): void {
    if (writing || failure || members.length + assets.length + holdings.length === 0) return;
    writing = writeQueued()
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => {
        writing = undefined;
        kick();
      });
  }

  return {
    runId,
    add(chunk) {
      if (failure) return;
      const rows = importedRows(chunk, businessId);
      for (const row of rows.members ?? []) memberKeys.add(`${row.kind}/${row.metaId}`);
      for (const row of rows.assets ?? []) assetKeys.add(`${row.kind}/${row.metaId}`);
      members.push(...(rows.members ?? []));
      assets.push(...(rows.assets ?? []));
      holdings.push(...(rows.holdings ?? []));
      kick();
    },
    async flush() {
      kick();
      while (writing) await writing;
      if (failure) throw failure.error;
      return { members: memberKeys.size, assets: assetKeys.size };
    },
  };
}

/** Removes every run of a task (and so its staged rows): once the task is finished nothing will merge them. */
export async function dropRuns(db: DbOrTx, taskId: string): Promise<void> {
  await db.delete(syncRuns).where(eq(syncRuns.taskId, taskId));
}

// One JSON parameter per statement: drizzle's multi-row VALUES builder costs ~0.1 ms a row.
const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::text::json`;

async function insertMembers(db: DbOrTx, runId: string, rows: ImportedMember[]): Promise<void> {
  const records = rows.map((m) => ({
    kind: m.kind, meta_id: m.metaId, name: m.name, email: m.email, pending_email: m.pendingEmail, meta_role: m.metaRole, account_type: m.accountType,
    partner_meta_id: m.partnerMetaId,
  }));
  await db.execute(sql`
    insert into sync_staged_members (run_id, kind, meta_id, name, email, pending_email, meta_role, account_type, partner_meta_id)
    select ${runId}::uuid, r.kind, r.meta_id, r.name, r.email, r.pending_email, r.meta_role, r.account_type, r.partner_meta_id
    from json_to_recordset(${json(records)})
      as r(kind member_kind, meta_id text, name text, email text, pending_email text, meta_role text, account_type text, partner_meta_id text)`);
}

async function insertAssets(db: DbOrTx, runId: string, rows: ImportedAsset[]): Promise<void> {
  const records = rows.map((a) => ({ kind: a.kind, ownership: a.ownership, meta_id: a.metaId, name: a.name }));
  await db.execute(sql`
    insert into sync_staged_assets (run_id, kind, ownership, meta_id, name)
    select ${runId}::uuid, r.kind, r.ownership, r.meta_id, r.name
    from json_to_recordset(${json(records)}) as r(kind asset_kind, ownership asset_ownership, meta_id text, name text)`);
}

async function insertHoldings(db: DbOrTx, runId: string, rows: ImportedHolding[]): Promise<void> {
  const records = rows.map((h) => ({
    asset_kind: h.assetKind, asset_meta_id: h.assetMetaId, user_meta_id: h.userMetaId, tasks: h.tasks, partner: h.partner ?? false, access_status: h.accessStatus ?? null,
  }));
  await db.execute(sql`
    insert into sync_staged_holdings (run_id, asset_kind, asset_meta_id, user_meta_id, tasks, partner, access_status)
    select ${runId}::uuid, r.asset_kind, r.asset_meta_id, r.user_meta_id, r.tasks, r.partner, r.access_status
    from json_to_recordset(${json(records)}) as r(asset_kind asset_kind, asset_meta_id text, user_meta_id text, tasks text[], partner boolean, access_status text)`);
}

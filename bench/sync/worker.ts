// Child process of bench/sync: runs ONE import (Hubkeeper's, or the naive SDK one) and reports its own
// timings and peak RSS to the parent over IPC, so the fake Graph server (in the parent) and the other run
// never count against this run's memory.
import type { SdkCursor } from 'facebook-nodejs-business-sdk';
import postgres from 'postgres';
import { createDatabase } from '../../db/client.js';
import { createMetaClient } from '../../src/meta/index.js';
import { tasks } from '../../db/schema.js';
import { lockRunningTask } from '../../src/services/tasks/tasks.js';
import { mergeSnapshot } from '../../src/services/sync/snapshot.js';
import { dropRuns, openStage } from '../../src/services/sync/staging.js';

export type WorkerJob = {
  mode: 'hubkeeper' | 'naive';
  graphUrl: string;
  databaseUrl: string;
  businessId: string;
  token: string;
  hubId: string;
  /** Hubkeeper: client pageSize (default: the client's own default). Naive: `limit` of every cursor. */
  pageSize?: number;
  maxInFlightPerBusiness?: number;
};

export type WorkerResult = {
  mode: WorkerJob['mode'];
  totalMs: number;
  /** Hubkeeper: fetchSnapshot (pages are staged meanwhile). Naive: time spent awaiting the SDK (HTTP + its parsing). */
  fetchMs: number;
  /** Hubkeeper: staging what was still queued after the last page. Naive: 0 (rows are mapped inline). */
  mapMs: number;
  /** Hubkeeper: the merge transaction, then dropping the staged rows. Naive: time spent awaiting the per-row INSERTs. */
  writeMs: number;
  /** Hubkeeper: of writeMs, the merge transaction alone (the time member rows are locked). */
  mergeMs?: number;
  inserts: number;
  rows: { members: number; assets: number; memberAssets: number };
  clientRequestCount?: number;
  baselineRssBytes: number;
  /** Max of the 50 ms samples of process.memoryUsage().rss. */
  sampledPeakRssBytes: number;
  /** process.resourceUsage().maxRSS (kernel high-water mark, whole child lifetime). */
  maxRssBytes: number;
};

const job = JSON.parse(process.env.SYNC_BENCH_JOB ?? '{}') as WorkerJob;

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function hubkeeper(): Promise<Omit<WorkerResult, 'baselineRssBytes' | 'sampledPeakRssBytes' | 'maxRssBytes'>> {
  // What the sync job does (src/services/sync/check-for-updates.ts): open a stage, fetchSnapshot staging each
  // piece as it arrives, flush the stage, merge it in one transaction (task lock first), drop the stage.
  // Client options are the job's defaults unless the bench overrides them.
  const meta = createMetaClient({
    graphUrl: job.graphUrl,
    ...(job.pageSize ? { pageSize: job.pageSize } : {}),
    ...(job.maxInFlightPerBusiness ? { maxInFlightPerBusiness: job.maxInFlightPerBusiness } : {}),
  });
  const database = createDatabase(job.databaseUrl);
  try {
    const [task] = await database.db.insert(tasks).values({ hubId: job.hubId, kind: 'sync', status: 'running', requestedBy: 'UBENCH' }).returning({ id: tasks.id });
    const taskId = task!.id; // connected before the clock starts, as a running worker would be
    const t0 = performance.now();
    const stage = await openStage(database.db, { hubId: job.hubId, taskId, businessId: job.businessId });
    const snapshot = await meta.business(job.businessId, job.token).fetchSnapshot({ onChunk: (chunk) => stage.add(chunk) });
    const t1 = performance.now();
    const staged = await stage.flush();
    const t2 = performance.now();
    await database.db.transaction(async (tx) => {
      if (!(await lockRunningTask(tx, taskId))) throw new Error('the bench task is not running');
      await mergeSnapshot(tx, job.hubId, stage.runId, new Date(), staged);
    });
    const t3 = performance.now();
    await dropRuns(database.db, taskId);
    const t4 = performance.now();
    const holders = snapshot.assets.reduce((n, a) => n + a.assignedUsers.length, 0);
    return {
      mode: 'hubkeeper',
      totalMs: t4 - t0,
      fetchMs: t1 - t0,
      mapMs: t2 - t1,
      writeMs: t4 - t2,
      mergeMs: t3 - t2,
      inserts: 0,
      rows: { members: staged.members, assets: staged.assets, memberAssets: holders },
      clientRequestCount: snapshot.requestCount,
    };
  } finally {
    await meta.close();
    await database.close();
  }
}

async function naive(): Promise<Omit<WorkerResult, 'baselineRssBytes' | 'sampledPeakRssBytes' | 'maxRssBytes'>> {
  // The obvious script: the official SDK, every edge walked with its cursor one page after another, one
  // assigned_users call per asset (a Page's with the token its listing gave), every person's assigned_pages
  // walked when some Page gave none (Meta's only other way), and one autocommitted INSERT per row as it comes.
  // Loaded here, not at the top, so the SDK (and axios) never sit in the Hubkeeper child's memory.
  const { FacebookAdsApi, Business, AdAccount, Page, AdsPixel, ProductCatalog, BusinessUser, SystemUser } = await import('facebook-nodejs-business-sdk');
  // The SDK hard-codes https://graph.facebook.com in a static getter; point it at the fake (bench only).
  Object.defineProperty(FacebookAdsApi, 'GRAPH', { get: () => job.graphUrl, configurable: true });
  FacebookAdsApi.init(job.token, 'en_US', false);
  const sql = postgres(job.databaseUrl, { max: 1, onnotice: () => {} });
  const limit = job.pageSize ?? 25;
  let fetchMs = 0;
  let writeMs = 0;
  let inserts = 0;
  const rows = { members: 0, assets: 0, memberAssets: 0 };
  const fetching = async <T>(p: Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await p;
    } finally {
      fetchMs += performance.now() - t;
    }
  };
  const writing = async <T>(p: PromiseLike<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await p;
    } finally {
      writeMs += performance.now() - t;
      inserts++;
    }
  };
  async function walk(first: Promise<SdkCursor>, onRow: (data: Record<string, unknown>) => Promise<void>) {
    let cursor = await fetching(first);
    for (;;) {
      for (const object of [...cursor]) await onRow(object._data);
      if (!cursor.hasNext()) return;
      cursor = await fetching(cursor.next());
    }
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const memberIds = new Map<string, string>();
  const people: Array<{ id: string; kind: string }> = [];
  const insertMember = async (kind: string, d: Record<string, unknown>, role: string | null) => {
    const name = kind === 'invitation' ? null : str(d.name);
    const email = kind === 'business_user' || kind === 'invitation' ? str(d.email) : null;
    const [row] = await writing(sql<Array<{ id: string }>>`
      insert into members (hub_id, kind, meta_id, name, email, pending_email, meta_role)
      values (${job.hubId}, ${kind}, ${String(d.id)}, ${name}, ${email}, ${str(d.pending_email)}, ${role})
      returning id`);
    rows.members++;
    if (kind === 'business_user' || kind === 'system_user') {
      memberIds.set(String(d.id), row!.id);
      people.push({ id: String(d.id), kind });
    }
  };

  const t0 = performance.now();
  try {
    const business = new Business(job.businessId);
    const params = { limit };
    await walk(business.getBusinessUsers(['id', 'name', 'email', 'role', 'first_name', 'last_name', 'pending_email', 'title'], params), (d) =>
      insertMember('business_user', d, str(d.role)));
    await walk(business.getPendingUsers(['id', 'email', 'role', 'status', 'created_time', 'expiration_time'], { limit }), (d) =>
      insertMember('invitation', d, str(d.role)));
    await walk(business.getSystemUsers(['id', 'name', 'role'], { limit }), (d) => insertMember('system_user', d, str(d.role)));
    await walk(business.getAgencies(['id', 'name'], { limit }), (d) => insertMember('partner', d, 'PARTNER'));

    type AssetClass = new (id: string) => { getAssignedUsers(fields: string[], params: Record<string, unknown>): Promise<SdkCursor> };
    const assetEdges: Array<[string, string, (f: string[], p: Record<string, unknown>) => Promise<SdkCursor>, AssetClass]> = [
      ['ad_account', 'owned', (f, p) => business.getOwnedAdAccounts(f, p), AdAccount],
      ['ad_account', 'client', (f, p) => business.getClientAdAccounts(f, p), AdAccount],
      ['page', 'owned', (f, p) => business.getOwnedPages(f, p), Page],
      ['page', 'client', (f, p) => business.getClientPages(f, p), Page],
      ['pixel', 'owned', (f, p) => business.getOwnedPixels(f, p), AdsPixel],
      ['catalog', 'owned', (f, p) => business.getOwnedProductCatalogs(f, p), ProductCatalog],
      ['catalog', 'client', (f, p) => business.getClientProductCatalogs(f, p), ProductCatalog],
    ];
    const tokenless = new Map<string, string>(); // Page id → its asset row
    const holding = async (memberId: string | undefined, assetId: string, tasks: unknown) => {
      if (!memberId) return;
      await writing(sql`
        insert into member_assets (hub_id, member_id, asset_id, tasks)
        values (${job.hubId}, ${memberId}, ${assetId}, ${(tasks as string[] | undefined) ?? []})`);
      rows.memberAssets++;
    };
    for (const [kind, ownership, list, AssetType] of assetEdges) {
      await walk(list(kind === 'page' ? ['id', 'name', 'access_token'] : ['id', 'name'], { limit }), async (d) => {
        const [asset] = await writing(sql<Array<{ id: string }>>`
          insert into assets (hub_id, kind, ownership, meta_id, name)
          values (${job.hubId}, ${kind}, ${ownership}, ${String(d.id)}, ${str(d.name)})
          returning id`);
        rows.assets++;
        if (kind === 'page' && !d.access_token) return void tokenless.set(String(d.id), asset!.id);
        // A Page's assigned_users answers only its own token.
        const target = kind === 'page' ? new Page(String(d.id), {}, undefined, new FacebookAdsApi(String(d.access_token))) : new AssetType(String(d.id));
        await walk(target.getAssignedUsers(['id', 'name', 'user_type', 'tasks'], { business: job.businessId, limit }), (u) =>
          holding(memberIds.get(String(u.id)), asset!.id, u.tasks));
      });
    }
    if (tokenless.size > 0) {
      for (const person of people) {
        const who = person.kind === 'system_user' ? new SystemUser(person.id) : new BusinessUser(person.id);
        await walk(who.getAssignedPages(['id', 'tasks'], { limit }), async (p) => {
          const assetId = tokenless.get(String(p.id));
          if (assetId) await holding(memberIds.get(person.id), assetId, p.tasks);
        });
      }
    }
    return { mode: 'naive', totalMs: performance.now() - t0, fetchMs, mapMs: 0, writeMs, inserts, rows };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main() {
  if (global.gc) global.gc();
  const baselineRssBytes = process.memoryUsage().rss;
  const sampler = rssSampler();
  const result = job.mode === 'naive' ? await naive() : await hubkeeper();
  const sampledPeakRssBytes = sampler.stop();
  const full: WorkerResult = { ...result, baselineRssBytes, sampledPeakRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.send!(full, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

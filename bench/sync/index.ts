import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { applyMigrations, createDatabase } from '../../db/client.js';
import { hubs } from '../../db/schema.js';
import { seal } from '../../src/services/hub-setup/secrets.js';
import { generateBusiness, startFakeMeta, type FakeBusinessData, type FakeMeta } from '../../test/fakes/fake-meta.js';
import { freshDatabase } from '../../test/support/database.js';
import { printTable, round } from '../lib/stats.js';
import type { WorkerJob, WorkerResult } from './worker.js';

/*
 * A first import of a big business: 20,000 members, 500 invitations, 3,000 assets, 25 ms per Graph request.
 *
 * Hubkeeper: what the sync job does (fetchSnapshot staging each piece as it arrives → flush the stage → merge
 * it in one transaction → drop the stage) with the client's defaults (page size 100, 8 in flight per business),
 * in a child process so its peak RSS is its own.
 * Naive: the official facebook-nodejs-business-sdk, every cursor walked one page after another (limit 25),
 * one assigned_users call per asset, one autocommitted INSERT per row — also in its own child process.
 * Floor: the network critical path of Hubkeeper's request plan at its concurrency (computed below).
 *
 * How requests are charged: every HTTP request costs SYNC_BENCH_LATENCY_MS (25). A Graph batch is ONE HTTP
 * request; its ops cost SYNC_BENCH_BATCH_OP_MS each on top (default 0: a batch of 50 is one 25 ms round
 * trip). That is generous to batching; the floor charges batches exactly the same way, so the ratio is fair.
 *
 * Env (smoke run): SYNC_BENCH_MEMBERS, SYNC_BENCH_INVITATIONS, SYNC_BENCH_ASSETS, SYNC_BENCH_LATENCY_MS,
 * SYNC_BENCH_BATCH_OP_MS, SYNC_BENCH_MAX_LIMIT (largest page the fake serves, 100), SYNC_BENCH_PAGE_SIZE and
 * SYNC_BENCH_CONCURRENCY (override the client's defaults), SYNC_BENCH_NAIVE_FRACTION (run the naive import
 * on that proportional sample and extrapolate; default: 1, or a sample when the full run would exceed ~3 min),
 * SYNC_BENCH_NAIVE=0 (Hubkeeper only, raw JSON: a profiling aid), SYNC_BENCH_PROFILE=<dir> (CPU profiles of the children).
 */
const int = (name: string, fallback: number) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const MEMBERS = int('SYNC_BENCH_MEMBERS', 20_000);
const INVITATIONS = int('SYNC_BENCH_INVITATIONS', 500);
const ASSETS = int('SYNC_BENCH_ASSETS', 3_000);
const LATENCY_MS = int('SYNC_BENCH_LATENCY_MS', 25);
const BATCH_OP_MS = int('SYNC_BENCH_BATCH_OP_MS', 0);
const MAX_LIMIT = int('SYNC_BENCH_MAX_LIMIT', 100);
/** The client's defaults (src/meta/client.ts); checked against the requests actually made. */
const PAGE_SIZE = int('SYNC_BENCH_PAGE_SIZE', 100);
const CONCURRENCY = int('SYNC_BENCH_CONCURRENCY', 8);
const NAIVE_LIMIT = 25;
const BATCH_SIZE = 50;
const SYSTEM_USERS = 3;
const PARTNERS = 5;
const NAIVE_BUDGET_MS = 170_000;
const TARGET = { floorRatio: 1.3, speedup: 5, rssMb: 300 };

const TOKEN = 'EAAB' + randomBytes(24).toString('hex');
const BUSINESS_ID = '1000000001';
const mb = (bytes: number) => round(bytes / 2 ** 20, 0);
const s = (ms: number) => round(ms / 1000, 2);

/** 3,000 assets split the way a large advertiser's look: mostly ad accounts and pages. */
function business(scale: number): FakeBusinessData {
  const assets = Math.round(ASSETS * scale);
  const shares = [0.4, 0.1, 0.27, 0.07, 0.1, 0.04]; // owned/client ad accounts, owned/client pages, pixels, owned catalogs
  const counts = shares.map((share) => Math.round(assets * share));
  const clientCatalogs = Math.max(0, assets - counts.reduce((a, b) => a + b, 0));
  return generateBusiness({
    id: BUSINESS_ID,
    name: 'Bench Ads',
    domain: 'bench.example',
    members: Math.round(MEMBERS * scale),
    invitations: Math.round(INVITATIONS * scale),
    systemUsers: SYSTEM_USERS,
    partners: PARTNERS,
    adAccounts: counts[0],
    clientAdAccounts: counts[1],
    pages: counts[2],
    clientPages: counts[3],
    pixels: counts[4],
    catalogs: counts[5],
    clientCatalogs,
    seed: 7,
  });
}

/** Items per edge that both imports read (the same 11 business edges). */
function edgeSizes(biz: FakeBusinessData): Record<string, number> {
  const assets = (kind: string, ownership: string) => biz.assets.filter((a) => a.kind === kind && a.ownership === ownership).length;
  return {
    business_users: biz.users.length,
    pending_users: biz.invitations.length,
    system_users: biz.systemUsers.length,
    agencies: biz.partners.length,
    owned_ad_accounts: assets('ad_account', 'owned'),
    client_ad_accounts: assets('ad_account', 'client'),
    owned_pages: assets('page', 'owned'),
    client_pages: assets('page', 'client'),
    owned_pixels: assets('pixel', 'owned'),
    owned_product_catalogs: assets('catalog', 'owned'),
    client_product_catalogs: assets('catalog', 'client'),
  };
}
const ASSET_EDGE = /ad_accounts|pages|pixels|catalogs/;

/**
 * The floor: no client can beat either bound below, whatever it does, for the requests Meta requires.
 *  - which requests: every page of the 11 edges; `assigned_users` of every asset, 50 ops to a batch. A Page's
 *    `assigned_users` answers only that Page's token, which Meta gives (as the listing's `access_token` field,
 *    no extra request) only for Pages the system user has. If any Page has none, the only way to learn who holds
 *    it is `GET /{user-id}/assigned_pages` for every business user and system user (reference §15): then those
 *    ⌈people / 50⌉ batches are required, and they answer for every Page, so no Page needs a batch op of its own.
 *  - chain: pages of one edge are sequential (each needs the previous page's cursor); an asset edge's last
 *    assets can only be batched after its last page, and the last people only after business_users' last
 *    page, so such an edge's chain is its pages + one batch (+ the longest continuation after it).
 *  - throughput: every request of the plan (pages + batches + continuation pages) at most `concurrency` at a time.
 */
function floorOf(biz: FakeBusinessData) {
  const served = Math.min(PAGE_SIZE, MAX_LIMIT);
  const pages = (n: number) => Math.max(1, Math.ceil(n / served));
  const sizes = edgeSizes(biz);
  const holdersPages = (n: number) => pages(n) - 1;
  const systemUser = biz.systemUsers[0]?.id;
  const perPerson = biz.assets.some((a) => a.kind === 'page' && !a.assigned.some((x) => x.userId === systemUser));
  const perAsset = perPerson ? biz.assets.filter((a) => a.kind !== 'page') : biz.assets;
  const pagesHeld = new Map<string, number>();
  for (const a of biz.assets) if (a.kind === 'page') for (const x of a.assigned) pagesHeld.set(x.userId, (pagesHeld.get(x.userId) ?? 0) + 1);
  const people = perPerson ? biz.users.length + biz.systemUsers.length : 0;
  const personContinuation = perPerson ? [...pagesHeld.values()].reduce((sum, n) => sum + holdersPages(n), 0) : 0;
  const longestOf = (list: Array<{ id: string }>) => Math.max(0, ...list.map((p) => holdersPages(pagesHeld.get(p.id) ?? 0)));
  const continuation = perAsset.reduce((sum, a) => sum + holdersPages(a.assigned.length), 0) + personContinuation;
  const assetBatches = Math.ceil(perAsset.length / BATCH_SIZE);
  const personBatches = Math.ceil(people / BATCH_SIZE);
  const batches = assetBatches + personBatches;
  const batchOps = perAsset.length + people;
  const batchMs = (ops: number) => LATENCY_MS + ops * BATCH_OP_MS;
  const longestAsset = Math.max(0, ...perAsset.map((a) => holdersPages(a.assigned.length)));
  let chainMs = 0;
  let chainEdge = '';
  let pageRequests = 0;
  for (const [edge, n] of Object.entries(sizes)) {
    pageRequests += pages(n);
    let ms = pages(n) * LATENCY_MS;
    if (ASSET_EDGE.test(edge) && n > 0 && !(perPerson && edge.endsWith('_pages'))) ms += batchMs(1) + longestAsset * LATENCY_MS;
    if (edge === 'business_users' && perPerson) ms += batchMs(1) + longestOf(biz.users) * LATENCY_MS;
    if (edge === 'system_users' && perPerson) ms += batchMs(1) + longestOf(biz.systemUsers) * LATENCY_MS;
    if (ms > chainMs) [chainMs, chainEdge] = [ms, edge];
  }
  const workMs = (pageRequests + continuation + batches) * LATENCY_MS + batchOps * BATCH_OP_MS;
  const requests = pageRequests + batches + continuation;
  const throughputMs = workMs / CONCURRENCY;
  const floorMs = Math.max(chainMs, throughputMs);
  const formula =
    `floor = max(longest chain, Σ request time / concurrency) = max(${chainEdge}: ${Math.round(chainMs / LATENCY_MS)} × ${LATENCY_MS} ms, ` +
    `${requests} requests (${pageRequests} pages + ${assetBatches} assigned_users batches + ${personBatches} assigned_pages batches of ≤${BATCH_SIZE} + ${continuation} continuation pages) × ${LATENCY_MS} ms` +
    `${BATCH_OP_MS ? ` + ${batchOps} ops × ${BATCH_OP_MS} ms` : ''} / ${CONCURRENCY}) = max(${Math.round(chainMs)}, ${Math.round(throughputMs)}) = ${Math.round(floorMs)} ms` +
    ` [page = min(pageSize ${PAGE_SIZE}, fake max ${MAX_LIMIT}) = ${served}; ${perPerson ? 'some Pages have no token for the system user, so every person\'s assigned_pages is required' : 'every Page has a token'}]`;
  return { floorMs, chainMs, chainEdge, throughputMs, requests, pageRequests, batches, batchOps, continuation, formula };
}

/**
 * What the naive walk will do: every edge at limit 25, then one assigned_users walk per asset (a Page's with
 * its token), and every person's assigned_pages walk when some Page has no token.
 */
function naivePlan(biz: FakeBusinessData) {
  const pages = (n: number) => Math.max(1, Math.ceil(n / Math.min(NAIVE_LIMIT, MAX_LIMIT)));
  const edgePages = Object.values(edgeSizes(biz)).reduce((sum, n) => sum + pages(n), 0);
  const systemUser = biz.systemUsers[0]?.id;
  const hasToken = (a: FakeBusinessData['assets'][number]) => a.kind !== 'page' || a.assigned.some((x) => x.userId === systemUser);
  const assignedPages = biz.assets.filter(hasToken).reduce((sum, a) => sum + pages(a.assigned.length), 0);
  const held = new Map<string, number>();
  for (const a of biz.assets) if (a.kind === 'page') for (const x of a.assigned) held.set(x.userId, (held.get(x.userId) ?? 0) + 1);
  const perPerson = biz.assets.every(hasToken) ? 0 : [...biz.users, ...biz.systemUsers].reduce((sum, p) => sum + pages(held.get(p.id) ?? 0), 0);
  const members = biz.users.length + biz.invitations.length + biz.systemUsers.length + biz.partners.length;
  const holdings = biz.assets.reduce((sum, a) => sum + a.assigned.length, 0);
  return { requests: edgePages + assignedPages + perPerson, rows: members + biz.assets.length + holdings };
}

async function prepareDatabase(prefix: string) {
  const fresh = await freshDatabase(prefix);
  await applyMigrations(fresh.url);
  const database = createDatabase(fresh.url, { max: 2 });
  const [hub] = await database.db
    .insert(hubs)
    .values({
      label: 'Bench Ads', businessId: BUSINESS_ID, appId: '2000000002', loginMethod: 'password', channelId: 'C0BENCH',
      accessTokenSealed: seal(TOKEN, randomBytes(32).toString('base64')), connectedBy: 'UBENCH',
    })
    .returning({ id: hubs.id });
  return {
    hubId: hub!.id,
    async rowCounts() {
      const [row] = await database.sql<Array<{ members: number; assets: number; member_assets: number }>>`
        select (select count(*) from members)::int as members, (select count(*) from assets)::int as assets,
               (select count(*) from member_assets)::int as member_assets`;
      return row!;
    },
    async drop() {
      await database.close();
      await fresh.drop();
    },
    url: fresh.url,
  };
}

function runWorker(job: WorkerJob): Promise<WorkerResult> {
  const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', ...(process.env.SYNC_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SYNC_BENCH_PROFILE}`] : [])],
    env: { ...process.env, SYNC_BENCH_JOB: JSON.stringify(job) },
  });
  return new Promise((resolve, reject) => {
    let result: WorkerResult | undefined;
    child.on('message', (message) => (result = message as WorkerResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${job.mode} import exited with ${code}`))));
  });
}

/** Where the time of the longest chain went: the fake's time per request vs the client's turnaround. */
function chainStats(fake: FakeMeta, edge: string) {
  const calls = fake.requests.filter((r) => r.route === `GET /{id}/${edge}`);
  if (calls.length === 0) return undefined;
  const serverMs = calls.reduce((sum, r) => sum + r.ms, 0) / calls.length;
  const gaps = calls.slice(1).map((r, i) => r.at - (calls[i]!.at + calls[i]!.ms));
  return {
    requests: calls.length,
    serverMs,
    turnaroundMs: gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length),
    spanMs: calls.at(-1)!.at + calls.at(-1)!.ms - calls[0]!.at,
    startMs: calls[0]!.at - (fake.requests[0]?.at ?? calls[0]!.at),
  };
}

async function importWith(fake: FakeMeta, mode: WorkerJob['mode'], chainEdge = 'business_users') {
  const db = await prepareDatabase(`hubkeeper_bench_sync_${mode}`);
  try {
    fake.resetRecording();
    const result = await runWorker({
      mode, graphUrl: fake.url, databaseUrl: db.url, businessId: BUSINESS_ID, token: TOKEN, hubId: db.hubId,
      ...(mode === 'naive' ? { pageSize: NAIVE_LIMIT } : {
        ...(process.env.SYNC_BENCH_PAGE_SIZE ? { pageSize: PAGE_SIZE } : {}),
        ...(process.env.SYNC_BENCH_CONCURRENCY ? { maxInFlightPerBusiness: CONCURRENCY } : {}),
      }),
    });
    return { result, counts: fake.counts(), chain: chainStats(fake, chainEdge), stored: await db.rowCounts() };
  } finally {
    await db.drop();
  }
}

/**
 * A calibration, not a floor: the same import of a business with only its people (no assets, so no batches),
 * whose time is the chain of business_users pages as this machine serves it now (the fake's own work, timer
 * slack and a busy machine's scheduling included). A shared machine makes every 25 ms round trip longer.
 */
async function bareChain(): Promise<{ ms: number }> {
  const people = generateBusiness({ id: BUSINESS_ID, name: 'Bench Ads', domain: 'bench.example', members: MEMBERS, systemUsers: SYSTEM_USERS, seed: 7 });
  const fake = await startFakeMeta({ business: people, tokens: [TOKEN], latencyMs: LATENCY_MS, batchOpLatencyMs: BATCH_OP_MS, maxLimit: MAX_LIMIT });
  try {
    const run = await importWith(fake, 'hubkeeper');
    const calls = fake.requests.filter((r) => r.route === 'GET /{id}/business_users');
    return { ms: calls.length ? calls.at(-1)!.at + calls.at(-1)!.ms - calls[0]!.at : run.result.fetchMs };
  } finally {
    await fake.close();
  }
}

async function main() {
  const full = business(1);
  const floor = floorOf(full);
  const fakeOptions = { tokens: [TOKEN], latencyMs: LATENCY_MS, batchOpLatencyMs: BATCH_OP_MS, maxLimit: MAX_LIMIT };

  // Hubkeeper first, alone.
  const fake = await startFakeMeta({ business: full, ...fakeOptions });
  const ours = await importWith(fake, 'hubkeeper', floor.chainEdge);
  const bare = await bareChain();
  const bareNote = `the bare ${floor.chainEdge} chain alone took ${s(bare.ms)} s = ${round(bare.ms / floor.floorMs)}× floor on this machine just now`;
  if (process.env.SYNC_BENCH_NAIVE === '0') {
    // Profiling aid: Hubkeeper only.
    console.log(JSON.stringify({ bench: 'sync', partial: true, floor_ms: Math.round(floor.floorMs), floor_formula: floor.formula, hubkeeper: ours }));
    const r = ours.result;
    console.log(
      `sync: ${round(r.totalMs / floor.floorMs)}× floor (${s(r.totalMs)} s vs ${s(floor.floorMs)} s, target ≤ ${TARGET.floorRatio}×; fetch ${round(r.fetchMs / floor.floorMs)}×, ` +
        `merge ${Math.round(r.mergeMs ?? r.writeMs)} ms; ${ours.counts.httpRequests} requests vs ${floor.requests} in the floor's plan; ` +
        `${mb(Math.max(r.maxRssBytes, r.sampledPeakRssBytes))} MB peak RSS; ${bareNote}; naive walk not run)`,
    );
    return void (await fake.close());
  }

  // Naive: the full business when it fits the time budget, else a proportional sample, extrapolated.
  const plan = naivePlan(full);
  const estimateMs = plan.requests * (LATENCY_MS + 4) + plan.rows * 1.5;
  const fraction = Math.min(1, Number(process.env.SYNC_BENCH_NAIVE_FRACTION) || (estimateMs <= NAIVE_BUDGET_MS ? 1 : 0.1));
  let naiveFake = fake;
  let sample = full;
  if (fraction < 1) {
    sample = business(fraction);
    naiveFake = await startFakeMeta({ business: sample, ...fakeOptions });
  }
  const naive = await importWith(naiveFake, 'naive');
  if (naiveFake !== fake) await naiveFake.close();
  await fake.close();

  // Extrapolation (sample only): measured cost per request and per INSERT, times the full plan's counts.
  const samplePlan = naivePlan(sample);
  const extrapolated = fraction < 1;
  const perRequest = naive.result.fetchMs / naive.counts.httpRequests;
  const perInsert = naive.result.writeMs / Math.max(1, naive.result.inserts);
  const otherPerRow = (naive.result.totalMs - naive.result.fetchMs - naive.result.writeMs) / Math.max(1, samplePlan.rows);
  const naiveRequests = extrapolated ? plan.requests : naive.counts.httpRequests;
  const naiveInserts = extrapolated ? Math.round(naive.result.inserts * (plan.rows / samplePlan.rows)) : naive.result.inserts;
  const naiveFetchMs = extrapolated ? perRequest * naiveRequests : naive.result.fetchMs;
  const naiveWriteMs = extrapolated ? perInsert * naiveInserts : naive.result.writeMs;
  const naiveWallMs = extrapolated ? naiveFetchMs + naiveWriteMs + otherPerRow * plan.rows : naive.result.totalMs;

  const r = ours.result;
  const c = ours.counts;
  const peakRss = Math.max(r.maxRssBytes, r.sampledPeakRssBytes);
  const naivePeakRss = Math.max(naive.result.maxRssBytes, naive.result.sampledPeakRssBytes);
  const wallRatio = r.totalMs / floor.floorMs;
  const fetchRatio = r.fetchMs / floor.floorMs;
  const speedup = naiveWallMs / r.totalMs;
  const label = extrapolated ? `naive SDK walk, EXTRAPOLATED from a 1/${round(1 / fraction, 1)} sample` : 'naive SDK walk (full)';

  console.log(
    `Business: ${full.users.length} members, ${full.invitations.length} invitations, ${full.systemUsers.length} system users, ` +
      `${full.partners.length} partners, ${full.assets.length} assets (${Object.entries(edgeSizes(full)).filter(([e]) => ASSET_EDGE.test(e)).map(([e, n]) => `${e} ${n}`).join(', ')}).`,
  );
  console.log(`Fake Graph: ${LATENCY_MS} ms per HTTP request; a batch is one HTTP request and each of its ops adds ${BATCH_OP_MS} ms${BATCH_OP_MS === 0 ? ' (a batch of 50 = one 25 ms round trip)' : ''}; pages capped at ${MAX_LIMIT}.`);
  printTable([
    {
      run: 'floor (network critical path)', wall_s: s(floor.floorMs), fetch_s: s(floor.floorMs), write_s: '-',
      http_requests: floor.requests, batch_ops: floor.batchOps, inserts: '-', peak_rss_mb: '-', vs_floor: 1,
    },
    {
      run: `Hubkeeper (pageSize ${PAGE_SIZE}, ${CONCURRENCY} in flight)`, wall_s: s(r.totalMs), fetch_s: s(r.fetchMs), write_s: s(r.writeMs + r.mapMs),
      http_requests: c.httpRequests, batch_ops: c.batchOps, inserts: '-', peak_rss_mb: mb(peakRss), vs_floor: round(wallRatio),
    },
    {
      run: label, wall_s: s(naiveWallMs), fetch_s: s(naiveFetchMs), write_s: s(naiveWriteMs),
      http_requests: naiveRequests, batch_ops: 0, inserts: naiveInserts, peak_rss_mb: mb(naivePeakRss), vs_floor: round(naiveWallMs / floor.floorMs),
    },
  ]);
  console.log(floor.formula);
  console.log(
    `Hubkeeper: fetch (staging as pages arrive) ${Math.round(r.fetchMs)} ms (fetch / floor ${round(fetchRatio)}) + rest of the stage ${Math.round(r.mapMs)} ms + ` +
      `merge ${Math.round(r.mergeMs ?? r.writeMs)} ms (one transaction) + dropping the stage ${Math.round(r.writeMs - (r.mergeMs ?? r.writeMs))} ms = ${Math.round(r.totalMs)} ms (whole import / floor ${round(wallRatio)}, target ≤ ${TARGET.floorRatio}); ` +
      `max in flight ${c.maxInFlightByBusiness[BUSINESS_ID] ?? c.maxInFlight}; rows ${ours.stored.members} members, ${ours.stored.assets} assets, ${ours.stored.member_assets} holdings.`,
  );
  const ch = ours.chain;
  if (ch) {
    console.log(
      `Longest chain (${floor.chainEdge}): ${ch.requests} requests over ${Math.round(ch.spanMs)} ms = ${round(ch.spanMs / ch.requests, 1)} ms each: ` +
        `${round(ch.serverMs, 1)} ms inside the fake (latency ${LATENCY_MS} ms + its own work and timer slack) + ${round(ch.turnaroundMs, 1)} ms client turnaround ` +
        `(response → next request, incl. waiting for a slot).`,
    );
  }
  console.log(`Hubkeeper peak RSS ${mb(peakRss)} MB (baseline before the import ${mb(r.baselineRssBytes)} MB; maxRSS ${mb(r.maxRssBytes)} MB, 50 ms samples ${mb(r.sampledPeakRssBytes)} MB; target ≤ ${TARGET.rssMb} MB).`);
  console.log(
    `Naive: ${naive.counts.httpRequests} requests, ${naive.result.inserts} INSERTs in ${Math.round(naive.result.totalMs)} ms` +
      (extrapolated ? ` on the sample (${round(perRequest, 1)} ms/request, ${round(perInsert, 2)} ms/INSERT) → ${naiveRequests} requests, ${naiveInserts} INSERTs at full size` : '') +
      `; Hubkeeper is ${round(speedup, 1)}× faster (target ≥ ${TARGET.speedup}×).`,
  );
  if (c.httpRequests !== floor.requests) console.log(`Note: Hubkeeper made ${c.httpRequests} HTTP requests; the floor's plan has ${floor.requests}.`);
  if (ours.stored.members !== r.rows.members || ours.stored.assets !== r.rows.assets) console.log('WARNING: Hubkeeper stored rows differ from what it imported');

  const pass = { floor: wallRatio <= TARGET.floorRatio, speedup: speedup >= TARGET.speedup, rss: mb(peakRss) <= TARGET.rssMb };
  console.log(JSON.stringify({
    bench: 'sync',
    members: full.users.length, invitations: full.invitations.length, assets: full.assets.length,
    latency_ms: LATENCY_MS, batch_op_latency_ms: BATCH_OP_MS, page_size: PAGE_SIZE, max_limit: MAX_LIMIT, concurrency: CONCURRENCY,
    floor_ms: Math.round(floor.floorMs), floor_chain_ms: Math.round(floor.chainMs), floor_throughput_ms: Math.round(floor.throughputMs), floor_requests: floor.requests,
    hubkeeper_wall_ms: Math.round(r.totalMs), hubkeeper_fetch_ms: Math.round(r.fetchMs), hubkeeper_write_ms: Math.round(r.writeMs + r.mapMs),
    hubkeeper_merge_ms: Math.round(r.mergeMs ?? 0),
    hubkeeper_http_requests: c.httpRequests, hubkeeper_batch_requests: c.batchRequests, hubkeeper_batch_ops: c.batchOps,
    hubkeeper_peak_rss_mb: mb(peakRss),
    chain_requests: ch?.requests, chain_span_ms: ch && Math.round(ch.spanMs), chain_fake_ms_per_request: ch && round(ch.serverMs, 1), chain_client_turnaround_ms: ch && round(ch.turnaroundMs, 1),
    wall_vs_floor: round(wallRatio), fetch_vs_floor: round(fetchRatio),
    naive_wall_ms: Math.round(naiveWallMs), naive_fetch_ms: Math.round(naiveFetchMs), naive_write_ms: Math.round(naiveWriteMs),
    naive_http_requests: naiveRequests, naive_inserts: naiveInserts, naive_extrapolated: extrapolated, naive_sample_fraction: fraction,
    speedup_vs_naive: round(speedup, 1), bare_chain_ms: Math.round(bare.ms),
    target_wall_vs_floor: TARGET.floorRatio, target_speedup: TARGET.speedup, target_peak_rss_mb: TARGET.rssMb, pass,
  }));
  console.log(
    `sync: ${round(wallRatio)}× floor (${s(r.totalMs)} s vs ${s(floor.floorMs)} s, target ≤ ${TARGET.floorRatio}×; fetch ${round(fetchRatio)}×, ` +
      `merge ${Math.round(r.mergeMs ?? r.writeMs)} ms; ${c.httpRequests} requests vs ${floor.requests} in the floor's plan; ${mb(peakRss)} MB peak RSS; ` +
      `${round(speedup, 1)}× faster than the naive walk${extrapolated ? ' (extrapolated)' : ''}; ${bareNote}) ${Object.values(pass).every(Boolean) ? 'PASS' : 'MISS'}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

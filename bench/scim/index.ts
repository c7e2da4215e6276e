import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Pool } from 'undici';
import { applyMigrations, ensureDatabase } from '../../db/client.js';
import { testPostgresUrl } from '../../test/support/database.js';
import { percentile, printTable, round, runConcurrently } from '../lib/stats.js';

/*
 * An initial import the way Entra does it: for each user, look it up by userName and create it when missing;
 * then for each group, look it up, create it, and add its members by PATCH. Concurrency 8, against a fresh
 * database, with the server in its own process. Target on the 2-core machine: ≥ 2,000 requests/s and
 * p99 ≤ 25 ms over the import; every user findable afterwards (checked, not timed into the import).
 *
 * The floor, measured in the same run against its own fresh database: a bare Node HTTP server (floor.ts, also
 * its own process) making one Postgres insert per request, sent the same user bodies by the same client at the
 * same concurrency. The closing line gives the import's rate as a fraction of the floor's.
 *
 * Postgres: the one `npm run bench` hands every benchmark (TEST_POSTGRES_URL: the embedded PostgreSQL it
 * starts, or the server you name there); nothing else to set up.
 *
 * Knobs: SCIM_BENCH_USERS (20000; shrink for a smoke run), SCIM_BENCH_GROUPS (200, scaled down with users),
 * SCIM_BENCH_MEMBERS_PER_PATCH (100), SCIM_BENCH_CONCURRENCY (8), SCIM_BENCH_PROFILE=<dir> (server CPU profile).
 */
const int = (name: string, fallback: number) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const USERS = int('SCIM_BENCH_USERS', 20_000);
const GROUPS = int('SCIM_BENCH_GROUPS', Math.max(1, Math.round((200 * Math.min(USERS, 20_000)) / 20_000)));
const MAX_MEMBERS = Math.min(2_000, USERS);
/** Members per PATCH: Entra batches membership changes; 100 is a common cap among SCIM services. */
const PER_PATCH = int('SCIM_BENCH_MEMBERS_PER_PATCH', 100);
const CONCURRENCY = int('SCIM_BENCH_CONCURRENCY', 8);
const TARGET = { rps: 2_000, p99Ms: 25 };

type Phase = { name: string; latencies: number[]; seconds: number };

const token = randomBytes(24).toString('hex');
const adminUrl = await testPostgresUrl();
const databaseNamed = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}_${randomBytes(4).toString('hex')}` }).toString();
const databaseUrl = databaseNamed('hubkeeper_bench_scim');
const floorDatabaseUrl = databaseNamed('hubkeeper_bench_scim_floor');

async function startServer(file = './server.ts', url = databaseUrl) {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), {
    execArgv: ['--import', 'tsx', ...(process.env.SCIM_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCIM_BENCH_PROFILE}`] : [])],
    env: { ...process.env, SCIM_BENCH_DATABASE_URL: url, SCIM_BENCH_TOKEN: token },
  });
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return { child, origin: `http://127.0.0.1:${message.port}` };
}

function client(pool: Pool, prefix = '/scim/v2') {
  return async function call(phase: Phase, method: string, path: string, body?: unknown) {
    const started = performance.now();
    const response = await pool.request({
      method: method as 'GET',
      path: `${prefix}${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        'user-agent': 'Hubkeeper bench (Entra-style initial cycle)',
        ...(body ? { 'content-type': 'application/scim+json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.body.text();
    phase.latencies.push(performance.now() - started);
    return { status: response.statusCode, json: text ? JSON.parse(text) : null };
  };
}

async function timed(phase: Phase, work: () => Promise<void>) {
  const started = performance.now();
  await work();
  phase.seconds = (performance.now() - started) / 1000;
}

const filterBy = (attribute: string, value: string) => `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`;
const expectStatus = (what: string, actual: number, expected: number, json: unknown) => {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual} ${JSON.stringify(json)}`);
};

function userBody(i: number) {
  const userName = `bench.user${i}@contoso.example`;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId: `bench${i}`,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: `Bench User${i}`, familyName: `User${i}`, givenName: 'Bench' },
    title: 'Engineer',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: `Dept ${i % 40}`, employeeNumber: String(100000 + i) },
    roles: [],
  };
}

/** Group g gets a contiguous run of users, sizes spread evenly up to MAX_MEMBERS. */
function membersOf(g: number, ids: string[]): string[] {
  const size = Math.max(1, Math.round((MAX_MEMBERS * (g + 1)) / GROUPS));
  return Array.from({ length: size }, (_, k) => ids[(g * 97 + k) % ids.length]!);
}

const dropDatabase = async (url: string) => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  await admin.end();
};

/** The floor: every user body POSTed once to the bare insert-per-request server. */
async function measureFloor(): Promise<Phase> {
  const floor: Phase = { name: 'floor: bare Node HTTP + one insert', latencies: [], seconds: 0 };
  await ensureDatabase(floorDatabaseUrl);
  const { child, origin } = await startServer('./floor.ts', floorDatabaseUrl);
  const pool = new Pool(origin, { connections: CONCURRENCY, keepAliveTimeout: 60_000 });
  const call = client(pool, '');
  try {
    await timed(floor, () => runConcurrently(USERS, CONCURRENCY, async (i) => {
      const created = await call(floor, 'POST', '/Users', userBody(i));
      expectStatus('floor insert', created.status, 201, created.json);
    }));
  } finally {
    await pool.close();
    child.disconnect();
    await once(child, 'exit');
    await dropDatabase(floorDatabaseUrl);
  }
  return floor;
}

async function main() {
  const floor = await measureFloor();
  await ensureDatabase(databaseUrl);
  await applyMigrations(databaseUrl);
  const { child, origin } = await startServer();
  const pool = new Pool(origin, { connections: CONCURRENCY, keepAliveTimeout: 60_000 });
  const call = client(pool);
  const users: Phase = { name: 'users: filter + create', latencies: [], seconds: 0 };
  const groups: Phase = { name: 'groups: filter + create + PATCH members', latencies: [], seconds: 0 };
  const verify: Phase = { name: 'verify: every user by userName', latencies: [], seconds: 0 };
  const ids: string[] = new Array(USERS);
  let memberships = 0;
  let storedMemberships = 0;
  let found = 0;
  try {
    await timed(users, () => runConcurrently(USERS, CONCURRENCY, async (i) => {
      const body = userBody(i);
      const lookup = await call(users, 'GET', `/Users?${filterBy('userName', body.userName)}`);
      expectStatus('user lookup', lookup.status, 200, lookup.json);
      const created = await call(users, 'POST', '/Users', body);
      expectStatus('user create', created.status, 201, created.json);
      ids[i] = created.json.id;
    }));
    await timed(groups, () => runConcurrently(GROUPS, CONCURRENCY, async (g) => {
      const displayName = `Bench group ${g}`;
      const lookup = await call(groups, 'GET', `/Groups?excludedAttributes=members&${filterBy('displayName', displayName)}`);
      expectStatus('group lookup', lookup.status, 200, lookup.json);
      const created = await call(groups, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], externalId: `g${g}`, displayName, meta: { resourceType: 'Group' } });
      expectStatus('group create', created.status, 201, created.json);
      const members = membersOf(g, ids);
      memberships += members.length;
      for (let start = 0; start < members.length; start += PER_PATCH) {
        const value = members.slice(start, start + PER_PATCH).map((id) => ({ $ref: null, value: id }));
        const patched = await call(groups, 'PATCH', `/Groups/${created.json.id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Add', path: 'members', value }],
        });
        expectStatus('group PATCH', patched.status, 204, patched.json);
      }
    }));
    await timed(verify, () => runConcurrently(USERS, CONCURRENCY, async (i) => {
      const lookup = await call(verify, 'GET', `/Users?${filterBy('userName', userBody(i).userName.toUpperCase())}&attributes=id`);
      if (lookup.status === 200 && lookup.json.totalResults === 1 && lookup.json.Resources[0].id === ids[i]) found++;
    }));
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    [{ memberships: storedMemberships }] = (await sql`select count(*)::int as memberships from directory_group_members`) as unknown as [{ memberships: number }];
    await sql.end();
  } finally {
    await pool.close();
    child.disconnect();
    await once(child, 'exit');
    await dropDatabase(databaseUrl);
  }

  const row = (phase: Pick<Phase, 'name' | 'latencies' | 'seconds'>) => ({
    phase: phase.name,
    requests: phase.latencies.length,
    seconds: round(phase.seconds),
    'req/s': round(phase.latencies.length / phase.seconds, 0),
    'p50 ms': round(percentile(phase.latencies, 50)),
    'p99 ms': round(percentile(phase.latencies, 99)),
    'max ms': round(Math.max(...phase.latencies)),
  });
  const imported = { name: 'import total (users + groups)', latencies: [...users.latencies, ...groups.latencies], seconds: users.seconds + groups.seconds };
  const total = row(imported);
  const floorRow = row(floor);
  printTable([row(users), row(groups), total, row(verify), floorRow]);
  const ratio = round(total['req/s'] / floorRow['req/s'], 3);
  const correct = found === USERS && storedMemberships === memberships;
  const result = {
    bench: 'scim',
    users: USERS,
    groups: GROUPS,
    memberships: storedMemberships,
    requests: total.requests,
    seconds: total.seconds,
    rps: total['req/s'],
    p50_ms: total['p50 ms'],
    p99_ms: total['p99 ms'],
    users_found: found,
    floor_rps: floorRow['req/s'],
    floor_p99_ms: floorRow['p99 ms'],
    ratio_to_floor: ratio,
    target: TARGET,
    meets_target: total['req/s'] >= TARGET.rps && total['p99 ms'] <= TARGET.p99Ms,
    correct,
  };
  console.log(JSON.stringify(result));
  console.log(`scim: ${ratio}× floor (${total['req/s']} req/s, p99 ${total['p99 ms']} ms over ${total.requests} requests; floor ${floorRow['req/s']} req/s, p99 ${floorRow['p99 ms']} ms)`
    + ` — target ≥ ${TARGET.rps} req/s, p99 ≤ ${TARGET.p99Ms} ms: ${result.meets_target ? 'met' : 'missed'}${correct ? '' : '; RESULT WRONG'}`);
  if (!correct) process.exitCode = 1;
}

await main();

import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { probeRedis, testRedisUrl } from '../test/support/backends.js';
import { compareBackends } from './lib/backends.js';
import { startEmbeddedPostgres } from '../db/embedded.js';

// `npm run bench` runs every benchmark; `npm run bench ack sync` runs the named ones. The benchmarks that go
// through the queues (approve, notify, sync) run on each backend in BENCH_BACKEND (postgres, redis, or both:
// the default when a Redis answers) and then print the PostgreSQL/Redis ratio of their times.
const dir = fileURLToPath(new URL('.', import.meta.url));
const all = readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${dir}/${entry.name}/index.ts`))
  .map((entry) => entry.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${all.join(', ')}`);
  process.exit(2);
}
const ON_BOTH = ['approve', 'notify', 'review', 'sync'];
const choice = process.env.BENCH_BACKEND ?? ((await probeRedis(testRedisUrl)).ok ? 'both' : 'postgres');
if (!['postgres', 'redis', 'both'].includes(choice)) {
  console.error(`BENCH_BACKEND must be postgres, redis or both (not ${choice})`);
  process.exit(2);
}
const backends = choice === 'both' ? ['postgres', 'redis'] : [choice];

// Without TEST_POSTGRES_URL, one embedded PostgreSQL serves every benchmark (each makes its own database).
const embedded = process.env.TEST_POSTGRES_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: `${dir}/../.hubkeeper/bench-${process.pid}`, temporary: true, settings: { max_connections: '500' } });
const postgresUrl = process.env.TEST_POSTGRES_URL ?? embedded!.url;

let failed = 0;
for (const name of wanted.length ? wanted : all) {
  const figures: Record<string, Record<string, unknown>> = {};
  for (const backend of ON_BOTH.includes(name) ? backends : ['postgres']) {
    console.log(`\n=== bench/${name}${ON_BOTH.includes(name) ? ` (queues on ${backend})` : ''} ===`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}/${name}/index.ts`], {
      stdio: ['inherit', 'pipe', 'inherit'],
      env: { ...process.env, HUBKEEPER_TEST_BACKEND: backend, TEST_POSTGRES_URL: postgresUrl },
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = result.stdout.toString();
    process.stdout.write(out);
    if (result.status !== 0) failed++;
    const last = out.trim().split('\n').reverse().find((line) => line.startsWith('{'));
    if (last) figures[backend] = JSON.parse(last) as Record<string, unknown>;
  }
  if (figures.postgres && figures.redis) compareBackends(name, figures.postgres, figures.redis);
}
await embedded?.stop();
process.exit(failed ? 1 : 0);

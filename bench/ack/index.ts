// How fast Hubkeeper acknowledges Slack requests, against a bare Bolt app with a no-op listener in the same run.
// 2,000 signed requests (half `/hub sync`, half "Check again" clicks) at concurrency 32 against each app; each
// app runs in its own process, the load generator and the fake Slack in this one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFakeSlack } from '../../test/fakes/fake-slack.js';
import { freshDatabase } from '../../test/support/database.js';
import { createSlackClient, type SlackClient } from '../../test/support/slack-requests.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../lib/env.js';
import { percentile, printTable, round, runConcurrently } from '../lib/stats.js';

const TOTAL = Number(process.env.ACK_BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 32;
const ADMIN = 'UBENCHADMIN';
const ROUNDS = 4;

type Started = { url: string; hubId: string; child: ChildProcess };

async function startApp(kind: 'hubkeeper' | 'bare', env: Record<string, string>): Promise<Started> {
  const script = fileURLToPath(new URL('./app-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, kind], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} app exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; hubId: string }), child };
}

async function measure(client: SlackClient, hubId: string, total: number, times: number[]) {
  let failures = 0;
  await runConcurrently(total, CONCURRENCY, async (i) => {
    const result =
      i % 2 === 0
        ? await client.command({ userId: ADMIN, text: 'sync', channelId: 'C0HUB' })
        : await client.blockAction({ userId: ADMIN, actionId: 'sync_hub', value: hubId, container: { type: 'message', channelId: 'C0HUB', messageTs: '1700000000.000100' } });
    if (result.status !== 200) failures++;
    times.push(result.ms);
  });
  return failures;
}

async function stop(app: Started) {
  app.child.kill('SIGTERM');
  await new Promise((resolve) => app.child.once('exit', resolve));
}

async function main() {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  slack.addUser({ id: ADMIN, name: 'bench-admin', isAdmin: true });
  const db = await freshDatabase('hubkeeper_bench_ack');
  const env = { BENCH_DATABASE_URL: db.url, BENCH_SLACK_API_URL: slack.apiUrl };
  const [ours, bare] = await Promise.all([startApp('hubkeeper', env), startApp('bare', env)]);
  const clientFor = (app: Started) => createSlackClient({ eventsUrl: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  const oursClient = clientFor(ours);
  const bareClient = clientFor(bare);

  // Hubkeeper answers each request privately after the ack; wait for those answers before the next round so
  // this process (the fake Slack receives them) is idle when the other app is measured.
  let expectedAnswers = 0;
  const settle = async () => {
    await slack.waitFor((fake) => fake.responses.length >= expectedAnswers, 60_000);
  };
  await measure(bareClient, bare.hubId, 200, []); // warm-up, both
  await measure(oursClient, ours.hubId, 200, []);
  expectedAnswers += 200;
  await settle();
  // Alternate rounds so drift on the machine (other processes, GC) lands on both apps alike.
  const oursTimes: number[] = [];
  const bareTimes: number[] = [];
  let failures = 0;
  for (let round = 0; round < ROUNDS; round++) {
    failures += await measure(bareClient, bare.hubId, TOTAL / ROUNDS, bareTimes);
    failures += await measure(oursClient, ours.hubId, TOTAL / ROUNDS, oursTimes);
    expectedAnswers += TOTAL / ROUNDS;
    await settle();
  }
  const o = { p50: percentile(oursTimes, 50), p99: percentile(oursTimes, 99) };
  const b = { p50: percentile(bareTimes, 50), p99: percentile(bareTimes, 99) };
  printTable([
    { app: 'bare Bolt (no-op ack)', requests: bareTimes.length, p50_ms: round(b.p50), p99_ms: round(b.p99) },
    { app: 'Hubkeeper', requests: oursTimes.length, p50_ms: round(o.p50), p99_ms: round(o.p99) },
  ]);
  const ratio = o.p99 / b.p99;
  console.log(`p99 ratio Hubkeeper / bare: ${round(ratio)} (target ≤ 1.5); non-200 answers: ${failures}`);
  console.log(JSON.stringify({
    bench: 'ack', requests: TOTAL, concurrency: CONCURRENCY,
    hubkeeper_p50_ms: round(o.p50), hubkeeper_p99_ms: round(o.p99),
    bare_p50_ms: round(b.p50), bare_p99_ms: round(b.p99),
    p99_ratio: round(ratio), target_p99_ratio: 1.5, non_200: failures,
  }));
  await Promise.all([stop(ours), stop(bare)]);
  await slack.close();
  await db.drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

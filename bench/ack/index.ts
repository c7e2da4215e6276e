// How fast Hubkeeper acknowledges Slack requests, against a bare Bolt app with a no-op listener in the same run.
// 2,000 signed requests (half `/hub sync`, half "Check again" button clicks) at concurrency 32, each app.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startFakeSlack } from '../../test/fakes/fake-slack.js';
import { freshDatabase } from '../../test/support/database.js';
import { createSlackClient, type SlackClient } from '../../test/support/slack-requests.js';
import { startHubkeeper } from '../../src/runtime.js';
import { connectHub } from '../../src/services/hubs.js';
import { createLogger } from '../../src/lib/logger.js';
import { benchConfig, BOT_TOKEN, SIGNING_SECRET } from '../lib/env.js';
import { percentile, printTable, round, runConcurrently } from '../lib/stats.js';

const TOTAL = Number(process.env.ACK_BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 32;
const ADMIN = 'UBENCHADMIN';

async function measure(client: SlackClient, hubId: string, total: number) {
  const times: number[] = [];
  let failures = 0;
  await runConcurrently(total, CONCURRENCY, async (i) => {
    const result =
      i % 2 === 0
        ? await client.command({ userId: ADMIN, text: 'sync', channelId: 'C0HUB' })
        : await client.blockAction({ userId: ADMIN, actionId: 'sync_hub', value: hubId, container: { type: 'message', channelId: 'C0HUB', messageTs: '1700000000.000100' } });
    if (result.status !== 200) failures++;
    times.push(result.ms);
  });
  return { p50: percentile(times, 50), p99: percentile(times, 99), failures };
}

async function startBareApp(apiUrl: string): Promise<{ url: string; server: Server }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  const app = new App({ receiver, token: BOT_TOKEN, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl }, deferInitialization: true });
  app.command('/hub', async ({ ack }) => ack());
  app.action('sync_hub', async ({ ack }) => ack());
  await app.init();
  const server = createServer(receiver.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function main() {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  slack.addUser({ id: ADMIN, name: 'bench-admin', isAdmin: true });
  const db = await freshDatabase('hubkeeper_bench_ack');
  const config = benchConfig({ databaseUrl: db.url, slackApiUrl: slack.apiUrl });
  const hubkeeper = await startHubkeeper(config, 'web', { logger: createLogger('error') });
  const { hub } = await connectHub(hubkeeper.ctx, {
    label: 'Bench Ads', accessToken: 'EAAB' + 'b'.repeat(60), businessId: '1000000001', appId: '2000000002', loginMethod: 'password', channelId: 'C0HUB',
  }, ADMIN);
  const bare = await startBareApp(slack.apiUrl);

  const ours = createSlackClient({ eventsUrl: `${hubkeeper.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  const theirs = createSlackClient({ eventsUrl: `${bare.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  await measure(theirs, hub.id, 200); // warm-up, both
  await measure(ours, hub.id, 200);
  const bareResult = await measure(theirs, hub.id, TOTAL);
  const oursResult = await measure(ours, hub.id, TOTAL);

  printTable([
    { app: 'bare Bolt (no-op ack)', requests: TOTAL, p50_ms: round(bareResult.p50), p99_ms: round(bareResult.p99), non_200: bareResult.failures },
    { app: 'Hubkeeper', requests: TOTAL, p50_ms: round(oursResult.p50), p99_ms: round(oursResult.p99), non_200: oursResult.failures },
  ]);
  const ratio = oursResult.p99 / bareResult.p99;
  console.log(`p99 ratio Hubkeeper / bare: ${round(ratio)} (target ≤ 1.5)`);
  console.log(JSON.stringify({
    bench: 'ack', requests: TOTAL, concurrency: CONCURRENCY,
    hubkeeper_p50_ms: round(oursResult.p50), hubkeeper_p99_ms: round(oursResult.p99),
    bare_p50_ms: round(bareResult.p50), bare_p99_ms: round(bareResult.p99),
    p99_ratio: round(ratio), target_p99_ratio: 1.5, non_200: oursResult.failures + bareResult.failures,
  }));
  // Give response_url answers a moment, then tear down.
  await new Promise((resolve) => setTimeout(resolve, 500));
  bare.server.close();
  await hubkeeper.ctx.queues.get('sync').obliterate({ force: true }).catch(() => {});
  await hubkeeper.close();
  await slack.close();
  await db.drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// One app under test, in its own process so the load generator and the fake Slack don't share its event loop.
// argv[2]: "hubkeeper" | "bare". Env: BENCH_DATABASE_URL, BENCH_SLACK_API_URL. Prints one JSON line: {url, hubId}.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createLogger } from '../../src/lib/logger.js';
import { startHubkeeper } from '../../src/runtime.js';
import { connectHub } from '../../src/services/hub-setup/hubs.js';
import { benchConfig, BOT_TOKEN, SIGNING_SECRET } from '../lib/env.js';

export const BENCH_ADMIN = 'UBENCHADMIN';

async function bare() {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  const app = new App({ receiver, token: BOT_TOKEN, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: process.env.BENCH_SLACK_API_URL }, deferInitialization: true });
  app.command('/hub', async ({ ack }) => ack());
  app.action('sync_hub', async ({ ack }) => ack());
  await app.init();
  const server = createServer(receiver.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hubId: '00000000-0000-4000-8000-000000000000' };
}

async function hubkeeper() {
  const config = benchConfig({ databaseUrl: process.env.BENCH_DATABASE_URL!, slackApiUrl: process.env.BENCH_SLACK_API_URL! });
  const running = await startHubkeeper(config, 'web', { logger: createLogger('error') });
  const { hub } = await connectHub(running.ctx, {
    label: 'Bench Ads', accessToken: 'EAAB' + 'b'.repeat(60), businessId: '1000000001', appId: '2000000002', loginMethod: 'password', channelId: 'C0HUB',
  }, BENCH_ADMIN);
  process.on('SIGTERM', async () => {
    await running.ctx.queues.get('sync').obliterate({ force: true }).catch(() => {});
    await running.close();
    process.exit(0);
  });
  return { url: running.url, hubId: hub.id };
}

const started = process.argv[2] === 'bare' ? await bare() : await hubkeeper();
process.stdout.write(JSON.stringify(started) + '\n');

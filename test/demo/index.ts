// `npm run demo`: the whole flow against the built-in fake Slack and fake Meta servers, no credentials needed.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { ensureDatabase } from '../../db/client.js';
import { localStateFolder, startLocalDatabase, type EmbeddedPostgres } from '../../db/embedded.js';
import { createLogger } from '../../src/lib/logger.js';
import { startHubkeeper } from '../../src/runtime.js';
import { startFakeMeta, sampleBusiness } from '../fakes/fake-meta.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { createSlackClient, type SlackClient } from '../support/slack-requests.js';
import { submitConnect } from '../support/harness.js';
import { localConfig } from '../support/local-config.js';
import { seedDemoDirectory, settleMembers } from './members.js';
import { switchLoginAndInvite } from './access.js';
import { deprovisionDemo } from './report.js';
import { groupInvites, homeTab, ownersAndSettings, safeguardHolds } from './more.js';
import { reviewDemo } from './review.js';
import { readable, renderBlocks } from './render.js';

const SIGNING_SECRET = randomBytes(16).toString('hex');
const BOT_TOKEN = `xoxb-demo-${randomBytes(8).toString('hex')}`;
const META_TOKEN = `EAAB${randomBytes(30).toString('hex')}`;
const ADMIN = 'UDEMOADMIN';
const STRANGER = 'UDEMOGUEST';
const CHANNEL = 'CMETAACCESS';
// DEMO_DATABASE_URL names a database the demo may drop and recreate; without it, an embedded PostgreSQL of
// its own (.hubkeeper/demo). REDIS_URL puts the queues on Redis; without it they run on PostgreSQL.
let DATABASE_URL = process.env.DEMO_DATABASE_URL ?? '';
const REDIS_URL = process.env.REDIS_URL;

const say = (text: string) => console.log(text);
const step = (title: string) => say(`\n▶ ${title}`);

async function freshDemoDatabase(): Promise<EmbeddedPostgres | undefined> {
  if (!DATABASE_URL) {
    const local = await startLocalDatabase('hubkeeper_demo', { dataDir: join(localStateFolder, 'demo'), temporary: true });
    DATABASE_URL = local.url;
    say(`No DEMO_DATABASE_URL: started an embedded PostgreSQL on 127.0.0.1:${local.server.port} for the demo (removed when it ends).`);
    return local.server;
  }
  const admin = new URL(DATABASE_URL);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end();
  }
  await ensureDatabase(DATABASE_URL);
  return undefined;
}

async function answerTo(slack: FakeSlack, send: () => Promise<unknown>): Promise<string> {
  const before = slack.responses.length;
  await send();
  const response = await slack.waitFor((fake) => fake.responses[before], 10_000);
  const body = response.body as { text?: string; blocks?: unknown };
  return body.blocks ? renderBlocks(body.blocks, slack) : `    ${readable(String(body.text ?? ''), slack)}`;
}

async function run(slack: FakeSlack, client: SlackClient, existing: string) {
  step('Sam (not an admin) types /hub connect');
  say(await answerTo(slack, () => client.command({ userId: STRANGER, text: 'connect', channelId: CHANNEL })));

  step('Ada (workspace admin) types /hub connect — Slack shows the modal:');
  await client.command({ userId: ADMIN, text: 'connect', channelId: CHANNEL });
  const opened = await slack.waitFor((fake) => fake.callsTo('views.open').find((call) => call.response.ok), 10_000);
  say(renderBlocks((opened.args.view as { blocks: unknown }).blocks, slack));

  step('Ada submits it with a business id that is not a number — errors appear inline:');
  const bad = await submitConnect(client, ADMIN, { label: 'Acme Ads', token: META_TOKEN, businessId: 'acme', channelId: CHANNEL });
  for (const [field, message] of Object.entries((bad.json as { errors: Record<string, string> }).errors)) say(`    ${field}: ${message}`);

  step('Ada fixes it and submits again');
  await submitConnect(client, ADMIN, { label: 'Acme Ads', token: META_TOKEN, businessId: '1111111111', channelId: CHANNEL });
  const dm = await slack.waitFor((fake) => fake.messagesIn(ADMIN)[0], 10_000);
  say(`    DM to Ada: ${readable(String(dm.text), slack)}`);

  step('The first check for updates runs on the queue; one message in #meta-access shows it, edited in place:');
  const message = await slack.waitFor(
    (fake) => fake.messagesIn(CHANNEL).find((m) => /checked for updates|failed/.test(String(m.text))),
    30_000,
  );
  message.history.forEach((version, i) => {
    say(`  version ${i + 1} (${version.via}):`);
    say(renderBlocks(version.blocks, slack));
  });

  step('Sam tries /hub sync');
  say(await answerTo(slack, () => client.command({ userId: STRANGER, text: 'sync', channelId: CHANNEL })));

  step('Ada types /hub sync twice in a row — one check, the second is told who started it');
  say(await answerTo(slack, () => client.command({ userId: ADMIN, text: 'sync', channelId: CHANNEL })));
  say(await answerTo(slack, () => client.command({ userId: ADMIN, text: 'sync', channelId: CHANNEL })));
  await slack.waitFor((fake) => fake.messagesIn(CHANNEL).filter((m) => /checked for updates/.test(String(m.text))).length === 2, 30_000);

  step('Ada types /hub tasks');
  say(await answerTo(slack, () => client.command({ userId: ADMIN, text: 'tasks', channelId: CHANNEL })));

  step('Ada types /hub status');
  say(await answerTo(slack, () => client.command({ userId: ADMIN, text: 'status', channelId: CHANNEL })));

  step('Ada types /hub help');
  say(await answerTo(slack, () => client.command({ userId: ADMIN, text: 'help', channelId: CHANNEL })));

  await settleMembers(slack, client, ADMIN, CHANNEL, step, say);
  await switchLoginAndInvite(slack, client, ADMIN, CHANNEL, existing, step, say);
}

async function main() {
  say(`Hubkeeper demo: fake Slack and fake Meta on loopback, real PostgreSQL, the queues on ${REDIS_URL ? 'Redis' : 'PostgreSQL'}.`);
  const embedded = await freshDemoDatabase();
  try {
    await play();
  } finally {
    await embedded?.stop();
  }
}

async function play() {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  slack.addUser({ id: ADMIN, name: 'ada', realName: 'Ada Admin', email: 'ada@acme.example', isAdmin: true });
  slack.addUser({ id: STRANGER, name: 'sam', realName: 'Sam Guest', email: 'sam@acme.example' });
  slack.addChannel({ id: CHANNEL, name: 'meta-access' });
  // An agency contact who is a guest in the Slack workspace: matching finds them there.
  slack.addUser({ id: 'UDEMOAGENCY', name: 'aiko', realName: 'Aiko Tanaka (agency)', email: 'aiko.tanaka@gmail.com', isRestricted: true });
  const business = sampleBusiness();
  const meta = await startFakeMeta({ business, tokens: [META_TOKEN], latencyMs: 20, maxLimit: 10 });
  const config = localConfig({
    databaseUrl: DATABASE_URL,
    slackApiUrl: slack.apiUrl,
    metaGraphUrl: meta.url,
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    queuePrefix: `demo-${randomBytes(4).toString('hex')}`,
    extra: REDIS_URL ? { REDIS_URL } : {},
  });
  const hubkeeper = await startHubkeeper(config, 'all', { logger: createLogger('error') });
  // The directory as the IdP provisioned it over SCIM, less three people who never got a directory account.
  await seedDemoDirectory(DATABASE_URL, business, ['carmen.xu@acme.example', 'ben.silva@acme.example', 'ana.fischer@acme.example']);
  say(`Hubkeeper listens on ${hubkeeper.url} (database hubkeeper_demo, queue prefix ${config.QUEUE_PREFIX}).`);
  const client = createSlackClient({ eventsUrl: `${hubkeeper.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  try {
    await run(slack, client, business.users.find((user) => user.email.endsWith(`@${business.domain}`))!.email);
    const report = { slack, meta, client, appUrl: hubkeeper.url, scimToken: config.SCIM_BEARER_TOKEN, databaseUrl: DATABASE_URL, admin: ADMIN, stranger: STRANGER, channel: CHANNEL };
    await deprovisionDemo(report, step, say);
    await ownersAndSettings(report, step, say);
    await groupInvites(report, step, say);
    await safeguardHolds(report, step, say);
    await homeTab(report, step, say);
    await reviewDemo(report, step, say);
    say(`\nDone: ${meta.counts().httpRequests} requests reached the fake Meta, ${slack.calls.length} calls reached the fake Slack.`);
  } finally {
    await hubkeeper.close();
    if (REDIS_URL) {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await Promise.all([slack.close(), meta.close()]);
  }
}

main().catch((error) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEMO_DATABASE_URL) console.error(`Is PostgreSQL reachable at DEMO_DATABASE_URL${REDIS_URL ? ', and Redis at REDIS_URL' : ''}?`);
  else if (REDIS_URL) console.error('Is Redis reachable at REDIS_URL?');
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config, ProcessRole } from '../../src/config.js';
import { startHubkeeper, type Running, type StartOptions } from '../../src/runtime.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/fake-slack.js';
import { startFakeMeta, type FakeMeta, type FakeMetaOptions } from '../fakes/fake-meta.js';
import { assertNoSecretsLogged, captureLogger } from './capture-logger.js';
import { freshDatabase } from './database.js';
import { localEnv } from './local-config.js';
import { loadConfig, withDatabase } from '../../src/config.js';
import { createSlackClient, stateValues, type SlackClient } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const ADMIN = 'UADMIN01';
export const OWNER = 'UOWNER01';
export const STRANGER = 'USTRANGER1';
export const HUB_CHANNEL = 'C0HUBCHAN';
export const META_TOKEN = 'EAABtest' + 'k9'.repeat(30);

export type Harness = {
  config: Config;
  /** The environment `config` was parsed from, for starting Hubkeeper as a separate process. */
  env: Record<string, string>;
  slack: FakeSlack;
  meta: FakeMeta;
  app: Running;
  client: SlackClient;
  logs: string[];
  /** Every secret this run used; none may appear in any log line. */
  secrets: string[];
  startProcess(role: ProcessRole, options?: StartOptions): Promise<Running>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  meta?: FakeMetaOptions;
  role?: ProcessRole;
  start?: StartOptions;
  env?: Record<string, string>;
  /** Fake Slack options, e.g. `enforceChannelPace`. */
  slack?: FakeSlackOptions;
  /** Socket Mode: SLACK_APP_TOKEN set, no signing secret; Slack talks to Hubkeeper over the fake's socket. */
  socketMode?: boolean;
  /** Rewrites the database URL Hubkeeper uses (e.g. through a proxy a test can stop). */
  routeDatabase?: (url: string) => string;
};

/**
 * Real Postgres (a fresh database; the queues in it, or in Redis under a fresh key prefix on the Redis runs), fake Slack and fake Meta on loopback, and
 * Hubkeeper itself, started the way `npm start` starts it. Tests talk to it only through signed HTTP requests.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await freshDatabase();
  const slack = await startFakeSlack({ ...options.slack, botToken: BOT_TOKEN });
  // Ada works in UTC: a hub she connects has its daily check in UTC (a new hub takes its connector's Slack time zone).
  slack.addUser({ id: ADMIN, name: 'ada', realName: 'Ada Admin', email: 'ada@acme.example', isAdmin: true, tz: 'UTC' });
  slack.addUser({ id: OWNER, name: 'otto', realName: 'Otto Owner', email: 'otto@acme.example' });
  slack.addUser({ id: STRANGER, name: 'sam', realName: 'Sam Stranger', email: 'sam@acme.example' });
  slack.addChannel({ id: HUB_CHANNEL, name: 'meta-access' });
  const meta = await startFakeMeta({ tokens: [META_TOKEN], ...options.meta });
  const env = localEnv({
    databaseUrl: options.routeDatabase?.(database.url) ?? database.url,
    slackApiUrl: slack.apiUrl,
    metaGraphUrl: meta.url,
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    queuePrefix: `test-${randomBytes(5).toString('hex')}`,
    extra: { LOG_LEVEL: 'debug', ...(options.socketMode ? { SLACK_APP_TOKEN: slack.appToken, SLACK_SIGNING_SECRET: '' } : {}), ...options.env },
  });
  const config = withDatabase(loadConfig(env));
  const { logger, lines } = captureLogger();
  const processes: Running[] = [];
  const startProcess = async (role: ProcessRole, extra: StartOptions = {}) => {
    const running = await startHubkeeper(config, role, {
      logger,
      slackRetries: 1,
      workers: { lockDurationMs: 3_000, stalledIntervalMs: 1_000 },
      meta: { maxInlineWaitMs: 2_000, maxRetries: 3, ...options.start?.meta, ...extra.meta },
      ...options.start,
      ...extra,
    });
    processes.push(running);
    return running;
  };
  const app = await startProcess(options.role ?? 'all');
  const client = createSlackClient({ eventsUrl: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  return {
    config,
    env,
    slack,
    meta,
    app,
    client,
    logs: lines,
    secrets: secretsOf(config, meta.tokens),
    startProcess,
    async close() {
      for (const running of processes.reverse()) await running.close().catch(() => {});
      await obliterateQueues(config).catch(() => {});
      await Promise.all([slack.close(), meta.close()]);
      await database.drop();
      // Suite-wide guarantee: every test that starts Hubkeeper also proves no secret reached a log line.
      assertNoSecretsLogged(lines, secretsOf(config, meta.tokens));
    },
  };
}

const secretsOf = (config: Config, metaTokens: string[]) =>
  [config.SLACK_SIGNING_SECRET, config.SLACK_BOT_TOKEN, config.SLACK_APP_TOKEN, config.ENCRYPTION_KEY, config.SCIM_BEARER_TOKEN, ...metaTokens]
    .filter((secret): secret is string => Boolean(secret));

/** On Redis the queues outlive the test; on PostgreSQL they go with its database. */
async function obliterateQueues(config: Config) {
  if (!config.REDIS_URL) return;
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}

export type ConnectValues = {
  label?: string;
  token?: string;
  businessId?: string;
  appId?: string;
  appSecret?: string;
  loginMethod?: 'sso' | 'password';
  channelId?: string;
};

/** Submits the connect modal exactly as Slack would after a person filled it in. */
export function submitConnect(client: SlackClient, userId: string, values: ConnectValues) {
  const option = (value: string) => ({ text: value, value });
  return client.viewSubmission({
    userId,
    callbackId: 'connect_hub',
    values: {
      label: { label_input: stateValues.plainTextInput(values.label ?? 'Acme Ads') },
      access_token: { access_token_input: stateValues.plainTextInput(values.token ?? META_TOKEN) },
      business_id: { business_id_input: stateValues.plainTextInput(values.businessId ?? '1111111111') },
      app_id: { app_id_input: stateValues.plainTextInput(values.appId ?? '2000000002') },
      app_secret: { app_secret_input: stateValues.plainTextInput(values.appSecret ?? null) },
      login_method: { login_method_input: stateValues.radioButtons(option(values.loginMethod ?? 'password')) },
      channel: { channel_input: stateValues.conversationsSelect(values.channelId ?? HUB_CHANNEL) },
    },
  });
}

/** The text of an ephemeral answer sent through the response URL of the request. */
export function lastResponseText(slack: FakeSlack): string {
  const last = slack.responses.at(-1);
  return String(last?.body.text ?? '');
}

/** Waits for the answer a person gets after a command (through its response URL). */
export async function responseAfter(slack: FakeSlack, count: number): Promise<string> {
  const response = await slack.waitFor((fake) => fake.responses[count], 10_000);
  return String(response.body.text ?? '');
}

/** Messages Hubkeeper shows in a channel now, as text. */
export function channelTexts(slack: FakeSlack, channel: string): string[] {
  return slack.messagesIn(channel).map((message) => String(message.text ?? ''));
}

/** Flattens Block Kit blocks to the words a person would read. */
export function blockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') out.push(record.text);
      for (const [key, value] of Object.entries(record)) if (key !== 'text' || typeof value !== 'string') walk(value);
    }
  };
  walk(blocks);
  return out.join('\n');
}

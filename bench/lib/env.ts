import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.js';

export const SIGNING_SECRET = 'bench-signing-secret';
export const BOT_TOKEN = 'xoxb-bench-token';

/** A complete configuration pointing at local Postgres/Redis and the given fakes. */
export function benchConfig(input: { databaseUrl: string; slackApiUrl: string; metaGraphUrl?: string; extra?: Record<string, string> }): Config {
  return loadConfig({
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: input.slackApiUrl,
    META_GRAPH_URL: input.metaGraphUrl ?? 'http://127.0.0.1:9',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SCIM_BEARER_TOKEN: randomBytes(24).toString('hex'),
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...input.extra,
  });
}

import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.js';

export type LocalConfigInput = {
  databaseUrl: string;
  slackApiUrl: string;
  signingSecret: string;
  botToken: string;
  metaGraphUrl?: string;
  /** Redis key prefix; a fresh one by default so runs never share queues. */
  queuePrefix?: string;
  extra?: Record<string, string>;
};

/**
 * A complete configuration for local Postgres and Redis and the loopback fakes, with fresh random secrets,
 * parsed by the same schema production uses (so tests, the demo and benchmarks can't drift from it).
 */
export function localConfig(input: LocalConfigInput): Config {
  return loadConfig(localEnv(input));
}

/** The environment variables behind `localConfig`, e.g. for starting Hubkeeper as a separate process. */
export function localEnv(input: LocalConfigInput): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: input.queuePrefix ?? `local-${randomBytes(5).toString('hex')}`,
    SLACK_SIGNING_SECRET: input.signingSecret,
    SLACK_BOT_TOKEN: input.botToken,
    SLACK_API_URL: input.slackApiUrl,
    META_GRAPH_URL: input.metaGraphUrl ?? 'http://127.0.0.1:9',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SCIM_BEARER_TOKEN: randomBytes(24).toString('hex'),
    PORT: '0',
    ...input.extra,
  };
}

import { randomBytes } from 'node:crypto';
import { loadConfig, withDatabase, type Config } from '../../src/config.js';
import { backendEnv } from './backends.js';

export type LocalConfigInput = {
  databaseUrl: string;
  slackApiUrl: string;
  signingSecret: string;
  botToken: string;
  metaGraphUrl?: string;
  /** Queue prefix (Redis keys, or the PostgreSQL schema of the queues); a fresh one by default so runs never share queues. */
  queuePrefix?: string;
  extra?: Record<string, string>;
};

/**
 * A complete configuration for a local Postgres (and Redis on the Redis test runs) and the loopback fakes, with fresh random secrets,
 * parsed by the same schema production uses (so tests, the demo and benchmarks can't drift from it).
 */
export function localConfig(input: LocalConfigInput): Config {
  return withDatabase(loadConfig(localEnv(input)));
}

/** The environment variables behind `localConfig`, e.g. for starting Hubkeeper as a separate process. */
export function localEnv(input: LocalConfigInput): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    ...backendEnv(),
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

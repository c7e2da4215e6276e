import type { Config } from '../../src/config.js';
import { localConfig } from '../../test/support/local-config.js';

export const SIGNING_SECRET = 'bench-signing-secret';
export const BOT_TOKEN = 'xoxb-bench-token';

/** A complete configuration pointing at local Postgres/Redis and the given fakes. */
export function benchConfig(input: { databaseUrl: string; slackApiUrl: string; metaGraphUrl?: string; extra?: Record<string, string> }): Config {
  return localConfig({ ...input, signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, extra: { LOG_LEVEL: 'warn', ...input.extra } });
}

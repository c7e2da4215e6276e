import { randomBytes } from 'node:crypto';

/** The smallest environment that passes the config schema. */
export const validEnv = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hubkeeper',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1-2',
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  SCIM_BEARER_TOKEN: 'x'.repeat(40),
};

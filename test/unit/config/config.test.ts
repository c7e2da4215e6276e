import { describe, expect, it } from 'vitest';
import { validEnv } from './valid-env.js';
import { ConfigError, loadConfig, parseProcessRole } from '../../../src/config.js';

const valid = validEnv;

describe('loadConfig', () => {
  it('fills defaults and derives socket mode', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ PORT: 3000, META_API_VERSION: 'v26.0', SLACK_API_URL: 'https://slack.com/api/', socketMode: false });
    expect(loadConfig({ ...valid, SLACK_APP_TOKEN: 'xapp-1' }).socketMode).toBe(true);
  });

  it('names every bad variable and says how to fix it', () => {
    const error = (() => {
      try {
        loadConfig({ ...valid, NODE_ENV: 'production', ENCRYPTION_KEY: 'short', SLACK_BOT_TOKEN: 'xoxp-user', DATABASE_URL: undefined });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(/ENCRYPTION_KEY must be 32 bytes.*openssl rand -base64 32/);
    expect(error?.message).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(error?.message).toMatch(/DATABASE_URL is missing\. In production Hubkeeper needs your PostgreSQL: set DATABASE_URL=postgres:\/\//);
  });

  it('leaves DATABASE_URL and REDIS_URL optional outside production: an embedded PostgreSQL, queues on it', () => {
    const config = loadConfig({ ...valid, DATABASE_URL: undefined, REDIS_URL: undefined });
    expect(config).toMatchObject({ DATABASE_URL: undefined, REDIS_URL: undefined, embeddedDatabase: true });
    expect(loadConfig(valid).embeddedDatabase).toBe(false);
    expect(() => loadConfig({ ...valid, REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must start with redis:\/\//);
  });

  it('parses the admin list and rejects names that are not user ids', () => {
    expect(loadConfig({ ...valid, ADMIN_SLACK_USER_IDS: 'U1A, W2B' }).ADMIN_SLACK_USER_IDS).toEqual(['U1A', 'W2B']);
    expect(() => loadConfig({ ...valid, ADMIN_SLACK_USER_IDS: '@ana' })).toThrow(/ADMIN_SLACK_USER_IDS/);
  });

  it('needs SLACK_SIGNING_SECRET for HTTP request URLs but not in Socket Mode', () => {
    const { SLACK_SIGNING_SECRET: _unused, ...unsigned } = valid;
    expect(() => loadConfig(unsigned)).toThrow(/SLACK_SIGNING_SECRET is missing.*Signing Secret.*SLACK_APP_TOKEN/);
    expect(loadConfig({ ...unsigned, SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ socketMode: true });
  });

  it('treats an empty value as missing', () => {
    expect(() => loadConfig({ ...valid, SCIM_BEARER_TOKEN: '' })).toThrow(/SCIM_BEARER_TOKEN is missing/);
  });
});

describe('parseProcessRole', () => {
  it('defaults to all and rejects unknown roles', () => {
    expect(parseProcessRole(undefined)).toBe('all');
    expect(parseProcessRole('worker')).toBe('worker');
    expect(() => parseProcessRole('scheduler')).toThrow(/web, worker/);
  });
});

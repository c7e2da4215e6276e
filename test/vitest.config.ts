import { defineConfig } from 'vitest/config';
import { BOTH_BACKENDS, probeRedis, REDIS_ONLY, testRedisUrl } from './support/backends.js';

// Every file runs with the queues on PostgreSQL (the default); the files about queues, pacing and notifications
// run again on Redis. Without a reachable Redis the Redis runs are skipped and said so loudly, at the start and
// at the end; with HUBKEEPER_REQUIRE_ALL_BACKENDS=1 (CI) that is a failure instead.
export default defineConfig(async () => {
  const redis = await probeRedis(testRedisUrl);
  if (!redis.ok) {
    const files = BOTH_BACKENDS.length + REDIS_ONLY.length;
    const banner = [
      '',
      `!!! REDIS BACKEND NOT RUN: ${files} test files (test/support/backends.ts: BOTH_BACKENDS, REDIS_ONLY) were not run on Redis.`,
      `!!! Reason: no Redis at ${testRedisUrl} (${redis.reason}). Start one, or set TEST_REDIS_URL.`,
      '',
    ].join('\n');
    if (process.env.HUBKEEPER_REQUIRE_ALL_BACKENDS === '1') throw new Error(`HUBKEEPER_REQUIRE_ALL_BACKENDS=1 and ${banner.trim()}`);
    console.warn(banner);
    process.once('exit', () => console.warn(banner));
  }
  const postgres = {
    extends: true as const,
    test: { name: 'postgres', include: ['test/**/*.test.ts'], exclude: REDIS_ONLY, env: { HUBKEEPER_TEST_BACKEND: 'postgres' } },
  };
  const onRedis = {
    extends: true as const,
    test: { name: 'redis', include: [...BOTH_BACKENDS, ...REDIS_ONLY], env: { HUBKEEPER_TEST_BACKEND: 'redis' } },
  };
  return {
    test: {
      testTimeout: 30000,
      pool: 'forks',
      globalSetup: ['test/support/global-postgres.ts'],
      // Every Graph request any test makes must be one Meta's spec knows.
      setupFiles: ['test/support/meta-contract.ts'],
      projects: redis.ok ? [postgres, onRedis] : [postgres],
    },
  };
});

import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { ensureDatabase } from '../../db/client.js';

/**
 * The PostgreSQL server test databases live on: `TEST_POSTGRES_URL`, else the embedded one this test run
 * started (test/support/global-postgres.ts). Outside vitest `npm run bench` sets TEST_POSTGRES_URL.
 */
export async function testPostgresUrl(): Promise<string> {
  if (process.env.TEST_POSTGRES_URL) return process.env.TEST_POSTGRES_URL;
  if (process.env.VITEST) {
    const { inject } = await import('vitest');
    return inject('testPostgresUrl');
  }
  throw new Error('TEST_POSTGRES_URL is not set: run benchmarks with npm run bench (it starts an embedded PostgreSQL), or set it');
}

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function freshDatabase(prefix = 'hubkeeper_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const base = await testPostgresUrl();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

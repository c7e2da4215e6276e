import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { localStateFolder } from '../../db/embedded.js';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { freshDatabase } from '../support/database.js';
import { backendEnv, testBackend } from '../support/backends.js';

type Run = { code: number | null; stdout: string; stderr: string };

function runMain(env: Record<string, string>, role = 'all', onStarted?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], { env: { PATH: process.env.PATH!, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (onStarted && stdout.includes('hubkeeper started')) {
        onStarted(child);
        onStarted = undefined;
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Everything but the database and the queue store. */
const appEnv = () => ({
  QUEUE_PREFIX: `proc-${randomBytes(4).toString('hex')}`,
  SLACK_SIGNING_SECRET: 'process-test-secret',
  SLACK_BOT_TOKEN: 'xoxb-process-test',
  SLACK_API_URL: slack.apiUrl,
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  SCIM_BEARER_TOKEN: randomBytes(24).toString('hex'),
  PORT: '0',
});

let slack: FakeSlack;
let db: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  slack = await startFakeSlack({ botToken: 'xoxb-process-test' });
  db = await freshDatabase();
});
afterAll(async () => {
  await slack.close();
  await db.drop();
});

describe('the hubkeeper process', () => {
  it('refuses to start with bad configuration and says how to fix it, without a stack trace', async () => {
    const run = await runMain({ DATABASE_URL: 'mysql://nope', ENCRYPTION_KEY: 'short' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Hubkeeper cannot start: fix these environment variables:');
    expect(run.stderr).toMatch(/ENCRYPTION_KEY must be 32 bytes encoded as base64\. Generate one with: openssl rand -base64 32/);
    expect(run.stderr).toMatch(/SLACK_SIGNING_SECRET is missing/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('applies migrations, starts, and exits cleanly on SIGTERM', async () => {
    const env = { ...appEnv(), DATABASE_URL: db.url, ...backendEnv() };
    const run = await runMain(env, 'all', (child) => child.kill('SIGTERM'));
    expect(run.stdout).toMatch(/"msg":"hubkeeper started","role":"all"/);
    expect(run.stdout).toContain('shutting down: draining workers and closing connections');
    expect(run.code).toBe(0);
    const sql = postgres(db.url, { max: 1 });
    const tables = await sql`select table_name from information_schema.tables where table_schema = 'public'`;
    await sql.end();
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['hubs', 'members', 'tasks', 'audit_events']));
  }, 30_000);

  it('in production, refuses to start without DATABASE_URL and says how to fix it', async () => {
    const run = await runMain({ ...appEnv(), NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_URL is missing\. In production Hubkeeper needs your PostgreSQL: set DATABASE_URL=postgres:\/\//);
  });

  // The "nothing configured" path: no DATABASE_URL, no REDIS_URL (run once, on the PostgreSQL project).
  it.runIf(testBackend === 'postgres')('without DATABASE_URL, starts an embedded PostgreSQL, says so in one line, and stops it on SIGTERM', async () => {
    const dataDir = join(localStateFolder, `process-test-${randomBytes(4).toString('hex')}`);
    try {
      const run = await runMain({ ...appEnv(), EMBEDDED_POSTGRES_DIR: dataDir }, 'all', (child) => child.kill('SIGTERM'));
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      const said = run.stdout.split('\n').filter((line) => line.includes('embedded PostgreSQL'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/No DATABASE_URL: started an embedded PostgreSQL on 127\.0\.0\.1:\d+ with its data in .*process-test-.*; set DATABASE_URL to use your own\./);
      expect(run.stdout).toMatch(/"msg":"hubkeeper started".*"queues":"postgres"/);
      // Stopped with the process: its lock file is gone.
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

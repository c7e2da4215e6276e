import { Socket } from 'node:net';

/**
 * Which queue backend this test run uses. The vitest projects (test/vitest.config.ts) run every file on
 * PostgreSQL, and the files in `BOTH_BACKENDS` again on Redis; each project says which in this variable.
 */
export type TestBackend = 'postgres' | 'redis';

export const testBackend: TestBackend = process.env.HUBKEEPER_TEST_BACKEND === 'redis' ? 'redis' : 'postgres';

/** The Redis of the Redis runs. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The environment that puts Hubkeeper on this run's backend: `REDIS_URL` on the Redis runs, nothing else. */
export function backendEnv(): Record<string, string> {
  return testBackend === 'redis' ? { REDIS_URL: testRedisUrl } : {};
}

/** Files that exercise the queues, pacing, locks or notifications: they run on both backends. */
export const BOTH_BACKENDS = [
  'test/integration/queue/**/*.test.ts',
  'test/integration/scim/directory-triggers.test.ts',
  'test/e2e/connect-and-sync.test.ts',
  'test/e2e/notifications.test.ts',
  'test/e2e/report-approval.test.ts',
  'test/e2e/hub-settings.test.ts',
  'test/e2e/member-removal.test.ts',
  'test/e2e/hubs-and-schedules.test.ts',
  'test/e2e/worker-crash.test.ts',
  'test/e2e/invitations.test.ts',
  'test/e2e/postgres-outage.test.ts',
  'test/e2e/process.test.ts',
];

/** Files about Redis itself (an outage of it): they run on the Redis backend only. */
export const REDIS_ONLY = ['test/e2e/operations.test.ts', 'test/e2e/queue-outage.test.ts'];

/** Whether a Redis answers PING at `url` within a second; the reason when not. */
export async function probeRedis(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (result: { ok: true } | { ok: false; reason: string }) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1_000, () => done({ ok: false, reason: 'no answer within 1 s' }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, reason: error.code ?? error.message }));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') ? { ok: true } : { ok: false, reason: `answered ${data.toString().trim()}` }));
    socket.connect(Number(port || 6379), hostname || '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

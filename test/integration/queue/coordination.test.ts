import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.js';
import { createQueueBackend, type QueueBackend } from '../../../src/queue/backend.js';
import { backendEnv, testBackend } from '../../support/backends.js';
import { freshDatabase } from '../../support/database.js';

// Pacing and locks on this run's backend (the file runs on PostgreSQL and on Redis). Two backends with the same
// prefix stand for two worker processes sharing one schedule.
let database: Awaited<ReturnType<typeof freshDatabase>>;
let opened: QueueBackend[] = [];
const logger = createLogger('error');

/** A backend once it answers (a fresh Redis connection refuses commands until it is connected). */
async function backend(prefix: string): Promise<QueueBackend> {
  const created = createQueueBackend({ DATABASE_URL: database.url, QUEUE_PREFIX: prefix, ...backendEnv() }, logger);
  opened.push(created);
  await expect.poll(() => created.ping().then(() => true, () => false), { timeout: 5_000 }).toBe(true);
  return created;
}

beforeAll(async () => {
  database = await freshDatabase('hubkeeper_test_coordination');
});
afterEach(async () => {
  await Promise.all(opened.map((b) => b.close()));
  opened = [];
});
afterAll(async () => {
  await database.drop();
});

describe(`coordination on ${testBackend}`, () => {
  it('is the backend REDIS_URL asks for', async () => {
    expect((await backend(`t-${randomUUID()}`)).name).toBe(testBackend);
  });

  it('gives concurrent callers in two processes distinct channel slots at least the gap apart', async () => {
    const prefix = `t-${randomUUID()}`;
    const [one, two] = [await backend(prefix), await backend(prefix)];
    const now = Date.now();
    const slots = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).coordination.reserveGap('pace:C1', now, 1_000)));
    const sorted = [...slots].sort((a, b) => a - b);
    expect(sorted[0]).toBe(now);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBe(1_000);
    // Another channel has its own schedule.
    expect(await one.coordination.reserveGap('pace:C2', now, 1_000)).toBe(now);
  });

  it('holds a channel until a Retry-After has passed, and never moves it back', async () => {
    const { coordination } = await backend(`t-${randomUUID()}`);
    const now = Date.now();
    await coordination.holdUntil('pace:C1', now + 30_000, now);
    await coordination.holdUntil('pace:C1', now + 5_000, now);
    expect(await coordination.reserveGap('pace:C1', now, 1_000)).toBe(now + 31_000);
  });

  it('keeps any window to its number of calls (Meta writes)', async () => {
    const prefix = `t-${randomUUID()}`;
    const [one, two] = [await backend(prefix), await backend(prefix)];
    const now = Date.now();
    const slots = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).coordination.reserveInWindow('meta-writes:B1', now, 3, 1_000)));
    expect([...slots].sort((a, b) => a - b)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3].map((k) => now + k * 1_000));
    // Later calls never go before the newest slot.
    expect(await one.coordination.reserveInWindow('meta-writes:B1', now + 500, 3, 1_000)).toBe(now + 3_000);
  });

  it('lets one process hold a lock at a time, and frees it after', async () => {
    const prefix = `t-${randomUUID()}`;
    const [one, two] = [await backend(prefix), await backend(prefix)];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = one.coordination.withLock('lock:workspace-accounts', 60_000, () => held.then(() => 'done'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await two.coordination.withLock('lock:workspace-accounts', 60_000, async () => 'second')).toEqual({ taken: false });
    release();
    expect(await first).toEqual({ taken: true, value: 'done' });
    expect(await two.coordination.withLock('lock:workspace-accounts', 60_000, async () => 'second')).toEqual({ taken: true, value: 'second' });
  });

  it('frees a lock whose work failed', async () => {
    const { coordination } = await backend(`t-${randomUUID()}`);
    await expect(coordination.withLock('lock:x', 60_000, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await coordination.withLock('lock:x', 60_000, async () => 1)).toEqual({ taken: true, value: 1 });
  });

  it('answers a ping', async () => {
    await expect((await backend(`t-${randomUUID()}`)).ping()).resolves.toBeUndefined();
  });
});

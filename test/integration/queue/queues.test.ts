import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/logger.js';
import { createQueueBackend } from '../../../src/queue/backend.js';
import { jobControl } from '../../../src/queue/job-control.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { backendEnv, testBackend } from '../../support/backends.js';
import { freshDatabase } from '../../support/database.js';

// What Hubkeeper asks of BullMQ, on this run's backend: deterministic job ids, parking a job (delayed),
// schedulers, and counts for /metrics.
let database: Awaited<ReturnType<typeof freshDatabase>>;
let queues: Queues;
const tuning = { concurrency: 4, lockDuration: 5_000, stalledInterval: 5_000, maxStalledCount: 1 };
const taskId = () => randomUUID();

beforeAll(async () => {
  database = await freshDatabase('hubkeeper_test_queues');
});
afterEach(async () => {
  await queues?.close();
});
afterAll(async () => {
  await database.drop();
});

const open = () =>
  (queues = createQueues(createQueueBackend({ DATABASE_URL: database.url, QUEUE_PREFIX: `t-${randomUUID()}`, ...backendEnv() }, createLogger('error'))));

describe(`queues on ${testBackend}`, () => {
  it('runs a job once however often it is added with the same jobId', async () => {
    open();
    const id = taskId();
    await queues.enqueue('sync', 'checkForUpdates', { taskId: id }, { jobId: id });
    await queues.enqueue('sync', 'checkForUpdates', { taskId: id }, { jobId: id });
    const seen: string[] = [];
    const worker = queues.worker('sync', async (job: Job) => void seen.push(job.data.taskId), tuning);
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual([id]);
    expect((await queues.get('sync').getJob(id))?.id).toBe(id);
    await worker.close();
  });

  it('refuses a payload the registry does not allow, and a jobId with a colon', async () => {
    open();
    await expect(queues.enqueue('sync', 'checkForUpdates', { taskId: 'nope' })).rejects.toThrow();
    await expect(queues.enqueue('sync', 'checkForUpdates', { taskId: taskId() }, { jobId: 'a:b' })).rejects.toThrow(/must not contain/);
  });

  it('parks a job until later and runs it again then', async () => {
    open();
    const id = taskId();
    const runs: number[] = [];
    const worker = queues.worker('members', async (job: Job, token?: string) => {
      runs.push(Date.now());
      if (runs.length === 1) await jobControl(job, token).delayUntil(Date.now() + 1_000);
    }, tuning);
    await queues.enqueue('members', 'removeMember', { taskId: id }, { jobId: id });
    await expect.poll(() => runs.length, { timeout: 10_000 }).toBe(2);
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(900);
    await expect.poll(async () => (await queues.get('members').getJob(id))?.finishedOn, { timeout: 5_000 }).toBeTruthy();
    await worker.close();
  });

  it('keeps a daily scheduler with a time zone, and counts jobs by state', async () => {
    open();
    const hubId = randomUUID();
    const sync = queues.get('sync');
    await sync.upsertJobScheduler(`daily-${hubId}`, { pattern: '0 9 * * *', tz: 'Europe/Madrid' }, { name: 'scheduledCheck', data: { hubId } });
    await sync.upsertJobScheduler(`daily-${hubId}`, { pattern: '0 10 * * *', tz: 'Europe/Madrid' }, { name: 'scheduledCheck', data: { hubId } });
    expect((await sync.getJobSchedulers()).map((s) => s.key)).toEqual([`daily-${hubId}`]);
    expect(await sync.getJobCounts('delayed')).toEqual({ delayed: 1 });
    await sync.removeJobScheduler(`daily-${hubId}`);
    expect(await sync.getJobSchedulers()).toEqual([]);
  });

  it.runIf(testBackend === 'postgres')('keeps finished jobs by age only on PostgreSQL, so completions never trim the same rows at once', async () => {
    // A count bound is applied in every completion as a DELETE of all but the newest N finished jobs: under a
    // burst at concurrency 32 the workers deadlocked on each other's rows.
    open();
    for (const name of ['notify', 'members', 'sync'] as const) {
      const options = queues.get(name).defaultJobOptions;
      expect(options.removeOnComplete).toEqual({ age: 24 * 3600 });
      expect(options.removeOnFail).toEqual({ age: 7 * 24 * 3600 });
    }
  });
});

import type { Job, JobsOptions, Queue, Worker } from 'bullmq';
import type { BackendName, QueueBackend, WorkerTuning } from './backend.js';
import type { Coordination } from './coordination.js';
import { queueNames, queues as registry, type JobName, type JobPayload, type QueueName } from './registry.js';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

export type Queues = {
  /** Adds a job whose payload is checked against the registry. `jobId` makes adding twice harmless. */
  enqueue<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    payload: JobPayload<Q, J>,
    options?: JobsOptions,
  ): Promise<void>;
  /**
   * Adds many jobs of one kind in one call (`addBulk`): one statement on PostgreSQL, so one commit instead of
   * one per job, and one round trip on Redis. Payloads are checked as by `enqueue`.
   */
  enqueueBulk<Q extends QueueName, J extends JobName<Q>>(
    queue: Q,
    job: J,
    jobs: ReadonlyArray<{ payload: JobPayload<Q, J>; options?: JobsOptions }>,
  ): Promise<void>;
  get(queue: QueueName): Queue;
  /** A BullMQ worker for one queue on the same backend. */
  worker(queue: QueueName, processor: (job: Job, token?: string) => Promise<unknown>, tuning: WorkerTuning): Worker;
  /** Pacing and locks shared by every process, kept where the queues are. */
  coordination: Coordination;
  /** What the health check calls the queue store. */
  backend: BackendName;
  /** Resolves when the queue store answers. */
  ping(): Promise<void>;
  /** Calls `listener` when the queue store came back, possibly empty; returns the unsubscribe. */
  onRestored(listener: () => void): () => void;
  close(): Promise<void>;
};

/** Jobs per `addBulk` call: one statement (PostgreSQL) or one MULTI (Redis) each. */
const BULK = 1_000;

function check(queue: QueueName, job: string, payload: unknown, options: JobsOptions | undefined): void {
  (registry[queue][job as JobName<typeof queue>] as { parse(value: unknown): unknown }).parse(payload);
  if (options?.jobId?.includes(':')) throw new Error(`jobId must not contain ":" (${options.jobId})`);
}

/** The registry's queues on a backend (`backend.ts` chooses it); closing them closes the backend. */
export function createQueues(backend: QueueBackend): Queues {
  const byName = new Map<QueueName, Queue>(queueNames.map((name) => [name, backend.queue(name, DEFAULT_JOB_OPTIONS)]));
  for (const queue of byName.values()) queue.on('error', () => {}); // surfaced by the caller's await
  const get = (name: QueueName) => byName.get(name)!;
  return {
    get,
    worker: (queue, processor, tuning) => backend.worker(queue, processor, tuning),
    coordination: backend.coordination,
    backend: backend.name,
    ping: () => backend.ping(),
    onRestored: (listener) => backend.onRestored(listener),
    async enqueue(queue, job, payload, options) {
      check(queue, job, payload, options);
      await get(queue).add(job, payload, options);
    },
    async enqueueBulk(queue, job, jobs) {
      for (const { payload, options } of jobs) check(queue, job, payload, options);
      for (let i = 0; i < jobs.length; i += BULK) {
        await get(queue).addBulk(jobs.slice(i, i + BULK).map(({ payload, options }) => ({ name: job, data: payload, ...(options ? { opts: options } : {}) })));
      }
    },
    async close() {
      await Promise.all([...byName.values()].map((queue) => queue.close()));
      await backend.close();
    },
  };
}

/** Jobs per queue and state, for /metrics; undefined when the queue store does not answer within a second. */
export async function queueDepths(queues: Queues) {
  const read = Promise.all(
    queueNames.map(async (queue) => ({ queue, counts: await queues.get(queue).getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized') })),
  );
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000).unref());
  return Promise.race([read.catch(() => undefined), timeout]);
}

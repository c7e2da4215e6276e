import type { Job, JobsOptions, Queue, Worker } from 'bullmq';
import type { Logger } from '../lib/logger.js';
import type { Coordination } from './coordination.js';
import { createPostgresQueueBackend } from './postgres-backend.js';
import { createRedisQueueBackend } from './redis-backend.js';

export type BackendName = 'postgres' | 'redis';

export type WorkerTuning = {
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
};

/**
 * Where the queues run, with the pacing and locks that go with them. `createQueueBackend` is the one place
 * that chooses; everything else sees BullMQ's Queue and Worker and a `Coordination`, whichever it is.
 */
export type QueueBackend = {
  /** What the health check calls it. */
  name: BackendName;
  queue(name: string, defaultJobOptions: JobsOptions): Queue;
  worker(name: string, processor: (job: Job, token?: string) => Promise<unknown>, tuning: WorkerTuning): Worker;
  coordination: Coordination;
  /** Resolves when the store answers (callers bound the wait). */
  ping(): Promise<void>;
  /** Calls `listener` when the store came back after an outage, possibly empty; returns the unsubscribe. */
  onRestored(listener: () => void): () => void;
  close(): Promise<void>;
};

export type BackendSettings = {
  DATABASE_URL: string;
  REDIS_URL?: string | undefined;
  QUEUE_PREFIX: string;
};

/**
 * PostgreSQL (BullMQ's PostgreSQL backend, in its own schema of the app's database) unless `REDIS_URL` is set:
 * one database to run by default, Redis when a deployment needs its throughput.
 */
export function createQueueBackend(settings: BackendSettings, logger: Logger): QueueBackend {
  if (settings.REDIS_URL) return createRedisQueueBackend(settings.REDIS_URL, settings.QUEUE_PREFIX, logger);
  return createPostgresQueueBackend(settings.DATABASE_URL, settings.QUEUE_PREFIX, logger);
}

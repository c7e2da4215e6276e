import { createPostgresBackend, Queue, Worker, type JobsOptions } from 'bullmq';
import postgres from 'postgres';
import type { Logger } from '../lib/logger.js';
import type { QueueBackend } from './backend.js';
import type { Coordination } from './coordination.js';

/** The schema of the queues in the app's database: BullMQ's tables, and the pacing schedules beside them. */
export function queueSchema(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_queues`;
}

// Pool sizes per BullMQ object: a worker's jobs each make a few short queries, and its LISTEN connection is
// separate; producers only insert. Idle connections close after 10 s.
const PRODUCER_POOL = 2;
const workerPool = (concurrency: number) => Math.min(8, concurrency + 1);

/**
 * Retention on this backend: by age only. BullMQ applies retention inside every job's completion, and a count
 * bound (`count: 1000`) there is a `DELETE … WHERE id NOT IN (the newest 1000)` over the queue's finished
 * jobs: 32 notify jobs finishing at once each sorted the whole set and tried to delete the same rows in their
 * own order — tuple-lock waits, "deadlock detected" in the workers, and every add queued behind them. An age
 * bound deletes through the finished-jobs index, in index order, only what just aged out. (Redis trims a
 * sorted set instead, so it keeps both bounds.)
 */
function byAgeOnly(options: JobsOptions): JobsOptions {
  const age = (keep: JobsOptions['removeOnComplete']) => (typeof keep === 'object' && 'age' in keep ? { age: keep.age } : keep);
  return { ...options, removeOnComplete: age(options.removeOnComplete), removeOnFail: age(options.removeOnFail) };
}

/**
 * BullMQ on its PostgreSQL backend, in a schema of the database Hubkeeper already uses: nothing else to run.
 * Pacing and locks are one statement each on a table in that schema (and advisory locks), so every worker
 * process shares them as it would through Redis.
 */
export function createPostgresQueueBackend(databaseUrl: string, prefix: string, logger: Logger): QueueBackend {
  const schema = queueSchema(prefix);
  const connection = (max: number) => ({ connectionString: databaseUrl, schema, migrate: true, max });
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
  const table = sql(`${schema}`);
  let ready: Promise<void> | undefined;
  const prepare = () => (ready ??= createPacingTable(sql, schema).catch((error: unknown) => {
    ready = undefined;
    throw error;
  }));
  const coordination: Coordination = {
    async reserveGap(key, now, gapMs) {
      await prepare();
      const [row] = await sql`
        insert into ${table}.pacing as p (key, slots) values (${key}, array[${now}::bigint])
        on conflict (key) do update set slots = array[greatest(${now}::bigint, p.slots[cardinality(p.slots)] + ${gapMs}::bigint)]
        returning slots[cardinality(slots)] as slot`;
      return Number(row!.slot);
    },
    async holdUntil(key, untilMs) {
      await prepare();
      await sql`
        insert into ${table}.pacing as p (key, slots) values (${key}, array[${untilMs}::bigint])
        on conflict (key) do update set slots = array[greatest(p.slots[cardinality(p.slots)], ${untilMs}::bigint)]`;
    },
    async reserveInWindow(key, now, calls, windowMs) {
      await prepare();
      // The new slot: not before now, nor the newest slot, nor `windowMs` after the slot `calls` places back;
      // only the last `calls` slots are kept.
      const [row] = await sql`
        insert into ${table}.pacing as p (key, slots) values (${key}, array[${now}::bigint])
        on conflict (key) do update set slots = (p.slots || greatest(
          ${now}::bigint,
          p.slots[cardinality(p.slots)],
          case when cardinality(p.slots) >= ${calls}::int then p.slots[cardinality(p.slots) - ${calls}::int + 1] + ${windowMs}::bigint end
        ))[greatest(1, cardinality(p.slots) + 2 - ${calls}::int):]
        returning slots[cardinality(slots)] as slot`;
      return Number(row!.slot);
    },
    async withLock(key, _ttlMs, work) {
      // A session advisory lock on a reserved connection: released when the work ends, or by PostgreSQL when
      // the process (and so its session) dies, so no time limit is needed.
      const session = await sql.reserve();
      try {
        const [row] = await session`select pg_try_advisory_lock(hashtextextended(${`${schema}:${key}`}, 0)) as taken`;
        if (!row!.taken) return { taken: false };
        try {
          return { taken: true, value: await work() };
        } finally {
          await session`select pg_advisory_unlock(hashtextextended(${`${schema}:${key}`}, 0))`.catch(() => {});
        }
      } finally {
        session.release();
      }
    },
  };
  return {
    name: 'postgres',
    queue: (name, defaultJobOptions) =>
      new Queue(name, { connection: connection(PRODUCER_POOL), defaultJobOptions: byAgeOnly(defaultJobOptions) }, createPostgresBackend) as unknown as Queue,
    worker: (name, processor, tuning) =>
      new Worker(name, processor, { connection: connection(workerPool(tuning.concurrency)), ...tuning }, createPostgresBackend) as unknown as Worker,
    coordination,
    ping: async () => {
      await sql`select 1`;
    },
    // PostgreSQL keeps its data through an outage: there is nothing to put back.
    onRestored: () => () => {},
    async close() {
      await sql.end({ timeout: 5 }).catch((error: unknown) => logger.warn('could not close the queue database pool', { error }));
    },
  };
}

/** The pacing table, created once per schema; concurrent starts wait on one advisory lock. */
async function createPacingTable(sql: postgres.Sql, schema: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`${schema}:pacing`}, 0))`;
    await tx`create schema if not exists ${tx(schema)}`;
    // key: a channel's or a business's schedule; slots: its latest reserved times (ms), newest last.
    await tx`create table if not exists ${tx(schema)}.pacing (key text primary key, slots bigint[] not null)`;
  });
}

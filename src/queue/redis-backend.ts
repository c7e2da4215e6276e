import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';
import type { QueueBackend } from './backend.js';
import type { Coordination } from './coordination.js';

// Each script is one atomic decision; the keys live under the queue prefix, so every worker process shares them.
const RESERVE_GAP = `
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
local slot = math.max(now, last + tonumber(ARGV[2]))
redis.call('SET', KEYS[1], slot, 'PX', slot - now + 600000)
return slot`;

const HOLD_UNTIL = `
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs > last then redis.call('SET', KEYS[1], untilMs, 'PX', 600000 + untilMs - tonumber(ARGV[2])) end
return 1`;

// The last `calls` slots live in a list: the new slot is at least `window` after the one `calls` places back.
const RESERVE_IN_WINDOW = `
local now = tonumber(ARGV[1])
local calls = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local slot = now
local newest = redis.call('LINDEX', KEYS[1], -1)
if newest and tonumber(newest) > slot then slot = tonumber(newest) end
if redis.call('LLEN', KEYS[1]) >= calls then
  local edge = tonumber(redis.call('LINDEX', KEYS[1], -calls)) + window
  if edge > slot then slot = edge end
end
redis.call('RPUSH', KEYS[1], slot)
redis.call('LTRIM', KEYS[1], -calls, -1)
redis.call('PEXPIRE', KEYS[1], slot - now + window + 60000)
return slot`;

/** BullMQ on Redis, as Hubkeeper ran before PostgreSQL became the default: for scale. */
export function createRedisQueueBackend(url: string, prefix: string, logger: Logger): QueueBackend {
  // Producers fail fast when Redis is down; workers get their own connection with maxRetriesPerRequest null.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (error) => logger.warn('redis connection error', { error }));
  let workerConnection: Redis | undefined;
  const key = (name: string) => `${prefix}:${name}`;
  const coordination: Coordination = {
    async reserveGap(name, now, gapMs) {
      return Number(await redis.eval(RESERVE_GAP, 1, key(name), now, gapMs));
    },
    async holdUntil(name, untilMs, now) {
      await redis.eval(HOLD_UNTIL, 1, key(name), untilMs, now);
    },
    async reserveInWindow(name, now, calls, windowMs) {
      return Number(await redis.eval(RESERVE_IN_WINDOW, 1, key(name), now, calls, windowMs));
    },
    async withLock(name, ttlMs, work) {
      const taken = await redis.set(key(name), '1', 'PX', ttlMs, 'NX').catch(() => null);
      if (taken !== 'OK') return { taken: false };
      try {
        return { taken: true, value: await work() };
      } finally {
        await redis.del(key(name)).catch(() => {});
      }
    },
  };
  return {
    name: 'redis',
    queue: (name, defaultJobOptions) => new Queue(name, { connection: redis, prefix, defaultJobOptions }),
    worker(name, processor, tuning) {
      if (!workerConnection) {
        workerConnection = new Redis(url, { maxRetriesPerRequest: null });
        workerConnection.on('error', (error) => logger.warn('worker redis error', { error }));
      }
      return new Worker(name, processor, { connection: workerConnection, prefix, ...tuning });
    },
    coordination,
    ping: async () => {
      await redis.ping();
    },
    onRestored(listener) {
      // Redis may come back empty (it keeps no data across a restart).
      redis.on('ready', listener);
      return () => redis.off('ready', listener);
    },
    async close() {
      workerConnection?.disconnect();
      redis.disconnect();
    },
  };
}

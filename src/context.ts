import { WebClient, WebClientEvent } from '@slack/web-api';
import { Redis } from 'ioredis';
import { createDatabase, type Database } from '../db/client.js';
import type { Config } from './config.js';
import { createQueues, type Queues } from './jobs/queues.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { createMetaClient, type MetaClient } from './meta/index.js';

export type Clock = () => Date;

/** Everything services, listeners and processors share; built once per process. */
export type AppContext = {
  config: Config;
  logger: Logger;
  db: Database;
  redis: Redis;
  queues: Queues;
  slack: WebClient;
  meta: MetaClient;
  metrics: Metrics;
  clock: Clock;
  close(): Promise<void>;
};

export type ContextOverrides = {
  logger?: Logger;
  clock?: Clock;
  /** Test knobs for the Meta client (e.g. shorter waits); never secrets. */
  meta?: Partial<Parameters<typeof createMetaClient>[0]>;
  slackRetries?: number;
};

export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const database = createDatabase(config.DATABASE_URL);
  // Producers fail fast when Redis is down; workers get their own connection with maxRetriesPerRequest null.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (error) => logger.warn('redis connection error', { error }));
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  const slack = new WebClient(config.SLACK_BOT_TOKEN, {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: { retries: overrides.slackRetries ?? 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
    timeout: 15_000,
  });
  slack.on(WebClientEvent.RATE_LIMITED, () => metrics.slackRateLimited.inc());
  const meta = createMetaClient({
    graphUrl: config.META_GRAPH_URL,
    apiVersion: config.META_API_VERSION,
    onRequest: (event) => metrics.metaRequests.inc({ outcome: event.outcome }),
    onRateLimitWait: (ms) => metrics.metaRateLimitWaitSeconds.inc(ms / 1000),
    ...overrides.meta,
  });
  return {
    config,
    logger,
    db: database.db,
    redis,
    queues,
    slack,
    meta,
    metrics,
    clock: overrides.clock ?? (() => new Date()),
    async close() {
      await queues.close().catch(() => {});
      redis.disconnect();
      await meta.close?.();
      await database.close();
    },
  };
}

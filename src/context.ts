import { WebClient } from '@slack/web-api';
import { createDatabase, type Database } from '../db/client.js';
import type { Config } from './config.js';
import { createQueueBackend } from './queue/backend.js';
import { createQueues, queueDepths, type Queues } from './queue/queues.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { countingFetch } from './lib/slack-fetch.js';
import { slackLogger } from './lib/slack-logger.js';
import { createMetaClient, type MetaClient } from './meta/index.js';
import { reportSettings, type ReportSettings } from './services/reports/settings.js';
import type { Views } from './services/notifications/views.js';
import { slackViews } from './slack/blocks/views.js';

export type { Clock };

/** Everything services, listeners and processors share; built once per process. */
export type AppContext = {
  config: Config;
  logger: Logger;
  db: Database;
  /**
   * The same database for work done while a person waits on Slack (listeners): every statement there has a
   * timeout, so a lock or a slow moment can never hold a request (or its connection) for long.
   */
  slackDb: Database;
  queues: Queues;
  slack: WebClient;
  /** For the notify queue: answers 429 at once instead of pausing, so one slow channel never holds the others. */
  slackPaced: WebClient;
  /**
   * For views.open/push/update while a person waits: a client of its own, so a 429 that pauses the others'
   * queue (users.list, a busy channel) never holds a modal past its 3-second trigger_id.
   */
  slackInteractive: WebClient;
  notifySettings: NotifySettings;
  reports: ReportSettings;
  meta: MetaClient;
  metrics: Metrics;
  /** How state looks in Slack: the presentation floor, handed down so services never import it. */
  views: Views;
  clock: Clock;
  close(): Promise<void>;
};

export type NotifySettings = {
  /** Gap between two calls to one channel: Slack allows about one message per second per channel. */
  paceMs: number;
  /** How long after its last result a channel's digest is edited rather than followed by a new message. */
  digestWindowMs: number;
  /** How long changes gather before Home tabs are republished. */
  homeDebounceMs: number;
  /** How long after someone opened Home it counts as open (Slack does not say when they leave). */
  homeOpenMs: number;
};

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  paceMs: 1_025,
  digestWindowMs: 60_000,
  homeDebounceMs: 1_500,
  homeOpenMs: 30 * 60_000,
};

/** Statement timeout of the database client Slack listeners use (see `slackDb`). */
export const SLACK_STATEMENT_TIMEOUT_MS = 10_000;

export type ContextOverrides = {
  logger?: Logger;
  clock?: Clock;
  /** Test knobs for the Meta client (e.g. shorter waits); never secrets. */
  meta?: Partial<Parameters<typeof createMetaClient>[0]>;
  slackRetries?: number;
  notify?: Partial<NotifySettings>;
  reports?: Partial<ReportSettings>;
};

export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const database = createDatabase(config.DATABASE_URL);
  const slackDatabase = createDatabase(config.DATABASE_URL, { max: 5, statementTimeoutMs: SLACK_STATEMENT_TIMEOUT_MS });
  const queues = createQueues(createQueueBackend(config, logger));
  metrics.watchQueues(() => queueDepths(queues));
  const slackOptions = {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: { retries: overrides.slackRetries ?? 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
    timeout: 15_000,
    fetch: countingFetch(metrics),
    logger: slackLogger(logger, 'slack-web-api'),
  };
  const slack = new WebClient(config.SLACK_BOT_TOKEN, slackOptions);
  const slackPaced = new WebClient(config.SLACK_BOT_TOKEN, { ...slackOptions, rejectRateLimitedCalls: true });
  const slackInteractive = new WebClient(config.SLACK_BOT_TOKEN, {
    ...slackOptions, retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 500 }, timeout: 2_500, rejectRateLimitedCalls: true,
  });
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
    slackDb: slackDatabase.db,
    queues,
    slack,
    slackPaced,
    slackInteractive,
    notifySettings: { ...DEFAULT_NOTIFY_SETTINGS, ...overrides.notify },
    reports: reportSettings(config, overrides.reports),
    meta,
    metrics,
    views: slackViews,
    clock: overrides.clock ?? systemClock,
    async close() {
      await queues.close().catch(() => {});
      await meta.close?.();
      await database.close();
      await slackDatabase.close();
    },
  };
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** Reads one queue's job counts by state; undefined when Redis does not answer. */
export type QueueDepthSource = () => Promise<Array<{ queue: string; counts: Record<string, number> }> | undefined>;

/** Prometheus metrics of one process; served at GET /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  let depthSource: QueueDepthSource | undefined;
  const queueDepth = new Gauge({
    name: 'hubkeeper_queue_jobs',
    help: 'Jobs in each queue by state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    // Read at scrape time, so every process reports the shared queues as they are now.
    async collect() {
      const depths = await depthSource?.().catch(() => undefined);
      if (!depths) return;
      this.reset();
      for (const { queue, counts } of depths) for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
    },
  });
  return {
    registry,
    queueDepth,
    watchQueues(source: QueueDepthSource) {
      depthSource = source;
    },
    metaRequests: counter('hubkeeper_meta_requests_total', 'Meta Graph API requests by outcome', ['outcome']),
    metaRateLimitWaitSeconds: counter('hubkeeper_meta_rate_limit_wait_seconds_total', 'Time spent waiting for Meta rate limits'),
    slackCalls: counter('hubkeeper_slack_calls_total', 'Slack Web API calls by method and outcome (ok, error, rate_limited, http_error)', ['method', 'outcome']),
    slackRateLimited: counter('hubkeeper_slack_rate_limited_total', 'Slack 429 answers by method', ['method']),
    slackTokenErrors: counter('hubkeeper_slack_token_errors_total', 'Times Slack refused the bot token and notifications stopped, by Slack error', ['error']),
    slackPaceWaitSeconds: counter('hubkeeper_slack_pace_wait_seconds_total', 'Time spent waiting for a channel\'s posting pace'),
    notifications: counter('hubkeeper_notifications_total', 'Notification calls by what they did (posted, edited, failed)', ['outcome']),
    scimRequests: counter('hubkeeper_scim_requests_total', 'SCIM requests by method and outcome (2xx, 4xx, 5xx)', ['method', 'outcome']),
    taskOutcomes: counter('hubkeeper_task_outcomes_total', 'Finished tasks by kind and status', ['kind', 'status']),
    jobDuration: new Histogram({
      name: 'hubkeeper_job_duration_seconds',
      help: 'Job processing time by queue',
      labelNames: ['queue'],
      buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
  };
}

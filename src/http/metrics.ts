import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** Prometheus metrics of one process; served at GET /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    metaRequests: counter('hubkeeper_meta_requests_total', 'Meta Graph API requests by outcome', ['outcome']),
    metaRateLimitWaitSeconds: counter('hubkeeper_meta_rate_limit_wait_seconds_total', 'Time spent waiting for Meta rate limits'),
    slackRateLimited: counter('hubkeeper_slack_rate_limited_total', 'Slack 429 answers'),
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

import type { FetchFunction } from '@slack/web-api';
import type { Metrics } from './metrics.js';

/** "chat.postMessage" for Web API calls; "response_url" or "file_upload" for Slack's other endpoints. */
export function slackMethodOf(url: string | URL): string {
  const path = new URL(String(url)).pathname;
  const api = /\/api\/([\w.]+)$/.exec(path);
  if (api) return api[1]!;
  return /upload/i.test(path) ? 'file_upload' : 'response_url';
}

/**
 * The fetch every Slack client uses: the same transport, plus a count of calls by method and outcome, and of
 * 429s, so /metrics shows what Hubkeeper asks of Slack whichever client made the call.
 */
export function countingFetch(metrics: Pick<Metrics, 'slackCalls' | 'slackRateLimited'>, base: typeof fetch = fetch): FetchFunction {
  return (async (url: string | URL, init?: RequestInit) => {
    const method = slackMethodOf(url);
    let response: Response;
    try {
      response = await base(url, init);
    } catch (error) {
      metrics.slackCalls.inc({ method, outcome: 'network_error' });
      throw error;
    }
    if (response.status === 429) {
      metrics.slackCalls.inc({ method, outcome: 'rate_limited' });
      metrics.slackRateLimited.inc({ method });
    } else if (!response.ok) {
      metrics.slackCalls.inc({ method, outcome: 'http_error' });
    } else if (method.includes('.')) {
      void (response.clone().json() as Promise<{ ok?: boolean }>).then(
        (body) => metrics.slackCalls.inc({ method, outcome: body.ok === false ? 'error' : 'ok' }),
        () => metrics.slackCalls.inc({ method, outcome: 'ok' }),
      );
    } else {
      metrics.slackCalls.inc({ method, outcome: 'ok' });
    }
    return response;
  }) as unknown as FetchFunction;
}

/** The same counting fetch, typed as the platform's fetch, for Slack URLs called without a WebClient. */
export const slackFetch = (metrics: Pick<Metrics, 'slackCalls' | 'slackRateLimited'>): typeof fetch =>
  countingFetch(metrics) as unknown as typeof fetch;

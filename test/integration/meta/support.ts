import { createMetaClient, type MetaClientOptions, type RequestEvent } from '../../../src/meta/index.js';
import type { FakeMeta } from '../../fakes/fake-meta.js';

export const TOKEN = 'EAAHubkeeperSystemUserToken0123456789';

/** A client on the fake whose sleeps are recorded, not slept, and whose events are kept. */
export function clientFor(fake: FakeMeta, options: MetaClientOptions = {}) {
  const waits: number[] = [];
  const rateLimitWaits: number[] = [];
  const events: RequestEvent[] = [];
  const client = createMetaClient({
    graphUrl: fake.url,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    onRequest: (event) => events.push(event),
    onRateLimitWait: (ms) => rateLimitWaits.push(ms),
    ...options,
  });
  return { client, business: client.business(fake.business.id, TOKEN), waits, rateLimitWaits, events };
}

/** Runs `fn` and returns what it threw (fails the test if it didn't throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Everything about an error a log line or a Slack message could end up showing. */
export function everything(error: unknown): string {
  const e = error as Error & Record<string, unknown>;
  return [String(e), e.stack, JSON.stringify(e), e.userMessage, String(e.cause ?? '')].join('\n');
}

import { ErrorCode } from '@slack/web-api';
import type { AppContext } from '../context.js';

// Each channel has one schedule shared by every worker process (`Coordination`, kept where the queues are).
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MAX_RATE_LIMITED = 6;

type Deps = Pick<AppContext, 'queues' | 'metrics' | 'logger' | 'notifySettings'>;

const key = (channel: string) => `pace:${channel}`;

/** Takes the channel's next slot (about one call per second per channel, shared by all workers): its time in ms. */
export async function reserveSlot(deps: Deps, channel: string): Promise<number> {
  const now = Date.now();
  const slot = await deps.queues.coordination.reserveGap(key(channel), now, deps.notifySettings.paceMs);
  if (slot > now) deps.metrics.slackPaceWaitSeconds.inc((slot - now) / 1000);
  return slot;
}

export async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
}

/** Waits for the channel's next slot. */
export async function waitForSlot(deps: Deps, channel: string): Promise<void> {
  await sleepUntil(await reserveSlot(deps, channel));
}

/** Seconds Slack asked us to wait, when the error is a 429 from a client with rejectRateLimitedCalls. */
export function retryAfterOf(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number };
  return e?.code === ErrorCode.RateLimitedError ? Math.max(1, e.retryAfter ?? 1) : undefined;
}

/**
 * Makes one Slack call to a channel in its turn. A 429 holds the whole channel for Slack's Retry-After (other
 * workers see it too) and the call goes again in its next turn; other channels carry on meanwhile.
 */
export async function pacedCall<T>(deps: Deps, channel: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await waitForSlot(deps, channel);
    const startedAt = Date.now();
    try {
      const result = await call();
      await noteCall(deps, channel, startedAt);
      return result;
    } catch (error) {
      const retryAfter = retryAfterOf(error);
      if (retryAfter === undefined || attempt >= MAX_RATE_LIMITED) throw error;
      deps.logger.warn('Slack rate limit: holding the channel', { channel, retryAfter });
      await holdChannel(deps, channel, Date.now() + retryAfter * 1000);
    }
  }
}

/**
 * Moves the channel's last slot to when a call really went out: work between taking the turn and calling
 * (reading the outbox) must not shorten the gap Slack sees between two calls.
 */
export async function noteCall(deps: Deps, channel: string, startedAt: number): Promise<void> {
  await holdChannel(deps, channel, startedAt);
}

export async function holdChannel(deps: Deps, channel: string, untilMs: number): Promise<void> {
  await deps.queues.coordination.holdUntil(key(channel), untilMs, Date.now());
}


import type { AppContext } from '../context.js';
import { sleepUntil } from './pacer.js';

// Reserves the next send time for one business's Meta writes so that no window of `window` ms ever holds
// more than `calls` of them: the new slot is at least `window` after the slot `calls` places back. The last
// `calls` slots live in a Redis list, so every worker process shares one schedule per business.
const RESERVE = `
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

/** Room left for timers firing late and clocks that differ, so a planned call never lands in a full window. */
const MARGIN = 1.02;
const MARGIN_MS = 25;

type Deps = Pick<AppContext, 'redis' | 'config' | 'reports' | 'metrics'>;

/**
 * Waits for this business's next Meta write slot, pacing removals and invitations to the configured limit
 * (META_WRITE_LIMIT) before Meta has to refuse any. Meta's usage headers still slow the client further.
 */
export async function waitForMetaWrite(deps: Deps, businessId: string): Promise<void> {
  const { calls, windowMs } = deps.reports.metaWrites;
  const window = Math.ceil(windowMs * MARGIN + MARGIN_MS);
  const now = Date.now();
  const slot = Number(await deps.redis.eval(RESERVE, 1, `${deps.config.QUEUE_PREFIX}:meta-writes:${businessId}`, now, calls, window));
  if (slot > now) deps.metrics.metaRateLimitWaitSeconds.inc((slot - now) / 1000);
  await sleepUntil(slot);
}

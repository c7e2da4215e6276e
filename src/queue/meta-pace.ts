import type { AppContext } from '../context.js';
import { sleepUntil } from './pacer.js';

// Reserves the next send time for one business's Meta writes so that no window of `window` ms ever holds
// more than `calls` of them. The schedule is shared by every worker process (`Coordination`).

/** Room left for timers firing late and clocks that differ, so a planned call never lands in a full window. */
const MARGIN = 1.02;
const MARGIN_MS = 25;

type Deps = Pick<AppContext, 'queues' | 'reports' | 'metrics'>;

/**
 * Waits for this business's next Meta write slot, pacing removals and invitations to the configured limit
 * (META_WRITE_LIMIT) before Meta has to refuse any. Meta's usage headers still slow the client further.
 */
export async function waitForMetaWrite(deps: Deps, businessId: string): Promise<void> {
  const { calls, windowMs } = deps.reports.metaWrites;
  const window = Math.ceil(windowMs * MARGIN + MARGIN_MS);
  const now = Date.now();
  const slot = await deps.queues.coordination.reserveInWindow(`meta-writes:${businessId}`, now, calls, window);
  if (slot > now) deps.metrics.metaRateLimitWaitSeconds.inc((slot - now) / 1000);
  await sleepUntil(slot);
}

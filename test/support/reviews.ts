import type { generateBusiness } from '../fakes/fake-meta.js';
import { startHarness, type Harness } from './harness.js';

/**
 * A harness for access reviews: the app's clock runs `offset()` ms ahead of the real one (so a test moves to
 * a deadline), and the review deadlines job runs every 200 ms.
 */
export function startReviewHarness(business: ReturnType<typeof generateBusiness>, offset: () => number): Promise<Harness> {
  return startHarness({
    meta: { business },
    start: { clock: () => new Date(Date.now() + offset()), reports: { reminderCheckMs: 200 }, notify: { paceMs: 200 } },
  });
}

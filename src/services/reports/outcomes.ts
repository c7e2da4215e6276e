import { and, eq } from 'drizzle-orm';
import { reportItems } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';

/**
 * Writes a removal's outcome onto its report item, inside the removal's own transaction (no report lock:
 * 1,000 removals finish in parallel). Only the task the item points to reports back, so an older attempt's
 * late answer changes nothing. Closing the report comes after the commit (`closeSettledReport`).
 */
export async function recordRemovalOutcome(
  tx: Transaction,
  ref: { reportId: string; itemId: string },
  taskId: string,
  outcome: 'removed' | 'already_gone' | 'failed',
  error: string | null,
  at: Date,
): Promise<void> {
  await tx
    .update(reportItems)
    .set({ outcome, outcomeAt: at, outcomeError: error })
    .where(and(eq(reportItems.id, ref.itemId), eq(reportItems.removalTaskId, taskId), eq(reportItems.decision, 'approved')));
}

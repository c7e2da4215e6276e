import { and, eq } from 'drizzle-orm';
import { reportItems } from '../../db/schema.js';
import type { Transaction } from '../../db/client.js';
import { closeIfSettled } from './reports.js';

/**
 * Writes a removal's outcome onto its report item, inside the removal's own transaction (the hub's report
 * lock already held), and closes the report when that was the last item to settle. A retried removal only
 * reports back through the task it belongs to.
 */
export async function recordRemovalOutcome(
  tx: Transaction,
  ref: { reportId: string; itemId: string },
  taskId: string,
  outcome: 'removed' | 'already_gone' | 'failed',
  error: string | null,
  at: Date,
): Promise<void> {
  const [item] = await tx
    .update(reportItems)
    .set({ outcome, outcomeAt: at, outcomeError: error })
    .where(and(eq(reportItems.id, ref.itemId), eq(reportItems.removalTaskId, taskId), eq(reportItems.decision, 'approved')))
    .returning({ reportId: reportItems.reportId });
  if (item) await closeIfSettled(tx, item.reportId, at);
}

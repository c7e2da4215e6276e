import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import { reportEscalations } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { isChannelError, isRecipientError, slackErrorCode } from '../../domain/slack-errors.js';
import type { JobPayload } from '../../queue/registry.js';
import { drawInPlace } from '../notifications/draw-in-place.js';
import { waitingReport } from './reminders.js';

/** Stores one escalation message per target (in the transaction that claimed the escalation); returns their ids. */
export async function recordEscalations(tx: Transaction, reportId: string, targets: readonly string[], at: Date): Promise<string[]> {
  if (targets.length === 0) return [];
  const rows = await tx
    .insert(reportEscalations)
    .values(targets.map((target) => ({ reportId, target, escalatedAt: at })))
    .onConflictDoNothing()
    .returning({ id: reportEscalations.id });
  return rows.map((row) => row.id);
}

/** Every escalation message a report has had, oldest first. */
export async function escalationsOf(db: DbOrTx, reportId: string): Promise<string[]> {
  const rows = await db.select({ id: reportEscalations.id }).from(reportEscalations).where(eq(reportEscalations.reportId, reportId)).orderBy(asc(reportEscalations.escalatedAt));
  return rows.map((row) => row.id);
}

/** Escalations stored a while ago and never posted (their job was lost), from the last day. */
export async function unpostedEscalations(db: DbOrTx, olderThan: Date): Promise<string[]> {
  const dayBefore = new Date(olderThan.getTime() - 24 * 3_600_000);
  const rows = await db
    .select({ id: reportEscalations.id })
    .from(reportEscalations)
    .where(and(isNull(reportEscalations.ts), lt(reportEscalations.escalatedAt, olderThan), gt(reportEscalations.escalatedAt, dayBefore)))
    .limit(100);
  return rows.map((row) => row.id);
}

/** Queues the (re)draw of one escalation message; redraws of one message coalesce and never run side by side. */
export async function queueEscalationRender(deps: Pick<AppContext, 'queues'>, escalationId: string): Promise<void> {
  await deps.queues.enqueue('notify', 'renderEscalation', { escalationId }, {
    deduplication: { id: `escalation-${escalationId}`, keepLastIfActive: true },
    attempts: 8,
    backoff: { type: 'exponential', delay: 1_000 },
  });
}

/**
 * Draws an escalation from the report as it is now, in its target's turn: posted the first time, edited in place
 * after that, so as items are decided it shows what still waits, and at last that nothing does.
 */
export async function renderEscalation(ctx: AppContext, { escalationId }: JobPayload<'notify', 'renderEscalation'>): Promise<void> {
  const [row] = await ctx.db.select().from(reportEscalations).where(eq(reportEscalations.id, escalationId));
  if (!row) return;
  const message = async () => {
    const report = await waitingReport(ctx.db, row.reportId);
    return report && ctx.views.escalation(report, ctx.clock(), row.escalatedAt);
  };
  try {
    await drawInPlace(ctx, row.target, { channel: row.slackChannel, ts: row.ts }, message, (posted) =>
      ctx.db.update(reportEscalations).set({ slackChannel: posted.channel, ts: posted.ts }).where(eq(reportEscalations.id, escalationId)));
  } catch (error) {
    const code = slackErrorCode(error) ?? '';
    // A channel or person Slack will never take it for: retrying would only hold the queue.
    if (!isChannelError(code) && !isRecipientError(code)) throw error;
    ctx.logger.warn('Slack refused an escalation message; it will not be retried', { escalationId, error: code });
  }
}

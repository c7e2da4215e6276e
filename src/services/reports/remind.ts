import type { AppContext } from '../../context.js';
import { planReminders, type WaitingReport } from '../../domain/report-reminders.js';
import { recordAudits } from '../audit/record.js';
import { addNotifications } from '../notifications/outbox.js';
import { lastRemindedOf } from './owner-settings.js';
import { claimEscalation, claimReminder, reportsNeedingCards, settledOpenReports, waitingReports } from './reminders.js';
import { closeSettledReport } from './reports.js';
import { reinviteJobId, strandedReinvites } from './reinvite.js';
import { queueChannelFlush } from '../notifications/send.js';
import { afterReportChange } from './after-change.js';
import { queueEscalationRender, recordEscalations, unpostedEscalations } from './escalations.js';

const GRACE_MS = 60_000;

/**
 * Every few minutes (by the injected clock): reminds each owner once a day of report items waiting longer
 * than REPORT_REMIND_AFTER_HOURS, and escalates items older than REPORT_ESCALATE_AFTER_HOURS to the
 * team-wide channel, or else the configured admins, or else the hub's channel. Each reminder is claimed
 * in the transaction that puts it in the outbox, so it goes out once. Also repairs lost card jobs.
 */
export async function reportReminders(ctx: AppContext): Promise<{ reminded: number; escalated: number }> {
  const now = ctx.clock();
  const waiting = await waitingReports(ctx.db);
  const owners = [...new Set(waiting.flatMap((report) => report.ownerIds))];
  const plan = planReminders(now, waiting, await lastRemindedOf(ctx.db, owners), {
    remindAfterMs: ctx.reports.remindAfterMs, escalateAfterMs: ctx.reports.escalateAfterMs, everyMs: ctx.reports.remindEveryMs,
  });
  const flush = new Set<string>();
  let reminded = 0;
  for (const { ownerId, reports } of plan.remind) {
    const sent = await ctx.db.transaction(async (tx) => {
      if (!(await claimReminder(tx, ownerId, now, ctx.reports.remindEveryMs))) return false;
      await addNotifications(tx, [{ channel: ownerId, kind: 'message', event: 'report.reminder', body: ctx.views.reminder(reports, now) }]);
      await recordAudits(tx, reports.map((report) => ({
        actor: 'schedule', action: 'report.reminded', hubId: report.hubId, outcome: 'sent', detail: { reportId: report.reportId, owner: ownerId, pending: report.pending },
      })));
      return true;
    });
    if (sent) (reminded++, flush.add(ownerId));
  }
  let escalated = 0;
  for (const report of plan.escalate) {
    const targets = escalationTargets(ctx, report);
    // Each escalation is a message of its own, drawn from the report's state and redrawn as it is decided.
    const messages = await ctx.db.transaction(async (tx) => {
      if (!(await claimEscalation(tx, report.reportId, now, ctx.reports.remindEveryMs))) return undefined;
      const ids = await recordEscalations(tx, report.reportId, targets, now);
      await recordAudits(tx, [{ actor: 'schedule', action: 'report.escalated', hubId: report.hubId, outcome: 'sent', detail: { reportId: report.reportId, to: targets, pending: report.pending } }]);
      return ids;
    });
    if (!messages) continue;
    escalated++;
    for (const id of messages) await queueEscalationRender(ctx, id);
  }
  for (const channel of flush) await queueChannelFlush(ctx, channel);
  await repair(ctx, now);
  if (reminded || escalated) ctx.logger.info('report reminders sent', { reminded, escalated });
  return { reminded, escalated };
}

function escalationTargets(ctx: AppContext, report: WaitingReport): string[] {
  if (ctx.config.NOTIFY_CHANNEL_ID) return [ctx.config.NOTIFY_CHANNEL_ID];
  if (ctx.config.ADMIN_SLACK_USER_IDS.length) return [...ctx.config.ADMIN_SLACK_USER_IDS];
  return [report.channelId];
}

/** Reports left open with nothing to settle, cards never drawn, summaries never queued, re-invites never sent. */
async function repair(ctx: AppContext, now: Date): Promise<void> {
  const olderThan = new Date(now.getTime() - GRACE_MS);
  for (const reportId of await settledOpenReports(ctx.db)) {
    if (await closeSettledReport(ctx.db, reportId, now)) await afterReportChange(ctx, reportId);
  }
  for (const reportId of await reportsNeedingCards(ctx.db, olderThan)) await afterReportChange(ctx, reportId);
  for (const escalationId of await unpostedEscalations(ctx.db, olderThan)) await queueEscalationRender(ctx, escalationId);
  for (const item of await strandedReinvites(ctx.db, olderThan)) {
    const attempt = item.reinvitedAt!.getTime();
    const job = await ctx.queues.get('members').getJob(reinviteJobId(item.id, attempt));
    if (job && !(await job.isFailed())) continue;
    await job?.remove().catch(() => {});
    await ctx.queues.enqueue('members', 'reinviteMember', { itemId: item.id, attempt }, { jobId: reinviteJobId(item.id, attempt), attempts: 3 });
  }
}

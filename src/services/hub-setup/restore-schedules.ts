import type { AppContext } from '../../context.js';
import { listHubs } from './hubs.js';
import { scheduleDailyCheck, scheduleReviews } from './schedules.js';

/** Puts the maintenance schedules and every hub's daily check and scheduled reviews in place (again: Redis may have come back empty). */
export async function restoreSchedules(ctx: AppContext): Promise<void> {
  const maintenance = ctx.queues.get('maintenance');
  await maintenance.upsertJobScheduler('sweep-orphan-tasks', { every: 60_000 }, { name: 'sweepOrphanTasks', data: {} });
  await maintenance.upsertJobScheduler('expire-exemptions', { every: 5 * 60_000 }, { name: 'expireExemptions', data: {} });
  await maintenance.upsertJobScheduler('expire-claims', { every: 15 * 60_000 }, { name: 'expireClaims', data: {} });
  await maintenance.upsertJobScheduler('report-reminders', { every: ctx.reports.reminderCheckMs }, { name: 'reportReminders', data: {} });
  await maintenance.upsertJobScheduler('review-deadlines', { every: ctx.reports.reminderCheckMs }, { name: 'reviewDeadlines', data: {} });
  await maintenance.upsertJobScheduler('sweep-notifications', { every: 30_000 }, { name: 'sweepNotifications', data: {} });
  for (const hub of await listHubs(ctx.db)) {
    await scheduleDailyCheck(ctx, hub);
    await scheduleReviews(ctx, hub);
  }
}

import { expireClaimsJob } from '../../services/hub-setup/claim-windows.js';
import { expireExemptionsJob } from '../../services/members/expire-exemptions.js';
import { sweepNotifications } from '../../services/notifications/sweep.js';
import { reportReminders } from '../../services/reports/remind.js';
import { sweepOrphanTasks } from '../../services/tasks/sweep.js';
import { reviewDeadlines } from '../../services/reviews/deadlines.js';
import { startScheduledReview } from '../../services/reviews/scheduled.js';
import type { QueueProcessors } from './types.js';

export const maintenanceProcessors: QueueProcessors<'maintenance'> = {
  sweepOrphanTasks: (ctx) => sweepOrphanTasks(ctx),
  reportReminders: (ctx) => reportReminders(ctx),
  expireExemptions: (ctx) => expireExemptionsJob(ctx),
  sweepNotifications: (ctx) => sweepNotifications(ctx),
  reviewDeadlines: (ctx) => reviewDeadlines(ctx),
  expireClaims: (ctx) => expireClaimsJob(ctx),
  scheduledReview: (ctx, payload) => startScheduledReview(ctx, payload),
};

import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppContext } from '../context.js';
import { announceTaskResult } from './processors/announce-task-result.js';
import { checkForUpdates } from './processors/check-for-updates.js';
import { expireExemptionsJob, exemptionsExpired } from './processors/expire-exemptions.js';
import { removeMember } from './processors/remove-member.js';
import { reinviteMember } from './processors/reinvite-member.js';
import { refreshReportCards, renderReportCard } from './processors/report-cards.js';
import { reportReminders } from './processors/report-reminders.js';
import { inviteMembers } from './processors/invite-members.js';
import { changeRole } from './processors/change-role.js';
import { collectGroupInvitesJob } from './processors/collect-group-invites.js';
import { renderTaskMessage } from './processors/render-task-message.js';
import { scheduledCheck } from './processors/scheduled-check.js';
import { sweepOrphanTasks } from './processors/sweep.js';
import { flushChannel } from './processors/flush-channel.js';
import { sweepNotifications } from './processors/sweep-notifications.js';
import { publishHomeJob, refreshHomes, startHomeFeed } from './home.js';
import type { QueueName } from './registry.js';
import { listHubs } from '../services/hubs.js';
import { scheduleDailyCheck } from '../services/schedules.js';

type Processor = (ctx: AppContext, job: Job, token?: string) => Promise<unknown>;

const processors: Record<QueueName, Record<string, Processor>> = {
  sync: { checkForUpdates, scheduledCheck, directoryTriggeredCheck: scheduledCheck },
  members: { removeMember, reinviteMember, inviteMembers, changeRole, collectGroupInvites: collectGroupInvitesJob },
  notify: { renderTaskMessage, refreshReportCards, renderReportCard, announceTaskResult, exemptionsExpired, flushChannel, refreshHomes, publishHome: publishHomeJob },
  maintenance: { sweepOrphanTasks: (ctx) => sweepOrphanTasks(ctx), reportReminders: (ctx) => reportReminders(ctx), expireExemptions: (ctx) => expireExemptionsJob(ctx), sweepNotifications: (ctx) => sweepNotifications(ctx) },
};

// Notify jobs mostly wait for a channel's turn, so many run at once; the pace itself lives in Redis. Member
// jobs mostly wait for Meta (and their business's write slot); the Meta client still caps in-flight calls.
const concurrency: Record<QueueName, number> = { sync: 4, members: 16, notify: 32, maintenance: 1 };

export type WorkerOptions = {
  /** How long a job's lock lasts before another worker may take it over (shorter in tests). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
};

export type Workers = { close(): Promise<void> };

/** Starts one BullMQ worker per queue, plus the sweep and the hubs' daily schedules. */
export async function startWorkers(ctx: AppContext, options: WorkerOptions = {}): Promise<Workers> {
  const connection = new Redis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on('error', (error) => ctx.logger.warn('worker redis error', { error }));
  const workers = (Object.keys(processors) as QueueName[]).map((queue) => {
    const worker = new Worker(
      queue,
      async (job, token) => {
        const handler = processors[queue][job.name];
        if (!handler) throw new Error(`no processor for ${queue}/${job.name}`);
        const end = ctx.metrics.jobDuration.startTimer({ queue });
        try {
          // Every log line of a job says which job and task it belongs to.
          const logger = ctx.logger.child({ queue, job: job.name, jobId: job.id, ...(job.data?.taskId ? { taskId: job.data.taskId } : {}) });
          return await handler({ ...ctx, logger }, job, token);
        } finally {
          end();
        }
      },
      {
        connection,
        prefix: ctx.config.QUEUE_PREFIX,
        concurrency: concurrency[queue],
        lockDuration: options.lockDurationMs ?? ctx.config.JOB_LOCK_SECONDS * 1000,
        stalledInterval: options.stalledIntervalMs ?? options.lockDurationMs ?? ctx.config.JOB_LOCK_SECONDS * 1000,
        maxStalledCount: 3,
      },
    );
    worker.on('error', (error) => ctx.logger.error('worker error', { queue, error }));
    worker.on('failed', (job, error) =>
      ctx.logger.warn('job failed', { queue, job: job?.name, taskId: job?.data?.taskId, error }),
    );
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const schedule = async () => {
    await ctx.queues
      .get('maintenance')
      .upsertJobScheduler('sweep-orphan-tasks', { every: 60_000 }, { name: 'sweepOrphanTasks', data: {} });
    await ctx.queues
      .get('maintenance')
      .upsertJobScheduler('expire-exemptions', { every: 5 * 60_000 }, { name: 'expireExemptions', data: {} });
    await ctx.queues
      .get('maintenance')
      .upsertJobScheduler('report-reminders', { every: ctx.reports.reminderCheckMs }, { name: 'reportReminders', data: {} });
    await ctx.queues
      .get('maintenance')
      .upsertJobScheduler('sweep-notifications', { every: 30_000 }, { name: 'sweepNotifications', data: {} });
    for (const hub of await listHubs(ctx.db)) await scheduleDailyCheck(ctx, hub);
  };
  await schedule();
  // Redis may come back empty (it keeps no data across a restart): put the schedules back on reconnect.
  const restore = () => void schedule().catch((error: unknown) => ctx.logger.warn('could not restore schedules', { error }));
  ctx.redis.on('ready', restore);
  const homeFeed = await startHomeFeed(ctx);
  return {
    async close() {
      // Let running jobs finish (drain) so nothing is left half done; BullMQ waits for active jobs.
      ctx.redis.off('ready', restore);
      await homeFeed.close().catch(() => {});
      await Promise.all(workers.map((worker) => worker.close()));
      connection.disconnect();
    },
  };
}

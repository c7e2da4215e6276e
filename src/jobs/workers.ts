import type { AppContext } from '../context.js';
import { jobControl } from '../queue/job-control.js';
import { parsePayload, type QueueName } from '../queue/registry.js';
import { restoreSchedules } from '../services/hub-setup/restore-schedules.js';
import { startHomeFeed } from '../services/notifications/home.js';
import { sweepOrphanTasks } from '../services/tasks/sweep.js';
import { noteTokenError, recoverSlackToken } from '../services/operations/slack-token.js';
import { processors } from './processors/index.js';

// Notify jobs mostly wait for a channel's turn, so many run at once; the pace itself lives with the queues. Member
// jobs mostly wait for Meta (and their business's write slot); the Meta client still caps in-flight calls.
type Processor = (ctx: AppContext, payload: unknown, control: ReturnType<typeof jobControl>) => Promise<unknown>;

const concurrency: Record<QueueName, number> = { sync: 4, members: 16, notify: 32, maintenance: 1 };

export type WorkerOptions = {
  /** How long a job's lock lasts before another worker may take it over (shorter in tests). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
};

export type Workers = { close(): Promise<void> };

/** Starts one BullMQ worker per queue, plus the sweep and the hubs' daily schedules. */
export async function startWorkers(ctx: AppContext, options: WorkerOptions = {}): Promise<Workers> {
  const workers = (Object.keys(processors) as QueueName[]).map((queue) => {
    const worker = ctx.queues.worker(
      queue,
      async (job, token) => {
        const handler = (processors[queue] as Record<string, Processor | undefined>)[job.name];
        if (!handler) throw new Error(`no processor for ${queue}/${job.name}`);
        const payload = parsePayload(queue, job.name as never, job.data);
        const end = ctx.metrics.jobDuration.startTimer({ queue });
        try {
          // Every log line of a job says which job and task it belongs to.
          const logger = ctx.logger.child({ queue, job: job.name, jobId: job.id, ...(job.data?.taskId ? { taskId: job.data.taskId } : {}) });
          return await handler({ ...ctx, logger }, payload, jobControl(job, token));
        } catch (error) {
          // A refused bot token stops the notify queue rather than failing every message in turn.
          if (queue === 'notify') await noteTokenError(ctx, error).catch(() => false);
          throw error;
        } finally {
          end();
        }
      },
      {
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
  await recoverSlackToken(ctx).catch((error: unknown) => ctx.logger.warn('could not check whether the Slack token works again', { error }));
  const schedule = () => restoreSchedules(ctx);
  await schedule();
  // The queue store may come back empty (Redis keeps no data across a restart): put the schedules back, and
  // queue at once the work recorded while the queue was away (decisions, directory checks), not at the next sweep.
  const restore = () =>
    void schedule()
      .then(() => sweepOrphanTasks(ctx, 0))
      .catch((error: unknown) => ctx.logger.warn('could not restore schedules', { error }));
  const stopRestoring = ctx.queues.onRestored(restore);
  const homeFeed = await startHomeFeed(ctx);
  return {
    async close() {
      // Let running jobs finish (drain) so nothing is left half done; BullMQ waits for active jobs.
      stopRestoring();
      await homeFeed.close().catch(() => {});
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}

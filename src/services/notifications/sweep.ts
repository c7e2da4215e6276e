import type { AppContext } from '../../context.js';
import { stalledChannels, unannouncedTasks } from './outbox.js';
import { queueChannelFlush, queueTaskAnnouncements } from './send.js';

const GRACE_MS = 30_000;

/**
 * Finds what the notify queue lost (Redis was away when a task finished or a line was added) and queues it
 * again; Postgres holds every notification, so a blip costs a delay, never a message.
 */
export async function sweepNotifications(ctx: AppContext): Promise<{ tasks: number; channels: number }> {
  const olderThan = new Date(ctx.clock().getTime() - GRACE_MS);
  const [taskIds, channels] = await Promise.all([unannouncedTasks(ctx.db, olderThan), stalledChannels(ctx.db, olderThan)]);
  // The announce job may exist but be finished (e.g. it failed for good): replace it.
  for (const taskId of taskIds) await ctx.queues.get('notify').remove(`announce-${taskId}`).catch(() => {});
  await queueTaskAnnouncements(ctx, taskIds);
  for (const channel of channels) await queueChannelFlush(ctx, channel);
  if (taskIds.length || channels.length) ctx.logger.warn('re-queued lost notifications', { tasks: taskIds.length, channels: channels.length });
  return { tasks: taskIds.length, channels: channels.length };
}

import type { Job } from 'bullmq';
import { and, eq, isNull } from 'drizzle-orm';
import { tasks } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { getHub } from '../../services/hubs.js';
import { getTask } from '../../services/tasks.js';
import { taskResultLine } from '../../slack/blocks/task-message.js';
import { parsePayload } from '../registry.js';

/** Tells the team-wide channel (if configured) that a task finished; at most once per task. */
export async function announceTaskResult(ctx: AppContext, job: Job): Promise<void> {
  const { taskId } = parsePayload('notify', 'announceTaskResult', job.data);
  const task = await getTask(ctx.db, taskId);
  if (!task || task.resultAnnouncedAt || (task.status !== 'completed' && task.status !== 'failed')) return;
  const hub = await getHub(ctx.db, task.hubId);
  const channel = ctx.config.NOTIFY_CHANNEL_ID;
  if (hub && channel && channel !== hub.channelId) {
    const text = taskResultLine(hub, task);
    await ctx.slack.chat.postMessage({ channel, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  }
  await ctx.db.update(tasks).set({ resultAnnouncedAt: ctx.clock() }).where(and(eq(tasks.id, taskId), isNull(tasks.resultAnnouncedAt)));
}

import { and, eq, isNull } from 'drizzle-orm';
import { tasks } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { announces, taskEvent } from '../../domain/announcements.js';
import { isInChannel } from './channel-members.js';
import { getHub, hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import { isSlackUserId } from '../../lib/text.js';
import { addNotifications, type NewNotification } from './outbox.js';
import type { Task } from '../tasks/types.js';
import { getTask } from '../tasks/tasks.js';
import { queueChannelFlush } from './send.js';
import type { JobPayload } from '../../queue/registry.js';


/**
 * A task finished: its result line goes to the hub's channel (unless the task's own message lives there and
 * already shows it) and the team-wide channel, as far as the hub announces that event, and privately to the person who
 * asked when they are not in the hub's channel. The lines go to the outbox in one transaction with the
 * "announced" mark, so this happens once per task however often the job runs; channel flushes post them.
 */
export async function announceTaskResult(ctx: AppContext, { taskId }: JobPayload<'notify', 'announceTaskResult'>): Promise<void> {
  const task = await getTask(ctx.db, taskId);
  if (!task || task.resultAnnouncedAt || (task.status !== 'completed' && task.status !== 'failed')) return;
  const hub = await getHub(ctx.db, task.hubId);
  const channels = hub ? await recipients(ctx, hub, task) : [];
  const event = taskEvent(task.kind, task.status) ?? null;
  const body = hub ? ctx.views.resultLine(ctx.views.taskResultLine(hub, task)) : undefined;
  const rows: NewNotification[] = body ? channels.map((channel) => ({ channel, kind: 'line', hubId: hub!.id, taskId, event, body })) : [];
  const claimed = await ctx.db.transaction(async (tx) => {
    const marked = await tx
      .update(tasks)
      .set({ resultAnnouncedAt: ctx.clock() })
      .where(and(eq(tasks.id, taskId), isNull(tasks.resultAnnouncedAt)))
      .returning({ id: tasks.id });
    if (marked.length) await addNotifications(tx, rows);
    return marked.length > 0;
  });
  if (claimed) for (const channel of channels) await queueChannelFlush(ctx, channel);
}

async function recipients(ctx: AppContext, hub: Hub, task: Task): Promise<string[]> {
  const event = taskEvent(task.kind, task.status);
  const channels = new Set<string>();
  // A task's own message (posted as it starts, edited to its result) already tells the channel it lives in.
  const shownInHubChannel = (task.slackChannelId ?? hub.channelId) === hub.channelId;
  if (hub.channelBrokenAt) {
    // The hub's channel refuses posts: its owners hear of every result directly until it is fixed.
    for (const owner of await hubOwnerIds(ctx.db, hub.id)) channels.add(owner);
    if (isSlackUserId(task.requestedBy)) channels.add(task.requestedBy);
    const teamWide = ctx.config.NOTIFY_CHANNEL_ID;
    if (teamWide && teamWide !== hub.channelId) channels.add(teamWide);
    return [...channels];
  }
  if (event && announces(hub.announceEvents, event)) {
    if (!shownInHubChannel) channels.add(hub.channelId);
    const teamWide = ctx.config.NOTIFY_CHANNEL_ID;
    if (teamWide && teamWide !== hub.channelId) channels.add(teamWide);
  }
  if (isSlackUserId(task.requestedBy) && !(await isInChannel(ctx, hub.channelId, task.requestedBy))) channels.add(task.requestedBy);
  return [...channels];
}

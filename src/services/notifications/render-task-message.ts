import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { getHub } from '../hub-setup/hubs.js';
import { getTask, recordTaskMessage } from '../tasks/tasks.js';
import { taskMessage } from './task-views.js';
import { pacedCall } from '../../queue/pacer.js';
import type { JobPayload } from '../../queue/registry.js';
import { isChannelError, slackErrorCode } from '../../domain/slack-errors.js';
import { noteChannelRefusal, noteChannelWorks } from './channel-health.js';
import { takeBack } from './draw-in-place.js';

/**
 * Draws a task's message from its current state: posts it the first time, edits it in place after that.
 * A per-task advisory lock keeps two workers from both posting the first message.
 */
export async function renderTaskMessage(ctx: AppContext, { taskId }: JobPayload<'notify', 'renderTaskMessage'>): Promise<void> {
  let channel: string | undefined;
  try {
    await drawTaskMessage(ctx, taskId, (where) => (channel = where));
  } catch (error) {
    // A channel that refuses posts is marked broken (its owners are told; the result goes to them): no retry.
    if (!channel || !isChannelError(slackErrorCode(error))) throw error;
    await noteChannelRefusal(ctx, channel, error);
    return;
  }
  if (channel) await noteChannelWorks(ctx, channel);
}

async function drawTaskMessage(ctx: AppContext, taskId: string, postingTo: (channel: string) => void): Promise<void> {
  let posted: { channel: string; ts: string } | undefined;
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`task-message-${taskId}`}))`);
      const task = await getTask(tx, taskId);
      if (!task) return;
      const hub = await getHub(ctx.db, task.hubId);
      if (!hub) return;
      const message = await taskMessage({ db: tx, views: ctx.views }, hub, task);
      const channel = task.slackChannelId ?? hub.channelId;
      postingTo(channel);
      if (task.slackTs && (await editedInPlace(ctx, channel, task.slackTs, message))) return;
      // In the channel's turn (about one message per second per channel, 429s honoured), like every post.
      const sent = await pacedCall(ctx, channel, () => ctx.slackPaced.chat.postMessage({ channel, ...message, unfurl_links: false }));
      if (!sent.ts) return;
      posted = { channel: sent.channel ?? channel, ts: sent.ts };
      await recordTaskMessage(tx, taskId, posted.channel, posted.ts);
    });
  } catch (error) {
    // Posted, but its ts was never stored: the retry will post again, so take this one back first.
    if (posted) await takeBack(ctx, posted);
    throw error;
  }
}

/** Edits the task's message; false when someone deleted it, so a new one is posted in its place. */
async function editedInPlace(ctx: AppContext, channel: string, ts: string, message: object): Promise<boolean> {
  try {
    await pacedCall(ctx, channel, () => ctx.slackPaced.chat.update({ channel, ts, ...message } as never));
    return true;
  } catch (error) {
    if (['message_not_found', 'cant_update_message'].includes(slackErrorCode(error) ?? '')) return false;
    throw error;
  }
}

import type { AppContext } from '../../context.js';
import { addNotifications } from './outbox.js';

/**
 * Asks the notify queue to redraw a task's message from its current state. Redraws of one task never run in
 * parallel and coalesce: while one waits, more requests add nothing, and one made while a redraw runs queues
 * exactly one more, so the last state change is always drawn.
 */
export async function queueTaskRender(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue(
    'notify',
    'renderTaskMessage',
    { taskId },
    { deduplication: { id: `render-${taskId}`, keepLastIfActive: true }, attempts: 8 },
  );
}

/**
 * Queues the announcement of a finished task. It runs behind the notify queue's other jobs (BullMQ takes
 * unprioritised jobs first), so a burst of 1,000 results never holds up the channel flushes that post them.
 */
export async function queueTaskAnnouncement(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue('notify', 'announceTaskResult', { taskId }, announceOptions(taskId));
}

/** The announcements of many finished tasks (the sweep's catch-up), in one bulk add. */
export async function queueTaskAnnouncements(deps: Pick<AppContext, 'queues'>, taskIds: readonly string[]): Promise<void> {
  await deps.queues.enqueueBulk('notify', 'announceTaskResult', taskIds.map((taskId) => ({ payload: { taskId }, options: announceOptions(taskId) })));
}

const announceOptions = (taskId: string) => ({ jobId: `announce-${taskId}`, attempts: 8, priority: 10 });

/**
 * Asks for one flush of a channel's outbox. Flushes of one channel never run in parallel, and one asked for
 * while a flush runs follows it, so whatever was added is always posted.
 */
export async function queueChannelFlush(deps: Pick<AppContext, 'queues'>, channel: string): Promise<void> {
  await deps.queues.enqueue(
    'notify',
    'flushChannel',
    { channel },
    { deduplication: { id: `flush-${channel}`, keepLastIfActive: true }, attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  );
}

export type OutgoingMessage = { text: string; blocks?: unknown[] };

/**
 * Posts a message (to a channel, or to a person by their user id) through the notify queue: written to the
 * outbox first, then posted in the channel's turn and in order with its other messages. If Redis is away the
 * sweep posts it later; it is never lost.
 */
export async function sendMessage(
  deps: Pick<AppContext, 'db' | 'queues' | 'logger' | 'views'>,
  channel: string,
  message: OutgoingMessage,
  about: { hubId?: string; event?: string } = {},
): Promise<void> {
  // Every message carries blocks as well as text; a plain answer becomes one section.
  const body = message.blocks?.length ? message : deps.views.text(message.text);
  await addNotifications(deps.db, [{ channel, kind: 'message', body, ...about }]);
  await queueChannelFlush(deps, channel).catch((error: unknown) => deps.logger.warn('flush not queued; the sweep will post it', { channel, error }));
}

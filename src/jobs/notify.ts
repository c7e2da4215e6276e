import type { AppContext } from '../context.js';

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

export async function queueTaskAnnouncement(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue('notify', 'announceTaskResult', { taskId }, { jobId: `announce-${taskId}`, attempts: 8 });
}

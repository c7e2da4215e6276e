import type { AppContext } from '../context.js';

/**
 * Asks the notify queue to redraw a task's message from its current state. Progress redraws are throttled per
 * task (one per second at most); the final redraw always runs, after every earlier state change was committed.
 */
export async function queueTaskRender(deps: Pick<AppContext, 'queues'>, taskId: string, final = false): Promise<void> {
  await deps.queues.enqueue(
    'notify',
    'renderTaskMessage',
    { taskId },
    final
      ? { jobId: `final-${taskId}`, attempts: 8 }
      : { deduplication: { id: `render-${taskId}`, ttl: 1_000 }, attempts: 3 },
  );
}

export async function queueTaskAnnouncement(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue('notify', 'announceTaskResult', { taskId }, { jobId: `announce-${taskId}`, attempts: 8 });
}

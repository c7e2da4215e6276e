import { z } from 'zod';

/**
 * Every queue, its jobs and their payloads. Producers and processors both go through this, so a payload
 * can't drift from what its processor expects. Payloads carry ids only: never a token or other secret.
 */
export const queues = {
  sync: {
    checkForUpdates: z.object({ taskId: z.uuid() }),
    /** Fired by the daily job scheduler; creates the task itself (a scheduler can't write Postgres first). */
    scheduledCheck: z.object({ hubId: z.uuid() }),
    /** Debounced per hub: a burst of directory deactivations becomes one check. */
    directoryTriggeredCheck: z.object({ hubId: z.uuid() }),
  },
  members: {
    removeMember: z.object({ taskId: z.uuid() }),
  },
  notify: {
    renderTaskMessage: z.object({ taskId: z.uuid() }),
    announceTaskResult: z.object({ taskId: z.uuid() }),
  },
  maintenance: {
    sweepOrphanTasks: z.object({}),
  },
} as const;

export type QueueName = keyof typeof queues;
export type JobName<Q extends QueueName> = keyof (typeof queues)[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = z.input<(typeof queues)[Q][J] & z.ZodType>;

export const queueNames = Object.keys(queues) as QueueName[];

export function parsePayload<Q extends QueueName, J extends JobName<Q>>(queue: Q, job: J, data: unknown) {
  const schema = queues[queue][job] as z.ZodType;
  return schema.parse(data) as JobPayload<Q, J>;
}

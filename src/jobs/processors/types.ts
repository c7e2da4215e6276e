import type { AppContext } from '../../context.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobName, JobPayload, QueueName } from '../../queue/registry.js';

/** One job's processor: the payload arrives parsed against the registry; it calls one service function. */
export type Processor<Q extends QueueName, J extends JobName<Q>> = (ctx: AppContext, payload: JobPayload<Q, J>, control: JobControl) => Promise<unknown>;

/** Every job of a queue has its processor, and nothing else does. */
export type QueueProcessors<Q extends QueueName> = { [J in JobName<Q>]: Processor<Q, J> };

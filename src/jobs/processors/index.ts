import type { QueueName } from '../../queue/registry.js';
import { maintenanceProcessors } from './maintenance.js';
import { memberProcessors } from './members.js';
import { notifyProcessors } from './notify.js';
import { syncProcessors } from './sync.js';
import type { QueueProcessors } from './types.js';

/** Every queue's processors, keyed like the queue registry. */
export const processors: { [Q in QueueName]: QueueProcessors<Q> } = {
  sync: syncProcessors,
  members: memberProcessors,
  notify: notifyProcessors,
  maintenance: maintenanceProcessors,
};

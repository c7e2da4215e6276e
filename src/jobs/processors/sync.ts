import { checkForUpdates } from '../../services/sync/check-for-updates.js';
import { scheduledCheck } from '../../services/sync/scheduled-check.js';
import type { QueueProcessors } from './types.js';

export const syncProcessors: QueueProcessors<'sync'> = {
  checkForUpdates: (ctx, payload, control) => checkForUpdates(ctx, payload, control),
  scheduledCheck: (ctx, { hubId }) => scheduledCheck(ctx, hubId, 'schedule'),
  directoryTriggeredCheck: (ctx, { hubId }) => scheduledCheck(ctx, hubId, 'directory'),
};

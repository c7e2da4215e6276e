import { requestSync } from '../../../../services/sync/requests.js';
import { WAITS_FOR_QUEUE } from '../../../../services/tasks/dispatch.js';
import { escapeMrkdwn, slackDate } from '../../../blocks/text.js';
import { requesterLabel } from '../../../blocks/task-message.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub sync [hub]`: queues a check for updates, or says who started the one already running. */
export const syncSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub sync');
  await requirePermission(ctx, userId, 'hub.sync', hub);
  const result = await requestSync(ctx, hub.id, userId);
  const label = `*${escapeMrkdwn(hub.label)}*`;
  if (result.status === 'already_running') {
    const by = result.task.requestedBy === userId ? 'you' : requesterLabel(result.task.requestedBy);
    return {
      text: `A check for updates of ${label} is already ${result.task.status === 'running' ? 'running' : 'queued'}: started by ${by} ${slackDate(result.task.createdAt)}. Its progress shows in <#${hub.channelId}>.`,
    };
  }
  if (result.waiting) return { text: `Recorded a check for updates of ${label}. ${WAITS_FOR_QUEUE} Progress and the result will show in <#${hub.channelId}>.` };
  return { text: `Queued a check for updates of ${label}. Progress and the result show in <#${hub.channelId}>.` };
};

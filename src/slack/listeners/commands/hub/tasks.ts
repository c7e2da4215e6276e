import { recentTasks } from '../../../../services/tasks/tasks.js';
import { taskListBlocks } from '../../../blocks/task-list.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub tasks [hub]`: the automation log. */
export const tasksSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub tasks');
  await requirePermission(ctx, userId, 'hub.view', hub);
  return taskListBlocks(hub, await recentTasks(ctx.db, hub.id, 15), ctx.clock());
};

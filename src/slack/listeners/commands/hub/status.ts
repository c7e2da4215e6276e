import { countHub } from '../../../../services/sync/snapshot.js';
import { hubOwnerIds } from '../../../../services/hub-setup/hubs.js';
import { recentTasks } from '../../../../services/tasks/tasks.js';
import { hubStatusBlocks } from '../../../blocks/hub-status.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub status [hub]`: login method, last check and member counts. */
export const statusSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub status');
  await requirePermission(ctx, userId, 'hub.view', hub);
  const [counts, owners, [lastTask]] = await Promise.all([
    countHub(ctx.db, hub.id),
    hubOwnerIds(ctx.db, hub.id),
    recentTasks(ctx.db, hub.id, 1),
  ]);
  return hubStatusBlocks({ hub, counts, owners, lastTask });
};

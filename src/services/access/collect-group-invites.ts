import type { AppContext } from '../../context.js';
import { collectGroupInvites, scheduleGroupInviteBatches } from './group-invites.js';
import type { JobPayload } from '../../queue/registry.js';

/** Turns a burst of group joins into invitation tasks; a very large burst takes several turns. */
export async function collectGroupInvitesJob(ctx: AppContext, { hubId }: JobPayload<'members', 'collectGroupInvites'>): Promise<void> {
  const { tasks, more } = await collectGroupInvites(ctx, hubId);
  if (tasks) ctx.logger.info('group invitations batched', { hubId, tasks });
  if (more) await scheduleGroupInviteBatches(ctx, hubId);
}

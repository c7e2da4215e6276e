import type { Job } from 'bullmq';
import type { AppContext } from '../../context.js';
import { collectGroupInvites, scheduleGroupInviteBatches } from '../../services/group-invites.js';
import { parsePayload } from '../registry.js';

/** Turns a burst of group joins into invitation tasks; a very large burst takes several turns. */
export async function collectGroupInvitesJob(ctx: AppContext, job: Job): Promise<void> {
  const { hubId } = parsePayload('members', 'collectGroupInvites', job.data);
  const { tasks, more } = await collectGroupInvites(ctx, hubId);
  if (tasks) ctx.logger.info('group invitations batched', { hubId, tasks });
  if (more) await scheduleGroupInviteBatches(ctx, hubId);
}

import type { AppContext } from '../../context.js';
import { expireExemptions, membersByIds } from './exemptions.js';
import { getHub, hubOwnerIds } from '../hub-setup/hubs.js';
import { sendMessage } from '../notifications/send.js';
import type { JobPayload } from '../../queue/registry.js';

const NOTICE_BATCH = 500;

/** Sends members whose exemption ran out (by the injected clock) back to review, then queues the owners' notice. */
export async function expireExemptionsJob(ctx: AppContext): Promise<number> {
  const byHub = await expireExemptions(ctx.db, ctx.clock());
  let expired = 0;
  for (const [hubId, memberIds] of byHub) {
    expired += memberIds.length;
    for (let i = 0; i < memberIds.length; i += NOTICE_BATCH) {
      const batch = memberIds.slice(i, i + NOTICE_BATCH);
      await ctx.queues.enqueue('notify', 'exemptionsExpired', { hubId, memberIds: batch }, { jobId: `expired-${hubId}-${batch[0]}-${ctx.clock().getTime()}`, attempts: 8 });
    }
  }
  if (expired) ctx.logger.info('exemptions expired', { expired, hubs: byHub.size });
  return expired;
}

/** Tells each owner of the hub, by direct message, which members are back in review. */
export async function exemptionsExpired(ctx: AppContext, { hubId, memberIds }: JobPayload<'notify', 'exemptionsExpired'>): Promise<void> {
  const hub = await getHub(ctx.db, hubId);
  if (!hub) return;
  const [owners, expired] = await Promise.all([hubOwnerIds(ctx.db, hubId), membersByIds(ctx.db, hubId, memberIds)]);
  const message = ctx.views.exemptionsExpired(hub, expired);
  // Through the outbox, in each DM's turn. A retry after a partial failure may tell an owner twice; telling
  // nobody would be worse.
  for (const owner of owners) await sendMessage(ctx, owner, message, { hubId, event: 'exemption.expired' });
}

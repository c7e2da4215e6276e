import type { AppContext } from '../../context.js';
import { scheduledDeadlineDate } from '../../domain/access-review.js';
import type { JobPayload } from '../../queue/registry.js';
import { recordAudit } from '../audit/record.js';
import { getHub } from '../hub-setup/hubs.js';
import { hubAudience } from '../notifications/channel-health.js';
import { addNotifications } from '../notifications/outbox.js';
import { queueChannelFlush } from '../notifications/send.js';
import { createCampaign } from './campaigns.js';

/** Who starts a scheduled campaign: no person, so its removals always wait for an owner. */
export const REVIEW_SCHEDULE = 'review-schedule';

/**
 * A hub's scheduled access review is due (`/hub settings`): starts a campaign with the hub's defaults (never
 * "remove what was not kept": that needs a person to confirm the count) and tells the hub's channel what
 * happened: started, or skipped because one is still open or nobody is in scope. A scheduler left behind by
 * a hub whose schedule is off, or that is gone, does nothing.
 */
export async function startScheduledReview(ctx: AppContext, { hubId }: JobPayload<'maintenance', 'scheduledReview'>): Promise<void> {
  const hub = await getHub(ctx.db, hubId);
  if (!hub || hub.reviewEvery === 'off' || hub.status !== 'active') return;
  const now = ctx.clock();
  const form = {
    scope: hub.reviewScope, assetId: null, reviewers: hub.reviewReviewers,
    deadlineDate: scheduledDeadlineDate(now, hub.dailySyncTz, hub.reviewDays), removeUnkept: false,
  };
  const result = await createCampaign(ctx, hub, form, REVIEW_SCHEDULE, undefined, now);
  const outcome = result.status === 'started'
    ? { status: 'started' as const, items: result.items, reviewers: result.reviewers.length, deadline: result.campaign.deadline }
    : { status: result.status === 'already_open' ? 'already_open' as const : 'nobody' as const };
  const audience = await hubAudience(ctx, hub);
  await ctx.db.transaction(async (tx) => {
    if (outcome.status !== 'started') {
      await recordAudit(tx, { actor: REVIEW_SCHEDULE, action: 'review.schedule_skipped', hubId, outcome: outcome.status, detail: { every: hub.reviewEvery } });
    }
    const body = ctx.views.reviewScheduled(hub, outcome);
    await addNotifications(tx, audience.map((channel) => ({ channel, kind: 'message' as const, hubId, event: 'review.scheduled', body })));
  });
  for (const channel of audience) await queueChannelFlush(ctx, channel);
}

import { and, eq } from 'drizzle-orm';
import { campaignReviewers, campaigns } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { isChannelError, isUndeliverableDm, slackErrorCode } from '../../domain/slack-errors.js';
import type { Actor } from '../../domain/permissions.js';
import type { JobPayload } from '../../queue/registry.js';
import { drawInPlace } from '../notifications/draw-in-place.js';
import { noteChannelRefusal } from '../notifications/channel-health.js';
import { queueReviewCard } from './after-change.js';
import { loadReviewCard, loadTracker } from './view.js';

/** Items per page of a reviewer's card: two blocks each, so a card stays near 27 blocks, under Block Kit's 50. */
export const REVIEW_ITEMS_PER_PAGE = 10;


/** Draws one reviewer's card in their DM: posted the first time, edited in place after (a deleted card is posted again). */
export async function renderReviewCard(ctx: AppContext, { reviewerRowId }: JobPayload<'notify', 'renderReviewCard'>): Promise<void> {
  const [card] = await ctx.db.select().from(campaignReviewers).where(eq(campaignReviewers.id, reviewerRowId));
  if (!card) return;
  const body = async () => {
    const view = await loadReviewCard(ctx.db, card, REVIEW_ITEMS_PER_PAGE, ctx.clock());
    return view && ctx.views.reviewCard(view);
  };
  try {
    await drawInPlace(ctx, card.slackUserId, { channel: card.slackChannel, ts: card.ts }, body, (posted) =>
      ctx.db.update(campaignReviewers).set({ slackChannel: posted.channel, ts: posted.ts }).where(eq(campaignReviewers.id, card.id)));
  } catch (error) {
    const code = slackErrorCode(error) ?? '';
    if (!isUndeliverableDm(code)) throw error;
    // The tracker shows the reviewer's open items; owners can answer for them.
    ctx.logger.warn('Slack refused a review card; it will not be retried', { reviewerRowId, error: code });
  }
}

/** Draws the campaign's tracker in the hub's channel (edited in place as decisions land). */
export async function renderReviewTracker(ctx: AppContext, { campaignId }: JobPayload<'notify', 'renderReviewTracker'>): Promise<void> {
  const [campaign] = await ctx.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) return;
  const first = await loadTracker(ctx.db, campaignId, ctx.clock());
  if (!first) return;
  const body = async () => {
    const view = await loadTracker(ctx.db, campaignId, ctx.clock());
    return view && ctx.views.reviewTracker(view);
  };
  if (!first.hub.channelBrokenAt) {
    const target = campaign.trackerChannel ?? first.hub.channelId;
    try {
      await drawInPlace(ctx, target, { channel: campaign.trackerChannel, ts: campaign.trackerTs }, body, (posted) =>
        ctx.db.update(campaigns).set({ trackerChannel: posted.channel, trackerTs: posted.ts }).where(eq(campaigns.id, campaignId)));
      return;
    } catch (error) {
      if (!isChannelError(slackErrorCode(error))) throw error;
      // The owners are told once that the channel refuses posts; the tracker goes to them below.
      await noteChannelRefusal(ctx, target, error);
    }
  }
  // The channel refuses posts: each owner follows the tracker in their DM, edited in place the same way.
  const copies = { ...campaign.trackerCopies };
  for (const owner of first.owners) {
    try {
      const posted = await drawInPlace(ctx, owner, copies[owner] ?? { channel: null, ts: null }, body);
      if (posted) copies[owner] = posted;
    } catch (error) {
      if (!isUndeliverableDm(slackErrorCode(error))) throw error;
      ctx.logger.warn('Slack refused a review tracker in a DM; it will not be retried', { campaignId, error: slackErrorCode(error) });
    }
  }
  await ctx.db.update(campaigns).set({ trackerCopies: copies }).where(eq(campaigns.id, campaignId));
}

/** Previous / Next on a reviewer's card: only that reviewer (or an owner of the hub) turns it. */
export async function turnReviewPage(ctx: AppContext, actor: Actor, reviewerRowId: string, page: number): Promise<boolean> {
  const [card] = await ctx.db.select().from(campaignReviewers).where(eq(campaignReviewers.id, reviewerRowId));
  if (!card || card.slackUserId !== actor.slackUserId) return false;
  const turned = await ctx.db.update(campaignReviewers).set({ page })
    .where(and(eq(campaignReviewers.id, reviewerRowId), eq(campaignReviewers.slackUserId, actor.slackUserId)))
    .returning({ id: campaignReviewers.id });
  if (turned.length) await queueReviewCard(ctx, reviewerRowId);
  return turned.length > 0;
}

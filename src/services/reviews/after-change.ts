import { and, eq, inArray } from 'drizzle-orm';
import { campaignReviewers } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';

const REDRAW = { attempts: 8, backoff: { type: 'exponential' as const, delay: 1_000 } };

/**
 * A campaign changed: redraw the cards of the reviewers it touched, redraw the tracker, and check whether it
 * can close. Each redraw is deduplicated per message, so a burst of decisions makes a few edits, and one
 * asked for while a redraw runs follows it, so the last state is always drawn.
 */
export async function afterCampaignChange(deps: Pick<AppContext, 'db' | 'queues'>, campaignId: string, reviewerIds: readonly string[] | 'all'): Promise<void> {
  await redrawCampaign(deps, campaignId, reviewerIds);
  await deps.queues.enqueue('notify', 'finishCampaign', { campaignId }, { deduplication: { id: `finish-${campaignId}`, keepLastIfActive: true }, delay: 200, ...REDRAW });
}

/** Redraws the campaign's tracker and the cards of these reviewers (or all of them). */
export async function redrawCampaign(deps: Pick<AppContext, 'db' | 'queues'>, campaignId: string, reviewerIds: readonly string[] | 'all'): Promise<void> {
  const rows = await deps.db
    .select({ id: campaignReviewers.id })
    .from(campaignReviewers)
    .where(reviewerIds === 'all'
      ? eq(campaignReviewers.campaignId, campaignId)
      : and(eq(campaignReviewers.campaignId, campaignId), inArray(campaignReviewers.slackUserId, [...reviewerIds, ''])));
  const tracker = { deduplication: { id: `tracker-${campaignId}`, keepLastIfActive: true }, ...REDRAW };
  // Added side by side: a campaign's start queues a card per reviewer, and each add is a round trip.
  await Promise.all([
    ...rows.map((row) => queueReviewCard(deps, row.id)),
    deps.queues.enqueue('notify', 'renderReviewTracker', { campaignId }, tracker),
  ]);
}

export async function queueReviewCard(deps: Pick<AppContext, 'queues'>, reviewerRowId: string): Promise<void> {
  await deps.queues.enqueue('notify', 'renderReviewCard', { reviewerRowId }, { deduplication: { id: `review-card-${reviewerRowId}`, keepLastIfActive: true }, ...REDRAW });
}

import { and, asc, count, eq, max, sql } from 'drizzle-orm';
import { campaignItems } from '../../../db/schema.js';
import type { Database, DbOrTx } from '../../../db/client.js';
import { progressByReviewer, type CampaignDecision, type ReviewerProgress } from '../../domain/access-review.js';
import { getHub, hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import { getCampaign, type Campaign, type CampaignItem } from './campaigns.js';

export type DecisionTally = Record<CampaignDecision, number> & { total: number; unreviewedAtDeadline: number };

/** One page of one reviewer's card, read from the current state. */
export type ReviewCardView = {
  campaign: Campaign;
  hub: Hub;
  reviewerId: string;
  /** The card's stored row (its paging buttons move it). */
  cardId: string;
  items: CampaignItem[];
  page: number;
  pages: number;
  /** This reviewer's items: waiting, and all. */
  pending: number;
  total: number;
  /** The newest item's seq: Keep all covers the items up to it. */
  maxSeq: number;
  now: Date;
};

export type TrackerView = { campaign: Campaign; hub: Hub; progress: ReviewerProgress[]; tally: DecisionTally; owners: string[]; now: Date };

const mine = (campaignId: string, reviewerId: string) =>
  and(eq(campaignItems.campaignId, campaignId), sql`${reviewerId} = any(${campaignItems.reviewerIds})`);

/** Items waiting first, then the decided ones, each by name. */
export async function loadReviewCard(
  db: Database, card: { id: string; campaignId: string; slackUserId: string; page: number }, perPage: number, now: Date,
): Promise<ReviewCardView | undefined> {
  const campaign = await getCampaign(db, card.campaignId);
  const hub = campaign && (await getHub(db, campaign.hubId));
  if (!campaign || !hub) return undefined;
  const [[totals]] = await Promise.all([
    db.select({ total: count(), pending: sql<number>`count(*) filter (where ${campaignItems.decision} = 'pending')`.mapWith(Number), seq: max(campaignItems.seq) })
      .from(campaignItems).where(mine(card.campaignId, card.slackUserId)),
  ]);
  const total = totals?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(0, card.page), pages - 1);
  const items = await db.select().from(campaignItems).where(mine(card.campaignId, card.slackUserId))
    .orderBy(asc(sql`${campaignItems.decision} <> 'pending'`), asc(sql`lower(coalesce(${campaignItems.name}, ${campaignItems.email}, ''))`), asc(campaignItems.id))
    .limit(perPage).offset(page * perPage);
  return {
    campaign, hub, reviewerId: card.slackUserId, cardId: card.id, items, page, pages,
    pending: totals?.pending ?? 0, total, maxSeq: Number(totals?.seq ?? 0), now,
  };
}

/** Counts of a campaign's decisions. */
export async function campaignTally(db: DbOrTx, campaignId: string): Promise<DecisionTally> {
  const rows = await db.select({ decision: campaignItems.decision, late: campaignItems.unreviewedAtDeadline, n: count() })
    .from(campaignItems).where(eq(campaignItems.campaignId, campaignId)).groupBy(campaignItems.decision, campaignItems.unreviewedAtDeadline);
  const tally: DecisionTally = { pending: 0, keep: 0, remove: 0, change_role: 0, total: 0, unreviewedAtDeadline: 0 };
  for (const row of rows) {
    tally[row.decision] += row.n;
    tally.total += row.n;
    if (row.late) tally.unreviewedAtDeadline += row.n;
  }
  return tally;
}

/** The tracker: reviewed / total per reviewer, and the campaign's counts. */
export async function loadTracker(db: Database, campaignId: string, now: Date): Promise<TrackerView | undefined> {
  const campaign = await getCampaign(db, campaignId);
  const hub = campaign && (await getHub(db, campaign.hubId));
  if (!campaign || !hub) return undefined;
  const [rows, tally, owners] = await Promise.all([
    db.select({ reviewerIds: campaignItems.reviewerIds, decision: campaignItems.decision }).from(campaignItems).where(eq(campaignItems.campaignId, campaignId)),
    campaignTally(db, campaignId),
    hubOwnerIds(db, hub.id),
  ]);
  return { campaign, hub, progress: progressByReviewer(rows), tally, owners: owners.sort(), now };
}

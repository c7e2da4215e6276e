import { and, asc, count, eq, sql } from 'drizzle-orm';
import { campaignItems, campaigns, hubs } from '../../../db/schema.js';
import type { Database, DbOrTx } from '../../../db/client.js';
import { progressByReviewer, type CampaignDecision, type ReviewerProgress } from '../../domain/access-review.js';
import { hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import { isUuid } from '../../lib/text.js';
import type { Campaign, CampaignItem } from './campaigns.js';

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

// `@>` lets the reviewers' GIN index find one reviewer's items among thousands.
const mine = (campaignId: string, reviewerId: string) =>
  and(eq(campaignItems.campaignId, campaignId), sql`${campaignItems.reviewerIds} @> array[${reviewerId}]::text[]`);

/** The campaign with its hub, in one query. */
async function campaignAndHub(db: Database, campaignId: string): Promise<{ campaign: Campaign; hub: Hub } | undefined> {
  if (!isUuid(campaignId)) return undefined;
  const [row] = await db.select({ campaign: campaigns, hub: hubs }).from(campaigns).innerJoin(hubs, eq(hubs.id, campaigns.hubId)).where(eq(campaigns.id, campaignId));
  return row;
}

/** Items waiting first, then the decided ones, each by name; one page of them with the reviewer's counts, in one query. */
export async function loadReviewCard(
  db: Database, card: { id: string; campaignId: string; slackUserId: string; page: number }, perPage: number, now: Date,
): Promise<ReviewCardView | undefined> {
  const pageOf = (page: number) => db.select({
    item: campaignItems,
    total: sql<number>`count(*) over ()`.mapWith(Number),
    pending: sql<number>`count(*) filter (where ${campaignItems.decision} = 'pending') over ()`.mapWith(Number),
    maxSeq: sql<number>`max(${campaignItems.seq}) over ()`.mapWith(Number),
  }).from(campaignItems).where(mine(card.campaignId, card.slackUserId))
    .orderBy(asc(sql`${campaignItems.decision} <> 'pending'`), asc(sql`lower(coalesce(${campaignItems.name}, ${campaignItems.email}, ''))`), asc(campaignItems.id))
    .limit(perPage).offset(page * perPage);
  const [found, asked] = await Promise.all([campaignAndHub(db, card.campaignId), pageOf(Math.max(0, card.page))]);
  if (!found) return undefined;
  // A page past the end (the reviewer's items shrank) has no rows to count with: read the last page instead.
  let rows = asked;
  if (rows.length === 0 && card.page > 0) {
    const [totals] = await db.select({ total: count() }).from(campaignItems).where(mine(card.campaignId, card.slackUserId));
    rows = await pageOf(Math.max(0, Math.ceil((totals?.total ?? 0) / perPage) - 1));
  }
  const first = rows[0];
  const total = first?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  return {
    ...found, reviewerId: card.slackUserId, cardId: card.id, items: rows.map((row) => row.item),
    page: Math.min(Math.max(0, card.page), pages - 1), pages, pending: first?.pending ?? 0, total, maxSeq: first?.maxSeq ?? 0, now,
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
  const [found, rows, tally] = await Promise.all([
    campaignAndHub(db, campaignId),
    db.select({ reviewerIds: campaignItems.reviewerIds, decision: campaignItems.decision }).from(campaignItems).where(eq(campaignItems.campaignId, campaignId)),
    campaignTally(db, campaignId),
  ]);
  if (!found) return undefined;
  const owners = await hubOwnerIds(db, found.hub.id);
  return { ...found, progress: progressByReviewer(rows), tally, owners: owners.sort(), now };
}

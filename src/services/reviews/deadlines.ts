import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { campaignItems, campaignReviewers, campaigns } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { REMIND_EVERY_MS, reminderDue } from '../../domain/access-review.js';
import type { Actor } from '../../domain/permissions.js';
import { recordAudit, recordAudits } from '../audit/record.js';
import { getHub, hubOwnerIds, ownedHubIds, type Hub } from '../hub-setup/hubs.js';
import { hubAudience } from '../notifications/channel-health.js';
import { addNotifications } from '../notifications/outbox.js';
import { queueChannelFlush } from '../notifications/send.js';
import { afterCampaignChange } from './after-change.js';
import type { Campaign, CampaignItem } from './campaigns.js';
import { carryRemoval, pendingItems, recordRemoval } from './decisions.js';
import type { ReportResult } from '../reports/decisions.js';

/**
 * Every few minutes (by the injected clock), for each open campaign: reminds reviewers with open items once
 * a day in the last days before the deadline; at the deadline, escalates what was not reviewed to the hub's
 * channel (naming the owners) and, only if the campaign chose it, removes what was not kept. Each reminder
 * and the escalation are claimed in the transaction that puts them in the outbox, so each goes out once.
 */
export async function reviewDeadlines(ctx: AppContext): Promise<{ reminded: number; escalated: number }> {
  const now = ctx.clock();
  const open = await ctx.db.select().from(campaigns).where(eq(campaigns.status, 'open'));
  let reminded = 0;
  let escalated = 0;
  for (const campaign of open) {
    const hub = await getHub(ctx.db, campaign.hubId);
    if (!hub) continue;
    reminded += await remind(ctx, hub, campaign, now);
    if (now >= campaign.deadline && !campaign.escalatedAt && (await escalate(ctx, hub, campaign, now))) escalated++;
    // Also repairs a lost close: the job closes only what is decided or past its escalated deadline.
    await afterCampaignChange(ctx, campaign.id, []);
  }
  const unannounced = await ctx.db.select({ id: campaigns.id }).from(campaigns)
    .where(and(eq(campaigns.status, 'closed'), or(isNull(campaigns.closedAnnouncedAt), isNull(campaigns.evidenceFileId))));
  for (const { id } of unannounced) await afterCampaignChange(ctx, id, []);
  if (reminded || escalated) ctx.logger.info('review reminders sent', { reminded, escalated });
  return { reminded, escalated };
}

async function remind(ctx: AppContext, hub: Hub, campaign: Campaign, now: Date): Promise<number> {
  const waiting = await ctx.db.execute<{ reviewer: string; pending: number }>(sql`
    select r as reviewer, count(*)::int as pending from campaign_items, unnest(reviewer_ids) as r
    where campaign_id = ${campaign.id}::uuid and decision = 'pending' group by r`);
  const rows = await ctx.db.select().from(campaignReviewers).where(eq(campaignReviewers.campaignId, campaign.id));
  let sent = 0;
  for (const { reviewer, pending } of waiting) {
    const row = rows.find((r) => r.slackUserId === reviewer);
    if (!row || !reminderDue(now, campaign.deadline, row.lastRemindedAt)) continue;
    const claimed = await ctx.db.transaction(async (tx) => {
      const [mine] = await tx.update(campaignReviewers).set({ lastRemindedAt: now })
        .where(and(eq(campaignReviewers.id, row.id), or(isNull(campaignReviewers.lastRemindedAt), lte(campaignReviewers.lastRemindedAt, new Date(now.getTime() - REMIND_EVERY_MS)))))
        .returning({ id: campaignReviewers.id });
      if (!mine) return false;
      await addNotifications(tx, [{ channel: reviewer, kind: 'message', hubId: hub.id, event: 'review.reminder', body: ctx.views.reviewReminder(hub, campaign, pending, now) }]);
      await recordAudit(tx, { actor: 'schedule', action: 'review.reminded', hubId: hub.id, outcome: 'sent', detail: { campaignId: campaign.id, reviewer, pending } });
      return true;
    });
    if (claimed) {
      sent++;
      await queueChannelFlush(ctx, reviewer);
    }
  }
  return sent;
}

/** The deadline passed: what nobody reviewed is marked, escalated once, and removed only if the campaign chose it. */
async function escalate(ctx: AppContext, hub: Hub, campaign: Campaign, now: Date): Promise<boolean> {
  const owners = (await hubOwnerIds(ctx.db, hub.id)).sort();
  const audience = await hubAudience(ctx, hub);
  const claimed = await ctx.db.transaction(async (tx) => {
    const [mine] = await tx.update(campaigns).set({ escalatedAt: now })
      .where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'open'), isNull(campaigns.escalatedAt))).returning({ id: campaigns.id });
    if (!mine) return undefined;
    const late = await tx.update(campaignItems).set({ unreviewedAtDeadline: true })
      .where(and(eq(campaignItems.campaignId, campaign.id), eq(campaignItems.decision, 'pending')))
      .returning({ memberId: campaignItems.memberId, reviewerIds: campaignItems.reviewerIds });
    const byReviewer = new Map<string, number>();
    for (const item of late) for (const id of item.reviewerIds) byReviewer.set(id, (byReviewer.get(id) ?? 0) + 1);
    if (late.length > 0) {
      const body = ctx.views.reviewEscalation(hub, campaign, late.length, [...byReviewer].map(([reviewerId, pending]) => ({ reviewerId, pending })), owners);
      await addNotifications(tx, audience.map((channel) => ({ channel, kind: 'message' as const, hubId: hub.id, event: 'review.escalated', body })));
    }
    await recordAudits(tx, [{
      actor: 'schedule', action: 'review.escalated', hubId: hub.id, outcome: late.length ? 'sent' : 'nothing_left',
      detail: { campaignId: campaign.id, unreviewed: late.length, byReviewer: Object.fromEntries(byReviewer), removeUnkept: campaign.removeUnkept },
    }]);
    // Decided in the same transaction as the claim, so the campaign can't close before its removals are recorded.
    const removals: Array<{ item: CampaignItem; reportId: string | null }> = [];
    if (campaign.removeUnkept) {
      for (const item of await pendingItems(tx, campaign.id)) {
        const recorded = await recordRemoval(tx, hub.id, item.id, 'schedule', now, 'not kept by the deadline');
        if (recorded.status === 'done') removals.push({ item: recorded.item, reportId: recorded.reportId ?? null });
      }
    }
    return { late: late.length, removals };
  });
  if (claimed === undefined) return false;
  if (claimed.late > 0) for (const channel of audience) await queueChannelFlush(ctx, channel);
  if (claimed.removals.length) await carryRemovals(ctx, hub, campaign, claimed.removals, now);
  return true;
}

/**
 * "Remove what was not kept": the removals recorded at the deadline go on (the deprovision report, its
 * safeguard), approved in the name of the person who started the campaign and confirmed the count, when
 * they may still approve removals; otherwise they wait on the report for an owner. When the safeguard holds
 * them, the hub's channel is told that nothing was removed and what an owner must do.
 */
async function carryRemovals(ctx: AppContext, hub: Hub, campaign: Campaign, removals: Array<{ item: CampaignItem; reportId: string | null }>, now: Date): Promise<void> {
  const starter: Actor = {
    slackUserId: campaign.startedBy,
    isAdmin: ctx.config.ADMIN_SLACK_USER_IDS.includes(campaign.startedBy),
    ownedHubIds: await ownedHubIds(ctx.db, campaign.startedBy),
  };
  let held: (ReportResult & { status: 'held' }) | undefined;
  for (const { item, reportId } of removals) {
    const result = await carryRemoval(ctx, starter, hub, item, reportId, now);
    if (typeof result === 'object' && result.status === 'held') held = result;
  }
  if (!held) return;
  const guard = held.safeguard;
  const audience = await hubAudience(ctx, hub);
  await ctx.db.transaction(async (tx) => {
    const body = ctx.views.reviewRemovalsHeld(hub, campaign, guard);
    await addNotifications(tx, audience.map((channel) => ({ channel, kind: 'message' as const, hubId: hub.id, event: 'review.removals_held', body })));
    await recordAudit(tx, {
      actor: 'schedule', action: 'review.removals_held', hubId: hub.id, outcome: 'held',
      detail: { campaignId: campaign.id, reportId: held.reportId, removals: guard.removals, members: guard.members, thresholdPct: guard.thresholdPct },
    });
  });
  for (const channel of audience) await queueChannelFlush(ctx, channel);
}

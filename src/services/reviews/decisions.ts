import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { campaignItems, members, reportItems } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { reviewChoices } from '../../domain/access-review.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { isUuid } from '../../lib/text.js';
import { recordAudit, recordAudits } from '../audit/record.js';
import { requestRoleChange } from '../access/role-changes.js';
import { getHub, type Hub } from '../hub-setup/hubs.js';
import { approveItem, type ReportResult } from '../reports/decisions.js';
import { afterReportChange } from '../reports/after-change.js';
import { addReportItems } from '../reports/reports.js';
import { afterCampaignChange } from './after-change.js';
import { getCampaign, type Campaign, type CampaignItem } from './campaigns.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'logger'>;

export type ReviewResult =
  | { status: 'done'; item: CampaignItem; removal?: ReportResult | 'for_owners' | undefined; waiting?: boolean }
  | { status: 'kept_all'; kept: number }
  | { status: 'refused'; reason: string; hub: Hub }
  | { status: 'not_found' }
  /** Someone decided it first (a double click, a Slack retry, another owner): nothing changed. */
  | { status: 'conflict'; item: CampaignItem }
  | { status: 'closed'; campaign: Campaign }
  | { status: 'invalid'; message: string };

type Found = { item: CampaignItem; campaign: Campaign; hub: Hub };

/** Who may decide an item: a reviewer it is assigned to, or an owner of the hub (owners answer for everyone). */
function mayDecide(actor: Actor, hub: Hub, item: CampaignItem): ReviewResult | undefined {
  if (item.reviewerIds.includes(actor.slackUserId) || actor.ownedHubIds.has(hub.id)) return undefined;
  const who = item.reviewerIds.map((id) => `<@${id}>`).join(', ');
  return { status: 'refused', reason: `Only the reviewer of this person (${who}) or an owner of ${hub.label} can decide.`, hub };
}

async function found(deps: Deps, actor: Actor, itemId: string): Promise<Found | ReviewResult> {
  if (!isUuid(itemId)) return { status: 'not_found' };
  const [item] = await deps.db.select().from(campaignItems).where(eq(campaignItems.id, itemId));
  const campaign = item && (await getCampaign(deps.db, item.campaignId));
  const hub = campaign && (await getHub(deps.db, campaign.hubId));
  if (!item || !campaign || !hub) return { status: 'not_found' };
  return mayDecide(actor, hub, item) ?? { item, campaign, hub };
}

/** The item locked, on an open campaign and still waiting, or why not. */
async function lockedPending(tx: Transaction, itemId: string): Promise<{ item: CampaignItem } | ReviewResult> {
  const [item] = await tx.select().from(campaignItems).where(eq(campaignItems.id, itemId)).for('update');
  const campaign = (await getCampaign(tx, item!.campaignId))!;
  if (campaign.status !== 'open') return { status: 'closed', campaign };
  if (item!.decision !== 'pending') return { status: 'conflict', item: item! };
  return { item: item! };
}

const decided = (actor: Actor, at: Date) => ({ decidedBy: actor.slackUserId, decidedAt: at });

/** Keep: compare-and-set, audited; a second click or a Slack retry is told who decided. */
export async function keepItem(deps: Deps, actor: Actor, itemId: string, at: Date): Promise<ReviewResult> {
  const where = await found(deps, actor, itemId);
  if ('status' in where) return where;
  const result = await deps.db.transaction(async (tx): Promise<ReviewResult> => {
    const locked = await lockedPending(tx, itemId);
    if ('status' in locked) return locked;
    const [item] = await tx.update(campaignItems).set({ decision: 'keep', ...decided(actor, at) })
      .where(and(eq(campaignItems.id, itemId), eq(campaignItems.decision, 'pending'))).returning();
    await recordAudit(tx, { actor: actor.slackUserId, action: 'review.kept', hubId: where.hub.id, memberId: item!.memberId, outcome: 'keep', detail: { campaignId: item!.campaignId, itemId } });
    return { status: 'done', item: item! };
  });
  if (result.status === 'done') await afterCampaignChange(deps, result.item.campaignId, result.item.reviewerIds);
  return result;
}

/** Keep all on a reviewer's card: every item of theirs still waiting that the card showed (`upToSeq`). */
export async function keepAll(deps: Deps, actor: Actor, campaignId: string, upToSeq: number, at: Date): Promise<ReviewResult> {
  const campaign = await getCampaign(deps.db, campaignId);
  const hub = campaign && (await getHub(deps.db, campaign.hubId));
  if (!campaign || !hub) return { status: 'not_found' };
  if (campaign.status !== 'open') return { status: 'closed', campaign };
  const kept = await deps.db.transaction(async (tx) => {
    const rows = await tx.update(campaignItems).set({ decision: 'keep', ...decided(actor, at) })
      .where(and(eq(campaignItems.campaignId, campaignId), eq(campaignItems.decision, 'pending'), lte(campaignItems.seq, upToSeq),
        sql`${actor.slackUserId} = any(${campaignItems.reviewerIds})`))
      .returning({ id: campaignItems.id, memberId: campaignItems.memberId, reviewerIds: campaignItems.reviewerIds });
    await recordAudits(tx, rows.map((row) => ({
      actor: actor.slackUserId, action: 'review.kept', hubId: hub.id, memberId: row.memberId, outcome: 'keep', detail: { campaignId, itemId: row.id, all: true },
    })));
    return rows;
  });
  if (kept.length) await afterCampaignChange(deps, campaignId, [...new Set(kept.flatMap((row) => row.reviewerIds))]);
  return { status: 'kept_all', kept: kept.length };
}

const REMOVABLE = ['onboarded', 'unmatched', 'guest'];

/**
 * Records a removal decision on a waiting item, in the caller's transaction: the person goes on the hub's
 * deprovision report (reason `access_review`), so the removal takes the report's path: its safeguard, its
 * removal task, its outcome. Someone already on their way out, gone or exempted is refused in words.
 */
export async function recordRemoval(
  tx: Transaction, hubId: string, itemId: string, actorId: string, at: Date, why?: string,
): Promise<ReviewResult & { reportId?: string | null }> {
  const locked = await lockedPending(tx, itemId);
  if ('status' in locked) return locked;
  const choices = reviewChoices(locked.item.memberKind);
  if (!choices.remove) return { status: 'invalid', message: `Nothing changed. ${choices.why}` };
  const [member] = await tx.select({ state: members.state, goneAt: members.goneAt }).from(members).where(eq(members.id, locked.item.memberId));
  if (!member || member.goneAt || member.state === 'removed') return { status: 'invalid', message: 'Nothing changed: they are already gone from Meta.' };
  if (member.state === 'removal_pending') return { status: 'invalid', message: 'Nothing changed: their removal is already under way.' };
  if (member.state === 'exempted') return { status: 'invalid', message: 'Nothing changed: they are exempted. End the exemption in `/hub members` first, then remove them here.' };
  if (!REMOVABLE.includes(member.state)) return { status: 'invalid', message: 'Nothing changed: they cannot be removed from here.' };
  const added = await addReportItems(tx, hubId, [locked.item.memberId], 'access_review', { at, actor: actorId });
  const [reportItem] = added.reportId
    ? await tx.select({ id: reportItems.id }).from(reportItems).where(and(eq(reportItems.reportId, added.reportId), eq(reportItems.memberId, locked.item.memberId)))
    : [];
  const [item] = await tx.update(campaignItems).set({ decision: 'remove', decidedBy: actorId, decidedAt: at, reportItemId: reportItem?.id ?? null })
    .where(and(eq(campaignItems.id, itemId), eq(campaignItems.decision, 'pending'))).returning();
  await recordAudit(tx, {
    actor: actorId, action: 'review.removed', hubId, memberId: item!.memberId, outcome: 'remove', reason: why ?? null,
    detail: { campaignId: item!.campaignId, itemId, reportId: added.reportId, reportItemId: reportItem?.id ?? null },
  });
  return { status: 'done', item: item!, reportId: added.reportId };
}

/** Remove on a card: recorded (compare-and-set), then approved on the report at once when the decider may. */
export async function removeItem(deps: Deps, actor: Actor, itemId: string, at: Date): Promise<ReviewResult> {
  const where = await found(deps, actor, itemId);
  if ('status' in where) return where;
  const result = await deps.db.transaction((tx) => recordRemoval(tx, where.hub.id, itemId, actor.slackUserId, at));
  if (result.status !== 'done') return result;
  const removal = await carryRemoval(deps, actor, where.hub, result.item, result.reportId ?? null, at);
  await afterCampaignChange(deps, result.item.campaignId, result.item.reviewerIds);
  return { status: 'done', item: result.item, removal };
}

/** Approves the removal's report item as the decider when they may, else leaves it on the report for an owner. */
export async function carryRemoval(deps: Deps, actor: Actor, hub: Hub, item: CampaignItem, reportId: string | null, at: Date): Promise<ReportResult | 'for_owners' | undefined> {
  if (!item.reportItemId) return undefined;
  const redraw = () => afterReportChange(deps, reportId).catch((error: unknown) => deps.logger.warn('report cards not queued; the sweep redraws them', { error }));
  if (authorize(actor, 'report.decide', hub).allowed) {
    const result = await approveItem(deps, actor, item.reportItemId, at);
    // An approval redraws the report itself; a held one approved nothing, but the report has a new item to show.
    if (result.status !== 'done' && result.status !== 'closed_itself') await redraw();
    return result;
  }
  await redraw();
  return 'for_owners';
}

/**
 * Change role: the decision is taken first (compare-and-set), then the role change goes the existing way
 * (`requestRoleChange`: permission, one change at a time per member). If that refuses, the decision is
 * given back, so the item waits again and the person hears why.
 */
export async function changeItemRole(deps: Deps, actor: Actor, itemId: string, role: string, at: Date): Promise<ReviewResult> {
  const where = await found(deps, actor, itemId);
  if ('status' in where) return where;
  const may = authorize(actor, 'member.change_role', where.hub);
  if (!may.allowed) return { status: 'refused', reason: may.reason, hub: where.hub };
  const choices = reviewChoices(where.item.memberKind);
  if (!choices.changeRole) return { status: 'invalid', message: `Nothing changed. ${choices.why}` };
  const claimed = await deps.db.transaction(async (tx): Promise<ReviewResult> => {
    const locked = await lockedPending(tx, itemId);
    if ('status' in locked) return locked;
    const [item] = await tx.update(campaignItems).set({ decision: 'change_role', newRole: role, ...decided(actor, at) })
      .where(and(eq(campaignItems.id, itemId), eq(campaignItems.decision, 'pending'))).returning();
    return { status: 'done', item: item! };
  });
  if (claimed.status !== 'done') return claimed;
  const [member] = await deps.db.select({ revision: members.revision }).from(members).where(eq(members.id, claimed.item.memberId));
  const change = await requestRoleChange(deps, where.hub, { actor, hub: where.hub, memberId: claimed.item.memberId, revision: member?.revision ?? -1, at }, { role });
  if (change.status !== 'done') {
    await deps.db.update(campaignItems).set({ decision: 'pending', newRole: null, decidedBy: null, decidedAt: null })
      .where(and(eq(campaignItems.id, itemId), eq(campaignItems.decision, 'change_role'), eq(campaignItems.decidedAt, at)));
    if (change.status === 'invalid') return { status: 'invalid', message: change.message };
    if (change.status === 'refused') return { status: 'refused', reason: change.reason, hub: where.hub };
    return { status: 'invalid', message: 'Nothing changed: they changed in Meta meanwhile. Open the card again.' };
  }
  const [item] = await deps.db.transaction(async (tx) => {
    const rows = await tx.update(campaignItems).set({ roleTaskId: change.result.taskId }).where(eq(campaignItems.id, itemId)).returning();
    await recordAudit(tx, {
      actor: actor.slackUserId, action: 'review.role_changed', hubId: where.hub.id, memberId: claimed.item.memberId, taskId: change.result.taskId,
      outcome: 'change_role', detail: { campaignId: claimed.item.campaignId, itemId, from: claimed.item.metaRole, to: role },
    });
    return rows;
  });
  await afterCampaignChange(deps, item!.campaignId, item!.reviewerIds);
  return { status: 'done', item: item! };
}

/** Items of a campaign still waiting, oldest first (the deadline's escalation and removal). */
export async function pendingItems(db: DbOrTx, campaignId: string): Promise<CampaignItem[]> {
  return db.select().from(campaignItems)
    .where(and(eq(campaignItems.campaignId, campaignId), eq(campaignItems.decision, 'pending')))
    .orderBy(asc(campaignItems.seq));
}

/** Before the role picker opens: the item still waits, and the person may decide it and change roles. */
export async function itemForRoleChange(deps: Deps, actor: Actor, itemId: string): Promise<ReviewResult | { status: 'ready'; item: CampaignItem; hub: Hub }> {
  const where = await found(deps, actor, itemId);
  if ('status' in where) return where;
  const may = authorize(actor, 'member.change_role', where.hub);
  if (!may.allowed) return { status: 'refused', reason: may.reason, hub: where.hub };
  if (where.campaign.status !== 'open') return { status: 'closed', campaign: where.campaign };
  if (where.item.decision !== 'pending') return { status: 'conflict', item: where.item };
  const choices = reviewChoices(where.item.memberKind);
  if (!choices.changeRole) return { status: 'invalid', message: `Nothing changed. ${choices.why}` };
  return { status: 'ready', item: where.item, hub: where.hub };
}

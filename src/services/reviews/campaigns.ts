import { and, eq, sql } from 'drizzle-orm';
import { assets, campaignItems, campaignReviewers, campaigns } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { checkCampaignForm, reviewerRule, endOfDay, type CampaignField, type CampaignForm, type CampaignFormInput } from '../../domain/access-review.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { isUuid } from '../../lib/text.js';
import { recordAudit } from '../audit/record.js';
import { getHub, hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import { afterCampaignChange } from './after-change.js';
import { countScope, snapshotScope } from './scope.js';

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignItem = typeof campaignItems.$inferSelect;
export type CampaignReviewer = typeof campaignReviewers.$inferSelect;

type Deps = Pick<AppContext, 'db' | 'queues' | 'logger'>;

export async function getCampaign(db: DbOrTx, campaignId: string): Promise<Campaign | undefined> {
  if (!isUuid(campaignId)) return undefined;
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  return campaign;
}

export async function openCampaignOf(db: DbOrTx, hubId: string): Promise<Campaign | undefined> {
  const [campaign] = await db.select().from(campaigns).where(and(eq(campaigns.hubId, hubId), eq(campaigns.status, 'open')));
  return campaign;
}

/** The hub's assets a campaign can be scoped to (the modal offers at most 100), by kind and name. */
export async function scopeAssets(db: DbOrTx, hubId: string) {
  return db.execute<{ id: string; kind: string; name: string | null; holders: number }>(sql`
    select a.id, a.kind, a.name, (select count(*)::int from member_assets ma where ma.asset_id = a.id) as holders
    from assets a where a.hub_id = ${hubId}::uuid and a.gone_at is null
    order by a.kind, lower(coalesce(a.name, a.meta_id)), a.id limit 100`).then((rows) => [...rows]);
}

export type StartResult =
  | { status: 'started'; campaign: Campaign; items: number; reviewers: string[]; hub: Hub }
  | { status: 'refused'; reason: string; hub: Hub }
  | { status: 'not_found' }
  | { status: 'errors'; errors: Partial<Record<CampaignField, string>> }
  /** "Remove what was not kept" is on: the person must confirm this count first. */
  | { status: 'confirm'; count: number; hub: Hub }
  /** The confirmed count is no longer the scope's size. */
  | { status: 'changed'; count: number; hub: Hub }
  | { status: 'already_open'; campaign: Campaign; hub: Hub };

/**
 * Starts an access review (owners and admins): snapshots what each person in scope holds, assigns each a
 * reviewer (the owners, or their directory manager, else the owners), and queues one card per reviewer and
 * the tracker in the hub's channel. With "remove what was not kept", nothing starts until the person has
 * confirmed the exact count that could be removed at the deadline (`confirmCount`).
 */
export async function startCampaign(
  deps: Deps, actor: Actor, hubId: string, input: CampaignFormInput, confirmCount: number | undefined, at: Date,
): Promise<StartResult> {
  const hub = await getHub(deps.db, hubId);
  if (!hub) return { status: 'not_found' };
  const allowed = authorize(actor, 'hub.review', hub);
  if (!allowed.allowed) return { status: 'refused', reason: allowed.reason, hub };
  // The deadline is a day in the hub's time zone, so the form is checked here, where the hub is known.
  const check = checkCampaignForm(input, at, hub.dailySyncTz);
  if (!check.ok) return { status: 'errors', errors: check.errors };
  return createCampaign(deps, hub, check.form, actor.slackUserId, confirmCount, at);
}

/**
 * Opens a campaign whose form is checked and whose starter may start it (a person, or the hub's review
 * schedule), then queues the cards and the tracker. At most one campaign is open per hub.
 */
export async function createCampaign(
  deps: Deps, hub: Hub, form: CampaignForm, startedBy: string, confirmCount: number | undefined, at: Date,
): Promise<StartResult> {
  const result = await deps.db.transaction(async (tx): Promise<StartResult> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`review-${hub.id}`}))`);
    const open = await openCampaignOf(tx, hub.id);
    if (open) return { status: 'already_open', campaign: open, hub };
    let scopeLabel = form.scope === 'admins' ? 'members with the Admin role' : 'all members';
    if (form.scope === 'asset') {
      const [asset] = isUuid(form.assetId ?? '') ? await tx.select().from(assets).where(and(eq(assets.id, form.assetId!), eq(assets.hubId, hub.id))) : [];
      if (!asset) return { status: 'errors', errors: { assetId: 'That asset is no longer in this hub. Choose another.' } };
      scopeLabel = `holders of ${asset.name ?? asset.metaId}`;
    }
    const scope = await countScope(tx, hub.id, form);
    if (scope.people === 0) return { status: 'errors', errors: { scope: `Nobody in ${hub.label} is in this scope (${scopeLabel}). Choose another.` } };
    if (form.removeUnkept && confirmCount === undefined) return { status: 'confirm', count: scope.removable, hub };
    if (form.removeUnkept && confirmCount !== scope.removable) return { status: 'changed', count: scope.removable, hub };
    const rule = reviewerRule(form.reviewers, await hubOwnerIds(tx, hub.id));
    const [campaign] = await tx.insert(campaigns).values({
      hubId: hub.id, scope: form.scope, scopeAssetId: form.assetId, scopeLabel, reviewers: form.reviewers,
      deadline: endOfDay(form.deadlineDate, hub.dailySyncTz), removeUnkept: form.removeUnkept,
      removeConfirmedCount: form.removeUnkept ? scope.removable : null, startedBy, startedAt: at,
    }).returning();
    const { items, reviewerIds } = await snapshotScope(tx, campaign!.id, hub.id, form, rule);
    await recordAudit(tx, {
      actor: startedBy, action: 'review.started', hubId: hub.id, outcome: 'started',
      detail: { campaignId: campaign!.id, scope: form.scope, scopeLabel, reviewers: form.reviewers, reviewerIds, items,
        deadline: campaign!.deadline.toISOString(), removeUnkept: form.removeUnkept, removeConfirmedCount: campaign!.removeConfirmedCount },
    });
    return { status: 'started', campaign: campaign!, items, reviewers: reviewerIds, hub };
  });
  if (result.status === 'started') await afterCampaignChange(deps, result.campaign.id, result.reviewers);
  return result;
}

import { and, asc, eq, inArray } from 'drizzle-orm';
import { hubOwners, hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { ownersAfter, whyNotOwner, type OwnerChange, type SlackAccount } from '../../domain/owners.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { recordAudits } from '../audit/record.js';
import type { Hub } from './hubs.js';

export type Owner = typeof hubOwners.$inferSelect;

/** A hub's owners, oldest first, with why each is one. */
export function listOwners(db: AppContext['db'], hubId: string): Promise<Owner[]> {
  return db.select().from(hubOwners).where(eq(hubOwners.hubId, hubId)).orderBy(asc(hubOwners.createdAt), asc(hubOwners.slackUserId));
}

/** What Slack says of an account now (guest, app, deactivated, email), or undefined when Slack does not say. */
export async function slackAccount(ctx: Pick<AppContext, 'slackInteractive' | 'logger'>, id: string): Promise<SlackAccount | undefined> {
  try {
    const { user } = await ctx.slackInteractive.users.info({ user: id });
    if (!user?.id) return undefined;
    return {
      id: user.id, isRestricted: Boolean(user.is_restricted), isUltraRestricted: Boolean(user.is_ultra_restricted), isBot: Boolean(user.is_bot), deleted: Boolean(user.deleted),
      email: user.profile?.email,
    };
  } catch (error) {
    ctx.logger.warn('users.info failed for a (would-be) owner', { id, error });
    return undefined;
  }
}

export type OwnersResult =
  | { status: 'saved'; hub: Hub; added: string[]; removed: string[] }
  | { status: 'unchanged'; hub: Hub }
  | { status: 'invalid'; field: 'add' | 'remove'; message: string }
  | { status: 'refused'; reason: string; hub: Hub }
  | { status: 'not_found' };

/**
 * Adds and removes owners of a hub (owners and admins): guests, apps and deactivated accounts are refused,
 * and a hub always keeps at least one owner. Under the hub's row lock, so two people editing at once can't
 * leave it ownerless; every change is audited.
 */
export async function changeOwners(ctx: Pick<AppContext, 'db' | 'slackInteractive' | 'logger'>, actor: Actor, hubId: string, change: OwnerChange, at: Date): Promise<OwnersResult> {
  const accounts = await Promise.all(change.add.map((id) => slackAccount(ctx, id)));
  const refused = change.add.map((id, i) => ({ id, why: whyNotOwner(accounts[i]) })).filter((entry) => entry.why);
  if (refused.length) return { status: 'invalid', field: 'add', message: refused.map((entry) => `<@${entry.id}> ${entry.why}.`).join(' ') };
  return ctx.db.transaction(async (tx): Promise<OwnersResult> => {
    const [hub] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    if (!hub) return { status: 'not_found' };
    const allowed = authorize(actor, 'hub.owners', hub);
    if (!allowed.allowed) return { status: 'refused', reason: allowed.reason, hub };
    const current = (await tx.select({ id: hubOwners.slackUserId }).from(hubOwners).where(eq(hubOwners.hubId, hubId))).map((row) => row.id);
    const after = ownersAfter(current, change);
    if (!after.ok) return { status: 'invalid', field: 'remove', message: after.reason };
    const added = after.owners.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !after.owners.includes(id));
    if (!added.length && !removed.length) return { status: 'unchanged', hub };
    if (added.length) await tx.insert(hubOwners).values(added.map((slackUserId) => ({ hubId, slackUserId, source: 'added' as const, addedBy: actor.slackUserId, createdAt: at })));
    if (removed.length) await tx.delete(hubOwners).where(and(eq(hubOwners.hubId, hubId), inArray(hubOwners.slackUserId, removed)));
    await recordAudits(tx, [
      ...added.map((id) => ({ actor: actor.slackUserId, action: 'hub.owner_added', hubId, detail: { owner: id } })),
      ...removed.map((id) => ({ actor: actor.slackUserId, action: 'hub.owner_removed', hubId, detail: { owner: id } })),
    ]);
    return { status: 'saved', hub, added, removed };
  });
}

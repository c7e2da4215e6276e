import { and, eq, sql } from 'drizzle-orm';
import { hubOwners, hubs, ownerClaims } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { normalizeEmail } from '../../domain/matching.js';
import { GUESTS_CANNOT_OWN, claimExpired, isSlackGuest, whyNoClaim, whyNotDecider, whyNotOwner } from '../../domain/owners.js';
import { authorize, type Actor, type HubRef } from '../../domain/permissions.js';
import { recordAudit } from '../audit/record.js';
import { hubOwnerIds, type Hub } from './hubs.js';
import { queueClaimMessages } from './claim-messages.js';
import { claimScope, declineWait, expireClaims } from './claim-windows.js';
import { listOwners, slackAccount, type Owner } from './owners.js';

export type Claim = typeof ownerClaims.$inferSelect;
/** The hub member (a Meta admin) a person is matched to, as a claim shows it. */
export type MatchedAdmin = { memberId: string; name: string | null; email: string | null };

type Deps = Pick<AppContext, 'db' | 'slackInteractive' | 'logger' | 'queues' | 'config' | 'clock'>;

/** The hub's Meta admins whose directory account has this email: what makes someone eligible to claim. */
export async function matchedAdmin(db: DbOrTx, hubId: string, email: string | undefined): Promise<MatchedAdmin | undefined> {
  const key = normalizeEmail(email);
  if (!key) return undefined;
  const rows = await db.execute<{ member_id: string; name: string | null; email: string | null }>(sql`
    select m.id as member_id, m.name, m.email from members m
    join directory_users d on d.id = m.directory_user_id
    where m.hub_id = ${hubId} and m.kind = 'business_user' and m.meta_role = 'ADMIN' and m.state = 'onboarded' and m.gone_at is null
      and d.active and d.deleted_at is null and ${key} = any(d.email_keys)
    order by m.first_seen_at limit 1`);
  const [row] = [...rows];
  return row && { memberId: row.member_id, name: row.name, email: row.email };
}

export async function pendingClaim(db: DbOrTx, hubId: string, claimantId: string): Promise<Claim | undefined> {
  const [claim] = await db.select().from(ownerClaims).where(and(eq(ownerClaims.hubId, hubId), eq(ownerClaims.claimantId, claimantId), eq(ownerClaims.status, 'pending')));
  return claim;
}

/** `pending`: a request still waiting; `wait`: the last one was declined so lately that asking again must wait. */
export type ClaimOffer = { hub: Pick<Hub, 'id' | 'label'>; admin: MatchedAdmin; pending?: Claim; wait?: DeclineWait };
export type DeclineWait = { declinedAt: Date; askAgainAt: Date };

/** The hubs this person may ask to own (or has asked to), for Home and `/hub owners`. */
export async function claimOffers(deps: Deps, userId: string, hubList: Hub[], owned: ReadonlySet<string>): Promise<ClaimOffer[]> {
  const candidates = hubList.filter((hub) => !owned.has(hub.id));
  if (candidates.length === 0) return [];
  const account = await slackAccount(deps, userId);
  const offers: ClaimOffer[] = [];
  for (const hub of candidates) {
    const admin = await matchedAdmin(deps.db, hub.id, account?.email);
    if (whyNoClaim({ account, isOwner: false, matchedAdmin: Boolean(admin) })) continue;
    const waiting = await pendingClaim(deps.db, hub.id, userId);
    // One past its time is as good as expired (the sweep only catches up every few minutes).
    const pending = waiting && !claimExpired(waiting.createdAt, deps.clock()) ? waiting : undefined;
    const wait = pending ? undefined : await declineWait(deps.db, hub.id, userId, deps.clock());
    offers.push({ hub: { id: hub.id, label: hub.label }, admin: admin!, ...(pending ? { pending } : {}), ...(wait ? { wait } : {}) });
  }
  return offers;
}

export type AskResult =
  | { status: 'asked'; claim: Claim; hub: Hub }
  | { status: 'already_asked'; claim: Claim; hub: Hub }
  | { status: 'refused'; reason: string; hub: Hub }
  /** Their last request was declined lately: they may ask again from `wait.askAgainAt`. */
  | { status: 'too_soon'; wait: DeclineWait; hub: Hub }
  | { status: 'not_found' };

/**
 * Someone matched to one of the hub's Meta admins asks to become an owner: the request is stored once (a second
 * ask while one waits changes nothing), audited, and its messages go to the claimant and to every owner and
 * configured admin, each with Approve / Decline. A request left undecided too long expires first; one declined
 * lately makes the person wait (domain/owners.ts), so a decline does not bring the same request back at once.
 */
export async function askOwnership(deps: Deps, userId: string, hubId: string): Promise<AskResult> {
  const [hub] = await deps.db.select().from(hubs).where(eq(hubs.id, hubId));
  if (!hub) return { status: 'not_found' };
  const [account, owners] = await Promise.all([slackAccount(deps, userId), hubOwnerIds(deps.db, hubId)]);
  const admin = await matchedAdmin(deps.db, hubId, account?.email);
  const why = whyNoClaim({ account, isOwner: owners.includes(userId), matchedAdmin: Boolean(admin) });
  if (why) return { status: 'refused', reason: why, hub };
  await expireClaims(deps, claimScope.of(hubId, userId));
  const wait = await declineWait(deps.db, hubId, userId, deps.clock());
  if (wait) return { status: 'too_soon', wait, hub };
  const deciders = [...new Set([...owners, ...deps.config.ADMIN_SLACK_USER_IDS])].filter((id) => id !== userId);
  const asked = await deps.db.transaction(async (tx) => {
    const [claim] = await tx.insert(ownerClaims).values({ hubId, claimantId: userId, memberId: admin!.memberId, createdAt: deps.clock() }).onConflictDoNothing().returning();
    if (!claim) return undefined;
    await recordAudit(tx, { actor: userId, action: 'hub.owner_claimed', hubId, memberId: admin!.memberId, detail: { claimId: claim.id, deciders } });
    return claim;
  });
  if (!asked) {
    const waiting = await pendingClaim(deps.db, hubId, userId);
    return waiting ? { status: 'already_asked', claim: waiting, hub } : askOwnership(deps, userId, hubId);
  }
  await queueClaimMessages(deps, asked.id, [{ target: userId, role: 'claimant' }, ...deciders.map((target) => ({ target, role: 'decider' as const }))]);
  return { status: 'asked', claim: asked, hub };
}

export type DecideResult =
  | { status: 'decided'; claim: Claim; hub: Hub }
  | { status: 'conflict'; claim: Claim }
  | { status: 'refused'; reason: string; hub: HubRef }
  /** Approval refused: the claimant is no longer matched to one of the hub's Meta admins (demoted, or gone from the directory). */
  | { status: 'no_longer_admin'; claim: Claim; hub: Hub }
  /** Nobody decided in time: the request expired (now, or before), and the click changed nothing else. */
  | { status: 'expired'; claim: Claim }
  | { status: 'not_found' };

/**
 * An owner or an admin approves or declines a claim. Compare-and-set on `status = 'pending'`: of a double click
 * or two deciders at once, one decides and the other is told who did. A request past its time expires instead.
 * An approval makes the claimant an owner only if they still could ask (checked again: a guest never becomes one,
 * nor someone no longer matched to an Admin at Meta); both are audited and every message of the claim is redrawn.
 */
export async function decideClaim(deps: Deps, actor: Actor, claimId: string, decision: 'approved' | 'declined'): Promise<DecideResult> {
  const [found] = await deps.db.select().from(ownerClaims).where(eq(ownerClaims.id, claimId));
  if (!found) return { status: 'not_found' };
  const [hub] = await deps.db.select().from(hubs).where(eq(hubs.id, found.hubId));
  if (!hub) return { status: 'not_found' };
  const refusal = whyNotDecider(actor.slackUserId, found.claimantId, authorize(actor, 'hub.owners', hub).allowed);
  if (refusal) return { status: 'refused', reason: refusal, hub };
  if (found.status !== 'pending') return { status: found.status === 'expired' ? 'expired' : 'conflict', claim: found };
  if (claimExpired(found.createdAt, deps.clock())) {
    const [expired] = await expireClaims(deps, claimScope.one(claimId));
    if (expired) return { status: 'expired', claim: expired };
    return decideClaim(deps, actor, claimId, decision); // decided meanwhile: say by whom
  }
  if (decision === 'approved') {
    const account = await slackAccount(deps, found.claimantId);
    const notOwner = whyNotOwner(account);
    if (notOwner) return { status: 'refused', reason: `<@${found.claimantId}> ${notOwner}. Decline the request instead.`, hub };
    if (!(await matchedAdmin(deps.db, hub.id, account?.email))) return { status: 'no_longer_admin', claim: found, hub };
  }
  const at = deps.clock();
  const result = await deps.db.transaction(async (tx): Promise<DecideResult> => {
    const [claim] = await tx.update(ownerClaims).set({ status: decision, decidedBy: actor.slackUserId, decidedAt: at })
      .where(and(eq(ownerClaims.id, claimId), eq(ownerClaims.status, 'pending'))).returning();
    if (!claim) {
      const [now] = await tx.select().from(ownerClaims).where(eq(ownerClaims.id, claimId));
      return { status: 'conflict', claim: now! };
    }
    if (decision === 'approved') {
      await tx.insert(hubOwners).values({ hubId: hub.id, slackUserId: claim.claimantId, source: 'claimed', addedBy: actor.slackUserId, createdAt: at }).onConflictDoNothing();
    }
    await recordAudit(tx, {
      actor: actor.slackUserId, action: decision === 'approved' ? 'hub.owner_claim_approved' : 'hub.owner_claim_declined', hubId: hub.id,
      memberId: claim.memberId, outcome: decision, detail: { claimId, claimant: claim.claimantId, as: actor.ownedHubIds.has(hub.id) ? 'owner' : 'admin' },
    });
    return { status: 'decided', claim, hub };
  });
  if (result.status === 'decided') await queueClaimMessages(deps, claimId);
  return result;
}

export type OwnersForm =
  | { kind: 'manage'; owners: Owner[] }
  | { kind: 'claim'; offer: ClaimOffer }
  | { kind: 'refused'; reason: string };

/**
 * What `/hub owners` shows someone: owners and admins change the owners; someone matched to one of the hub's
 * Meta admins may ask to become one (or hears that they already asked); anyone else is refused.
 */
export async function ownersFormFor(deps: Deps, actor: Actor, hub: Hub): Promise<OwnersForm> {
  const allowed = authorize(actor, 'hub.owners', hub);
  if (allowed.allowed) return { kind: 'manage', owners: await listOwners(deps.db, hub.id) };
  const [offer] = await claimOffers(deps, actor.slackUserId, [hub], actor.ownedHubIds);
  if (offer) return { kind: 'claim', offer };
  // A guest is told why ownership is closed to them, not only who may change the owners.
  const guest = isSlackGuest(await slackAccount(deps, actor.slackUserId));
  return { kind: 'refused', reason: guest ? `${GUESTS_CANNOT_OWN} Only owners of ${hub.label} and Hubkeeper admins can change who owns it.` : allowed.reason };
}

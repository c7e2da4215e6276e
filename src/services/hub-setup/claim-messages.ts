import { eq } from 'drizzle-orm';
import { hubs, members, ownerClaimMessages, ownerClaims } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { askAgainFrom, claimExpiresAt } from '../../domain/owners.js';
import { isUndeliverableDm, slackErrorCode } from '../../domain/slack-errors.js';
import type { JobPayload } from '../../queue/registry.js';
import { drawInPlace } from '../notifications/draw-in-place.js';

/** Everything a claim's messages show: who asked, for which hub, matched to which Meta admin, and the outcome. */
export type ClaimView = {
  claim: Pick<typeof ownerClaims.$inferSelect, 'id' | 'claimantId' | 'status' | 'decidedBy' | 'decidedAt' | 'createdAt'>;
  hub: { id: string; label: string };
  admin: { name: string | null; email: string | null } | null;
  /** When it expires if nobody decides (in the past once it did). */
  expiresAt: Date;
  /** After a decline: when the claimant may ask again. */
  askAgainAt: Date | null;
};

/**
 * Gives a claim its messages (the claimant's and each decider's direct message; new targets only) and queues
 * their redraw. Redraws coalesce per claim, so the last state is always what the messages show.
 */
export async function queueClaimMessages(
  deps: Pick<AppContext, 'db' | 'queues'>,
  claimId: string,
  targets: Array<{ target: string; role: 'claimant' | 'decider' }> = [],
): Promise<void> {
  if (targets.length) await deps.db.insert(ownerClaimMessages).values(targets.map((t) => ({ claimId, ...t }))).onConflictDoNothing();
  await deps.queues.enqueue('notify', 'renderClaimMessages', { claimId }, {
    deduplication: { id: `claim-${claimId}`, keepLastIfActive: true },
    attempts: 8,
    backoff: { type: 'exponential', delay: 1_000 },
  });
  const [claim] = await deps.db.select({ claimantId: ownerClaims.claimantId }).from(ownerClaims).where(eq(ownerClaims.id, claimId));
  // The claimant's Home shows the request too, though they own nothing yet (so no hub refresh reaches them).
  if (claim) await deps.queues.enqueue('notify', 'publishHome', { userId: claim.claimantId }, { deduplication: { id: `home-${claim.claimantId}`, keepLastIfActive: true }, attempts: 3 });
}

/** Draws every message of a claim from its current state: posted the first time, edited in place after that. */
export async function renderClaimMessages(ctx: AppContext, { claimId }: JobPayload<'notify', 'renderClaimMessages'>): Promise<void> {
  const [claim] = await ctx.db.select().from(ownerClaims).where(eq(ownerClaims.id, claimId));
  const [hub] = claim ? await ctx.db.select({ id: hubs.id, label: hubs.label }).from(hubs).where(eq(hubs.id, claim.hubId)) : [];
  if (!claim || !hub) return;
  const [admin] = claim.memberId ? await ctx.db.select({ name: members.name, email: members.email }).from(members).where(eq(members.id, claim.memberId)) : [];
  const view: ClaimView = {
    claim, hub, admin: admin ?? null, expiresAt: claimExpiresAt(claim.createdAt),
    askAgainAt: claim.status === 'declined' && claim.decidedAt ? askAgainFrom(claim.decidedAt) : null,
  };
  const messages = await ctx.db.select().from(ownerClaimMessages).where(eq(ownerClaimMessages.claimId, claimId));
  for (const message of messages) {
    const body = async () => ctx.views.ownerClaim(view, message.role);
    try {
      await drawInPlace(ctx, message.target, { channel: message.slackChannel, ts: message.ts }, body, (posted) =>
        ctx.db.update(ownerClaimMessages).set({ slackChannel: posted.channel, ts: posted.ts }).where(eq(ownerClaimMessages.id, message.id)));
    } catch (error) {
      const code = slackErrorCode(error) ?? '';
      if (!isUndeliverableDm(code)) throw error;
      ctx.logger.warn('Slack refused a claim message; it will not be retried', { claimId, target: message.target, error: code });
    }
  }
}

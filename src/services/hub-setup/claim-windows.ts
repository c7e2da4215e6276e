import { and, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { ownerClaims } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { askAgainAt, CLAIM_EXPIRES_DAYS } from '../../domain/owners.js';
import { recordAudit } from '../audit/record.js';
import { queueClaimMessages } from './claim-messages.js';

type Claim = typeof ownerClaims.$inferSelect;

/**
 * Expires the pending requests (all of them, or those `scope` names) that nobody decided within
 * CLAIM_EXPIRES_DAYS: compare-and-set on `pending`, so a decision that got there first stands. Each is audited
 * and its messages are redrawn to say it expired.
 */
export async function expireClaims(deps: Pick<AppContext, 'db' | 'queues' | 'clock'>, scope?: SQL): Promise<Claim[]> {
  const cutoff = new Date(deps.clock().getTime() - CLAIM_EXPIRES_DAYS * 86_400_000);
  const expired = await deps.db.transaction(async (tx) => {
    const rows = await tx.update(ownerClaims)
      .set({ status: 'expired', decidedAt: sql`${ownerClaims.createdAt} + ${sql.raw(`interval '${CLAIM_EXPIRES_DAYS} days'`)}` })
      .where(and(eq(ownerClaims.status, 'pending'), lte(ownerClaims.createdAt, cutoff), scope))
      .returning();
    for (const claim of rows) {
      await recordAudit(tx, {
        actor: 'system', action: 'hub.owner_claim_expired', hubId: claim.hubId, memberId: claim.memberId, outcome: 'expired',
        detail: { claimId: claim.id, claimant: claim.claimantId, days: CLAIM_EXPIRES_DAYS },
      });
    }
    return rows;
  });
  for (const claim of expired) await queueClaimMessages(deps, claim.id);
  return expired;
}

/** The maintenance job: every request past its time expires, and its messages say so. */
export async function expireClaimsJob(ctx: AppContext): Promise<number> {
  return (await expireClaims(ctx)).length;
}

export const claimScope = {
  one: (claimId: string) => eq(ownerClaims.id, claimId),
  of: (hubId: string, claimantId: string) => and(eq(ownerClaims.hubId, hubId), eq(ownerClaims.claimantId, claimantId)),
};

/** When this person's last declined request for the hub was declined, if that was so recently that they must wait; and until when. */
export async function declineWait(db: DbOrTx, hubId: string, claimantId: string, now: Date): Promise<{ declinedAt: Date; askAgainAt: Date } | undefined> {
  const [last] = await db.select({ decidedAt: ownerClaims.decidedAt }).from(ownerClaims)
    .where(and(claimScope.of(hubId, claimantId), eq(ownerClaims.status, 'declined')))
    .orderBy(desc(ownerClaims.decidedAt)).limit(1);
  const until = askAgainAt(last?.decidedAt ?? undefined, now);
  return last?.decidedAt && until ? { declinedAt: last.decidedAt, askAgainAt: until } : undefined;
}

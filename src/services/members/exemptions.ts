import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { members } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import { recordAudit } from '../audit/record.js';
import type { Member } from './members.js';

const BATCH = 500;

/**
 * Sends members whose exemption has run out back to review (unmatched, automatic again), in batches, each
 * in its own transaction. Rows locked by a person deciding right now are skipped and caught on the next run.
 * Returns the expired members grouped by hub, for telling the owners.
 */
export async function expireExemptions(db: Database, now: Date): Promise<Map<string, string[]>> {
  const byHub = new Map<string, string[]>();
  for (;;) {
    const expired = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: members.id, hubId: members.hubId, reason: members.exemptionReason, exemptedBy: members.exemptedBy })
        .from(members)
        .where(and(eq(members.state, 'exempted'), lte(members.exemptionExpiresAt, now), isNull(members.goneAt)))
        .orderBy(asc(members.exemptionExpiresAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      if (due.length === 0) return due;
      await tx
        .update(members)
        .set({ state: 'unmatched', manual: false, decidedBy: 'schedule', decidedAt: now, revision: sql`${members.revision} + 1` })
        .where(and(inArray(members.id, due.map((row) => row.id)), eq(members.state, 'exempted')));
      for (const row of due) {
        await recordAudit(tx, {
          actor: 'schedule', action: 'member.exemption_expired', hubId: row.hubId, memberId: row.id,
          reason: row.reason, outcome: 'completed', detail: { exemptedBy: row.exemptedBy },
        });
      }
      return due;
    });
    for (const row of expired) byHub.set(row.hubId, [...(byHub.get(row.hubId) ?? []), row.id]);
    if (expired.length < BATCH) return byHub;
  }
}

/** Members by id within one hub (for the owners' notice). */
export async function membersByIds(db: Database, hubId: string, ids: string[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  return db.select().from(members).where(and(eq(members.hubId, hubId), inArray(members.id, ids))).orderBy(asc(members.name));
}

import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { hubOwners, members } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';
import type { Member } from './members.js';

/** Makes a Slack account an owner of the hub because a member was matched to them as Owner. */
export async function grantMatchedOwner(tx: Transaction, hubId: string, slackUserId: string): Promise<void> {
  await tx.insert(hubOwners).values({ hubId, slackUserId, source: 'matched' }).onConflictDoNothing();
}

/**
 * Takes back the ownership an Owner match gave, unless another member of the hub still gives it. Owners who
 * connected the hub keep their ownership: only `source = matched` rows go.
 */
export async function revokeMatchedOwner(tx: Transaction, before: Pick<Member, 'id' | 'hubId' | 'state' | 'hubRole' | 'workspaceAccountId'>): Promise<void> {
  if (before.state !== 'onboarded' || before.hubRole !== 'owner' || !before.workspaceAccountId) return;
  const account = before.workspaceAccountId;
  const [other] = await tx
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.hubId, before.hubId),
        ne(members.id, before.id),
        eq(members.state, 'onboarded'),
        eq(members.hubRole, 'owner'),
        eq(members.workspaceAccountId, account),
        isNull(members.goneAt),
      ),
    )
    .limit(1);
  if (other) return;
  await tx
    .delete(hubOwners)
    .where(and(eq(hubOwners.hubId, before.hubId), eq(hubOwners.slackUserId, account), sql`${hubOwners.source} = 'matched'`));
}

import { and, eq, inArray } from 'drizzle-orm';
import { members } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';
import { statesAllowing, type MemberAction } from '../../domain/member-actions.js';
import { authorize, authorizeMemberAction, PERMISSION_OF, type Actor, type HubRef } from '../../domain/permissions.js';
import type { Member } from './members.js';
import { isUuid } from '../../lib/text.js';

export type DecisionRequest = {
  actor: Actor;
  hub: HubRef;
  memberId: string;
  /** The revision the person saw (carried by the button or the modal): a newer one means they are late. */
  revision: number;
  at: Date;
};

export type DecisionResult<T = undefined> =
  | { status: 'done'; member: Member; result: T }
  /** Someone (or a check for updates) changed the member after this person looked: nothing was done. */
  | { status: 'conflict'; member: Member }
  | { status: 'refused'; reason: string }
  | { status: 'invalid'; field: string; message: string }
  | { status: 'not_found' };

export type MemberChange = Partial<Omit<typeof members.$inferInsert, 'id' | 'hubId' | 'revision'>>;
export type Planned<T> = { set: MemberChange; after?: (updated: Member, before: Member) => Promise<T> } | { field: string; message: string };

/**
 * Applies one person's decision to one member, compare-and-set: the row is locked, permission and the
 * member's kind/state are checked on what it is now, and the update only lands on the revision they saw.
 * Two clicks at once: the second waits for the first, then finds a newer revision and changes nothing.
 */
export async function decideMember<T = undefined>(
  tx: Transaction,
  request: DecisionRequest,
  action: MemberAction,
  plan: (member: Member) => Promise<Planned<T>> | Planned<T>,
): Promise<DecisionResult<T>> {
  const { actor, hub, memberId, revision, at } = request;
  const role = authorize(actor, PERMISSION_OF[action], hub);
  if (!role.allowed) return { status: 'refused', reason: role.reason };
  if (!isUuid(memberId)) return { status: 'not_found' };
  const [member] = await tx.select().from(members).where(and(eq(members.id, memberId), eq(members.hubId, hub.id))).for('update');
  if (!member) return { status: 'not_found' };
  if (member.revision !== revision) return { status: 'conflict', member };
  const fit = authorizeMemberAction(actor, action, hub, member);
  if (!fit.allowed) return { status: 'refused', reason: fit.reason };
  const planned = await plan(member);
  if ('field' in planned) return { status: 'invalid', field: planned.field, message: planned.message };
  const [updated] = await tx
    .update(members)
    .set({ ...planned.set, revision: member.revision + 1, decidedBy: actor.slackUserId, decidedAt: at })
    .where(and(eq(members.id, member.id), eq(members.revision, revision), inArray(members.state, statesAllowing(action))))
    .returning();
  if (!updated) return { status: 'conflict', member };
  const result = planned.after ? await planned.after(updated, member) : (undefined as T);
  return { status: 'done', member: updated, result };
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { directoryUsers, hubs, invites, members, tasks } from '../../../db/schema.js';
import type { Database, DbOrTx } from '../../../db/client.js';
import type { InviteNote } from '../../domain/invitations.js';
import { inviteFigures, type InviteFigures } from '../../domain/task-outcomes.js';
import { recordAudit } from '../audit/record.js';
import { directoryPersonByEmail } from './invite-access.js';
import type { Task } from '../tasks/types.js';
import { lockRunningTask } from '../tasks/tasks.js';

export type Invite = typeof invites.$inferSelect;

/** The task's next invitation to send: the oldest still waiting, or one an earlier attempt was sending. */
export async function nextInvite(db: DbOrTx, taskId: string): Promise<Invite | undefined> {
  const [invite] = await db
    .select()
    .from(invites)
    .where(and(eq(invites.taskId, taskId), inArray(invites.status, ['waiting', 'sending'])))
    .orderBy(asc(invites.createdAt), asc(invites.email))
    .limit(1);
  return invite;
}

export async function taskInvites(db: DbOrTx, taskId: string): Promise<Invite[]> {
  return db.select().from(invites).where(eq(invites.taskId, taskId)).orderBy(asc(invites.createdAt), asc(invites.email));
}

/** Marks an invitation as on its way to Meta; false when it was settled meanwhile (e.g. the person left the group). */
export async function markSending(db: DbOrTx, inviteId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ status: 'sending', updatedAt: at })
    .where(and(eq(invites.id, inviteId), inArray(invites.status, ['waiting', 'sending'])))
    .returning({ id: invites.id });
  return rows.length === 1;
}

/** Meta refused for a reason that will hold (or a rate limit): the invitation goes back to waiting. */
export async function markWaiting(db: DbOrTx, inviteId: string, at: Date): Promise<void> {
  await db.update(invites).set({ status: 'waiting', updatedAt: at }).where(and(eq(invites.id, inviteId), eq(invites.status, 'sending')));
}

/** Settles an invitation that will not be sent (already there, refused, cancelled); compare-and-set. */
export async function settleInvite(
  db: DbOrTx,
  invite: Invite,
  status: 'duplicate' | 'failed' | 'cancelled',
  detail: { note?: InviteNote; error?: string },
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ status, note: detail.note ?? null, error: detail.error ?? null, updatedAt: at })
    .where(and(eq(invites.id, invite.id), inArray(invites.status, ['waiting', 'sending'])))
    .returning({ id: invites.id });
  if (rows.length && status !== 'duplicate') {
    await recordAudit(db, {
      actor: 'system', action: status === 'failed' ? 'member.invite_failed' : 'member.invite_cancelled', hubId: invite.hubId,
      taskId: invite.taskId, outcome: status, reason: detail.error ?? detail.note ?? null, detail: { email: invite.email, role: invite.metaRole },
    });
  }
  return rows.length === 1;
}

/**
 * Meta sent the invitation: the row becomes `invited` and the hub gets its pending invitation as a member
 * (matched to the directory person when we know them), in one transaction, so the list shows it at once.
 */
export async function recordInvited(db: Database, invite: Invite, invitationId: string, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(invites)
      .set({ status: 'invited', metaInvitationId: invitationId, note: null, error: null, updatedAt: at })
      .where(and(eq(invites.id, invite.id), inArray(invites.status, ['waiting', 'sending'])))
      .returning({ id: invites.id });
    if (!done) return;
    const person = invite.directoryUserId ?? (await directoryPersonByEmail(tx, invite.email));
    const matched = person ? { state: 'onboarded' as const, directoryUserId: person, matchedBy: 'auto', hubRole: 'collaborator' as const } : {};
    const [member] = await tx
      .insert(members)
      .values({ hubId: invite.hubId, kind: 'invitation', metaId: invitationId, email: invite.email, metaRole: invite.metaRole, decidedBy: 'auto', decidedAt: at, ...matched })
      .onConflictDoUpdate({
        target: [members.hubId, members.kind, members.metaId],
        set: { goneAt: null, lastSeenAt: at, metaRole: invite.metaRole },
      })
      .returning({ id: members.id });
    await recordAudit(tx, {
      actor: invite.requestedBy, action: 'member.invited', hubId: invite.hubId, memberId: member!.id, taskId: invite.taskId, outcome: 'invited',
      detail: { email: invite.email, role: invite.metaRole, invitedUserType: invite.invitedUserType, groupId: invite.groupId },
    });
  });
}

/** Whether a directory person (of a group invitation) may still be invited: active, not deleted. */
export async function directoryPersonActive(db: DbOrTx, directoryUserId: string): Promise<boolean> {
  const [row] = await db
    .select({ active: sql<boolean>`${directoryUsers.active} and ${directoryUsers.deletedAt} is null` })
    .from(directoryUsers)
    .where(eq(directoryUsers.id, directoryUserId));
  return Boolean(row?.active);
}

/** Until when Meta's invitation cap holds for a hub, if it does now. */
export async function invitesPausedUntil(db: DbOrTx, hubId: string, now: Date): Promise<Date | undefined> {
  const [row] = await db.select({ until: hubs.invitesPausedUntil }).from(hubs).where(eq(hubs.id, hubId));
  return row?.until && row.until > now ? row.until : undefined;
}

/** Meta's invitation cap was hit: every invitation task of the hub waits until it lifts. */
export async function pauseInvites(db: DbOrTx, hubId: string, until: Date): Promise<void> {
  await db
    .update(hubs)
    .set({ invitesPausedUntil: sql`greatest(coalesce(${hubs.invitesPausedUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)` })
    .where(eq(hubs.id, hubId));
}


/**
 * Finishes the task once every invitation is settled: completed unless every one that was tried failed.
 * False when another worker finished it first.
 */
export async function finishInviteTask(db: Database, task: Task, at: Date): Promise<InviteFigures | undefined> {
  return db.transaction(async (tx) => {
    if (!(await lockRunningTask(tx, task.id))) return undefined;
    const rows = await tx.select({ status: invites.status, note: invites.note, error: invites.error }).from(invites).where(eq(invites.taskId, task.id));
    const counts = inviteFigures(rows);
    const failed = counts.failed > 0 && counts.invited === 0;
    const error = failed ? rows.find((row) => row.status === 'failed')?.error ?? 'Meta did not send the invitations.' : null;
    await tx
      .update(tasks)
      .set({ status: failed ? 'failed' : 'completed', finishedAt: at, error, summary: counts, progress: null })
      .where(eq(tasks.id, task.id));
    await recordAudit(tx, {
      actor: task.requestedBy, action: 'hub.invitations_finished', hubId: task.hubId, taskId: task.id, outcome: failed ? 'failed' : 'completed', detail: counts,
    });
    return counts;
  });
}

import { randomUUID } from 'node:crypto';
import { invites, tasks } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { classifyInvitees, type InviteNote } from '../../domain/invitations.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { recordAudit } from '../audit/record.js';
import type { Hub } from '../hub-setup/hubs.js';
import { currentAccess, directoryInvitees } from './invite-access.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'clock'>;

export type InviteRequest = {
  emails: string[];
  /** Directory people picked in the search; each is invited at their work email. */
  directoryUserIds: string[];
  role: string;
  /** Invite as a Meta work account (only with SSO). */
  workAccount: boolean;
};

export type Duplicate = { email: string; note: InviteNote };

export type InviteOutcome =
  | { status: 'queued'; taskId: string; fresh: string[]; duplicates: Duplicate[]; pausedUntil: Date | null }
  | { status: 'nothing_new'; duplicates: Duplicate[] }
  | { status: 'invalid'; field: 'people' | 'emails'; message: string }
  | { status: 'refused'; reason: string };

/** What an invitation task remembers (never a secret). */
export type InviteTaskInput = { role: string; invitedUserType: 'FB' | 'MWA'; source: 'slack' | 'group'; groupName?: string };

/**
 * Queues one invitation task for the emails that have no access yet; the others are reported as already
 * there. Each email gets an `invites` row in the same transaction as the task; the partial unique index on
 * (hub, email) while waiting or sending means two requests at once invite someone once.
 */
export async function requestInvites(deps: Deps, hub: Hub, actor: Actor, request: InviteRequest): Promise<InviteOutcome> {
  const allowed = authorize(actor, 'member.invite', hub);
  if (!allowed.allowed) return { status: 'refused', reason: allowed.reason };
  const people = await directoryInvitees(deps.db, request.directoryUserIds);
  const inactive = people.find((person) => !person.active);
  if (inactive) return { status: 'invalid', field: 'people', message: `${inactive.name} is deactivated in the directory. Remove them from the list.` };
  const noEmail = people.find((person) => !person.email);
  if (noEmail) return { status: 'invalid', field: 'people', message: `${noEmail.name} has no email in the directory. Type their work email instead.` };
  const directoryIdOf = new Map(people.map((person) => [person.email!, person.id]));
  const emails = [...new Set([...request.emails, ...people.map((person) => person.email!)])];

  const { fresh, duplicates } = classifyInvitees(emails, await currentAccess(deps.db, hub.id, emails));
  const invitedUserType: 'FB' | 'MWA' = request.workAccount && hub.loginMethod === 'sso' ? 'MWA' : 'FB';
  const taskId = randomUUID();
  const at = deps.clock();
  const outcome = await deps.db.transaction(async (tx) => {
    const inserted = fresh.length
      ? await tx
          .insert(invites)
          .values(fresh.map((email) => ({
            hubId: hub.id, taskId, email, metaRole: request.role, invitedUserType, requestedBy: actor.slackUserId,
            directoryUserId: directoryIdOf.get(email) ?? null,
          })))
          .onConflictDoNothing()
          .returning({ email: invites.email })
      : [];
    // Someone else's request got there a moment before ours: theirs invites them.
    const sent = new Set(inserted.map((row) => row.email));
    const lost = fresh.filter((email) => !sent.has(email)).map((email) => ({ email, note: 'in_flight' as const }));
    const allDuplicates = [...duplicates, ...lost];
    if (sent.size === 0) return { status: 'nothing_new' as const, duplicates: allDuplicates };
    const input: InviteTaskInput = { role: request.role, invitedUserType, source: 'slack' };
    await tx.insert(tasks).values({ id: taskId, hubId: hub.id, kind: 'invite_member', requestedBy: actor.slackUserId, slackChannelId: hub.channelId, input });
    if (allDuplicates.length) {
      await tx.insert(invites).values(allDuplicates.map(({ email, note }) => ({
        hubId: hub.id, taskId, email, metaRole: request.role, invitedUserType, requestedBy: actor.slackUserId, status: 'duplicate' as const, note,
      })));
    }
    await recordAudit(tx, {
      actor: actor.slackUserId, action: 'member.invite_requested', hubId: hub.id, taskId, outcome: 'queued',
      detail: { role: request.role, invitedUserType, emails: [...sent], duplicates: allDuplicates },
    });
    return { status: 'queued' as const, taskId, fresh: [...sent], duplicates: allDuplicates };
  });
  if (outcome.status === 'nothing_new') return outcome;
  await enqueueInvites(deps, taskId);
  const pausedUntil = hub.invitesPausedUntil && hub.invitesPausedUntil > at ? hub.invitesPausedUntil : null;
  return { ...outcome, pausedUntil };
}

/** The job id is the task id, so enqueueing twice (a retry, the sweep) is harmless. */
export async function enqueueInvites(deps: Pick<AppContext, 'queues'>, taskId: string, delayMs = 0): Promise<void> {
  await deps.queues.enqueue('members', 'inviteMembers', { taskId }, { jobId: taskId, attempts: 5, ...(delayMs > 0 ? { delay: delayMs } : {}) });
}

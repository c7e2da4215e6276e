import { DelayedError, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../context.js';
import { classifyInvitees } from '../../domain/invitations.js';
import { MetaError, MetaRateLimitError, MetaTokenInvalidError, type MetaBusinessClient, isAppSecretProofRefusal } from '../../meta/index.js';
import { getHub, markTokenInvalid, type Hub } from '../hub-setup/hubs.js';
import { currentAccess } from './invite-access.js';
import {
  directoryPersonActive, finishInviteTask, invitesPausedUntil, markSending, markWaiting, nextInvite, pauseInvites, recordInvited, settleInvite, type Invite,
} from './invite-sending.js';
import { credentialProblem, hubBusiness } from '../hub-setup/meta-handle.js';
import type { Task } from '../tasks/types.js';
import { saveProgress, startTask } from '../tasks/tasks.js';
import { waitForMetaWrite } from '../../queue/meta-pace.js';
import { queueTaskAnnouncement, queueTaskRender } from '../notifications/send.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobPayload } from '../../queue/registry.js';
import { rethrowIfRetryable } from '../../queue/meta-failure.js';

/**
 * Sends a task's invitations one by one, each settled in Postgres before the next: safe to run again from
 * anywhere. Meta's daily cap (code 17) pauses every invitation of the hub until it lifts: the job moves to
 * the delayed set and the rest wait — they do not fail.
 */
export async function inviteMembers(ctx: AppContext, { taskId }: JobPayload<'members', 'inviteMembers'>, control: JobControl): Promise<void> {
  const task = await startTask(ctx, taskId);
  if (!task) return;
  const hub = await getHub(ctx.db, task.hubId);
  if (!hub) throw new UnrecoverableError(`hub ${task.hubId} is gone`);
  const log = ctx.logger.child({ taskId, hubId: hub.id });
  const business = hubBusiness(ctx, hub);
  await saveProgress(ctx.db, taskId, { phase: 'inviting', counts: {} });
  await queueTaskRender(ctx, taskId);
  try {
    for (let invite = await nextInvite(ctx.db, taskId); invite; invite = await nextInvite(ctx.db, taskId)) {
      const paused = await invitesPausedUntil(ctx.db, hub.id, ctx.clock());
      if (paused) return await waitUntil(ctx, control, task, paused, 'waiting_for_invite_cap');
      await sendOne(ctx, business, hub, invite);
      await queueTaskRender(ctx, taskId);
    }
  } catch (error) {
    if (error instanceof DelayedError) throw error;
    if (error instanceof MetaRateLimitError && error.resumeAt && control.canDelay) {
      // Code 17 on an invite is the business's daily cap: it holds for every invitation of the hub.
      const cap = error.code === 17;
      if (cap) await pauseInvites(ctx.db, hub.id, new Date(error.resumeAt));
      return await waitUntil(ctx, control, task, new Date(error.resumeAt), cap ? 'waiting_for_invite_cap' : 'slowed_down');
    }
    rethrowIfRetryable(control, error, log, 'invitations');
    if (error instanceof MetaTokenInvalidError) await markTokenInvalid(ctx.db, hub.id, ctx.clock());
    const words = describeInviteFailure(error, hub);
    for (let invite = await nextInvite(ctx.db, taskId); invite; invite = await nextInvite(ctx.db, taskId)) {
      await settleInvite(ctx.db, invite, 'failed', { error: words }, ctx.clock());
    }
    log.warn('invitations failed', { error: words });
  }
  const counts = await finishInviteTask(ctx.db, task, ctx.clock());
  await queueTaskRender(ctx, taskId);
  if (!counts) return;
  ctx.metrics.taskOutcomes.inc({ kind: 'invite_member', status: counts.failed > 0 && counts.invited === 0 ? 'failed' : 'completed' });
  await queueTaskAnnouncement(ctx, taskId);
}

/** One invitation: re-checked (already there? still in the directory?), then sent, then recorded. */
async function sendOne(ctx: AppContext, business: MetaBusinessClient, hub: Hub, invite: Invite): Promise<void> {
  const at = ctx.clock();
  if (invite.status === 'sending') {
    // An earlier attempt may have reached Meta and lost its answer: find that invitation rather than send another
    // (before the duplicate check, which would otherwise take our own invitation for someone else's).
    const found = await business.findInvitation(invite.email);
    if (found) return recordInvited(ctx.db, invite, found.invitationId, ctx.clock());
  }
  const { duplicates } = classifyInvitees([invite.email], await currentAccess(ctx.db, hub.id, [invite.email], invite.id));
  if (duplicates[0]) return void (await settleInvite(ctx.db, invite, 'duplicate', { note: duplicates[0].note }, at));
  if (invite.directoryUserId && invite.groupId && !(await directoryPersonActive(ctx.db, invite.directoryUserId))) {
    return void (await settleInvite(ctx.db, invite, 'cancelled', { note: 'deactivated' }, at));
  }
  // Every Meta write of the business takes its turn (removals, re-invites and these share one pace).
  await waitForMetaWrite(ctx, hub.businessId);
  if (!(await markSending(ctx.db, invite.id, ctx.clock()))) return;
  try {
    // Paced above (waitForMetaWrite), so the client need not space it again.
    const { invitationId } = await business.inviteUser({
      email: invite.email, role: invite.metaRole, invitedUserType: [invite.invitedUserType as 'FB' | 'MWA'],
    }, { spaced: false });
    await recordInvited(ctx.db, invite, invitationId, ctx.clock());
  } catch (error) {
    // Refusals about this one person (an address Meta won't take) fail it alone; the rest go on.
    if (error instanceof MetaError && !(error instanceof MetaRateLimitError) && !(error instanceof MetaTokenInvalidError) && error.code === 100) {
      return void (await settleInvite(ctx.db, invite, 'failed', { error: error.userMessage }, ctx.clock()));
    }
    if (error instanceof MetaRateLimitError) await markWaiting(ctx.db, invite.id, ctx.clock());
    throw error;
  }
}

/** Parks the job until Meta's cap lifts (or Meta lets us go on); the message says when, and that the rest wait. */
async function waitUntil(ctx: AppContext, control: JobControl, task: Task, until: Date, phase: string): Promise<never> {
  await saveProgress(ctx.db, task.id, { phase, counts: {}, waitingUntil: until.toISOString() });
  await queueTaskRender(ctx, task.id);
  ctx.logger.warn("Meta's invitation cap: invitations wait", { taskId: task.id, hubId: task.hubId, until: until.toISOString() });
  return control.delayUntil(until.getTime());
}

/** Plain words for invitations Meta would not send. */
export function describeInviteFailure(error: unknown, hub: Pick<Hub, 'label' | 'appSecretSealed'>): string {
  if (isAppSecretProofRefusal(error)) return credentialProblem(error, hub)!;
  if (error instanceof MetaTokenInvalidError) {
    return `Meta no longer accepts the access token of ${hub.label}. An admin can reconnect it with \`/hub connect\`; then invite again.`;
  }
  if (error instanceof MetaError) return error.userMessage;
  return `Hubkeeper could not reach Meta after several tries (${error instanceof Error ? error.message : String(error)}). Nothing more was sent; invite again later.`;
}

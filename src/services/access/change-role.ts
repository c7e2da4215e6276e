import { UnrecoverableError } from 'bullmq';
import type { AppContext } from '../../context.js';
import { decodePosition } from '../../domain/member-list.js';
import { MetaError, MetaPermanentError, MetaTokenInvalidError, isAppSecretProofRefusal } from '../../meta/index.js';
import { markTokenInvalid, type Hub } from '../hub-setup/hubs.js';
import { completeRoleChange, failRoleChange, roleChangeInputSchema, type RoleChangeInput } from './role-changes.js';
import { credentialProblem, hubBusiness } from '../hub-setup/meta-handle.js';
import { startMemberTask } from '../tasks/member-task.js';
import { redrawMemberList } from '../members/list-redraw.js';
import { waitForMetaWrite } from '../../queue/meta-pace.js';
import { queueTaskAnnouncement, queueTaskRender } from '../notifications/send.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobPayload } from '../../queue/registry.js';
import { delayIfRateLimited, rethrowIfRetryable } from '../../queue/meta-failure.js';

/**
 * Changes one member's role in Meta (a person's, or what a pending invitation will grant). Setting the same
 * role twice is harmless, so a retry after a lost answer is safe.
 */
export async function changeRole(ctx: AppContext, { taskId }: JobPayload<'members', 'changeRole'>, control: JobControl): Promise<void> {
  const started = await startMemberTask(ctx, taskId, roleChangeInputSchema);
  if (!started) return;
  const { task, input, hub, log, metaId } = started;
  const member = metaId === undefined ? undefined : { metaId };
  let finished = false;
  try {
    if (!member) throw new MetaPermanentError({ message: 'member gone', code: 0, userMessage: 'That member is no longer known to Hubkeeper; nothing was changed.' });
    const business = hubBusiness(ctx, hub);
    await waitForMetaWrite(ctx, hub.businessId);
    let kept: string | undefined;
    if (input.memberKind === 'invitation') await business.changeInvitationRole(member.metaId, input.to);
    else {
      await business.changeRole(member.metaId, input.to);
      // Meta answers success even when it keeps another role (e.g. one a work account can't have): read it back.
      const access = await business.readAccess(member.metaId);
      if (access.role && access.role !== input.to) kept = access.role;
    }
    finished = await completeRoleChange(ctx.db, task, input, ctx.clock(), kept);
    ctx.metrics.taskOutcomes.inc({ kind: 'change_role', status: 'completed' });
    log.info('role changed', { from: input.from, to: input.to });
  } catch (error) {
    await delayIfRateLimited(control, error, log, 'role change');
    rethrowIfRetryable(control, error, log, 'role change');
    if (error instanceof MetaTokenInvalidError) await markTokenInvalid(ctx.db, hub.id, ctx.clock());
    const words = describeRoleChangeFailure(error, hub);
    finished = await failRoleChange(ctx.db, task, input, words, ctx.clock());
    ctx.metrics.taskOutcomes.inc({ kind: 'change_role', status: 'failed' });
    log.warn('role change failed', { error: words });
    await afterFinish(ctx, taskId, input, task.requestedBy, finished);
    throw new UnrecoverableError(words);
  }
  await afterFinish(ctx, taskId, input, task.requestedBy, finished);
}

async function afterFinish(ctx: AppContext, taskId: string, input: RoleChangeInput, requestedBy: string, finished: boolean) {
  await queueTaskRender(ctx, taskId);
  if (!finished) return;
  await queueTaskAnnouncement(ctx, taskId);
  await redrawMemberList(ctx, input.listUrl, decodePosition(input.listPosition), requestedBy).catch(() => {});
}

/** Plain words for a role change Meta would not make (3914: the last admin). */
export function describeRoleChangeFailure(error: unknown, hub: Pick<Hub, 'label' | 'appSecretSealed'>): string {
  if (isAppSecretProofRefusal(error)) return credentialProblem(error, hub)!;
  if (error instanceof MetaTokenInvalidError) {
    return `Meta no longer accepts the access token of ${hub.label}. An admin can reconnect it with \`/hub connect\`; then try again.`;
  }
  if (error instanceof MetaError) return error.userMessage;
  return `Hubkeeper could not reach Meta after several tries (${error instanceof Error ? error.message : String(error)}). Nothing was changed; try again later.`;
}

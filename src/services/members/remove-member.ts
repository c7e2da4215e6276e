import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import { members } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { decodePosition } from '../../domain/member-list.js';
import { MetaError, MetaTokenInvalidError, isAppSecretProofRefusal } from '../../meta/index.js';
import { getHub, markTokenInvalid, type Hub } from '../hub-setup/hubs.js';
import { completeRemoval, failRemoval, removalInputSchema, type RemovalInput } from './removal.js';
import { closeSettledReport } from '../reports/reports.js';
import { credentialProblem, hubBusiness } from '../hub-setup/meta-handle.js';
import { startTask } from '../tasks/tasks.js';
import { redrawMemberList } from './list-redraw.js';
import { waitForMetaWrite } from '../../queue/meta-pace.js';
import { queueTaskAnnouncement, queueTaskRender } from '../notifications/send.js';
import { afterReportChange } from '../reports/after-change.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobPayload } from '../../queue/registry.js';
import { delayIfRateLimited, rethrowIfRetryable } from '../../queue/meta-failure.js';

/**
 * Removes one member from Meta: DELETE on the business user, or cancels the pending invitation. Safe to run
 * again: a person Meta no longer knows (e.g. our first attempt landed but its answer was lost) is a success.
 */
export async function removeMember(ctx: AppContext, { taskId }: JobPayload<'members', 'removeMember'>, control: JobControl): Promise<void> {
  const task = await startTask(ctx, taskId);
  if (!task) return; // already finished
  const input = removalInputSchema.parse(task.input);
  const hub = await getHub(ctx.db, task.hubId);
  if (!hub) throw new UnrecoverableError(`hub ${task.hubId} is gone`);
  // A report's removals show on the report's cards, not as a message each.
  if (!input.report) await queueTaskRender(ctx, taskId);
  const log = ctx.logger.child({ taskId, hubId: hub.id });

  const [member] = await ctx.db.select({ metaId: members.metaId }).from(members).where(eq(members.id, input.memberId));
  if (!member) {
    const finished = await failRemoval(ctx.db, task, input, 'That member is no longer known to Hubkeeper; nothing was removed.', ctx.clock());
    return afterFinish(ctx, taskId, input, task.requestedBy, finished);
  }
  let finished = false;
  try {
    const business = hubBusiness(ctx, hub);
    await waitForMetaWrite(ctx, hub.businessId);
    // Paced above to the configured limit: the usage headers' slowdown would only slow it twice.
    const { alreadyGone } = input.memberKind === 'invitation'
      ? await business.cancelInvitation(member.metaId, { spaced: false })
      : await business.removeBusinessUser(member.metaId, { spaced: false });
    finished = await completeRemoval(ctx.db, task, input, alreadyGone, ctx.clock());
    ctx.metrics.taskOutcomes.inc({ kind: 'remove_member', status: 'completed' });
    log.info('member removed', { alreadyGone });
  } catch (error) {
    await delayIfRateLimited(control, error, log, 'removal');
    rethrowIfRetryable(control, error, log, 'removal');
    if (error instanceof MetaTokenInvalidError) await markTokenInvalid(ctx.db, hub.id, ctx.clock());
    const words = describeRemovalFailure(error, hub);
    finished = await failRemoval(ctx.db, task, input, words, ctx.clock());
    ctx.metrics.taskOutcomes.inc({ kind: 'remove_member', status: 'failed' });
    log.warn('removal failed', { error: words });
    await afterFinish(ctx, taskId, input, task.requestedBy, finished);
    throw new UnrecoverableError(words);
  }
  await afterFinish(ctx, taskId, input, task.requestedBy, finished);
}

async function afterFinish(ctx: AppContext, taskId: string, input: RemovalInput, requestedBy: string, finished: boolean) {
  if (input.report) {
    await closeSettledReport(ctx.db, input.report.reportId, ctx.clock());
    return afterReportChange(ctx, input.report.reportId);
  }
  await queueTaskRender(ctx, taskId);
  if (!finished) return;
  await queueTaskAnnouncement(ctx, taskId);
  await redrawMemberList(ctx, input.listUrl, decodePosition(input.listPosition), requestedBy).catch(() => {});
}

/** Plain words for a removal Meta would not make. */
export function describeRemovalFailure(error: unknown, hub: Pick<Hub, 'label' | 'appSecretSealed'>): string {
  if (isAppSecretProofRefusal(error)) return credentialProblem(error, hub)!;
  if (error instanceof MetaTokenInvalidError) {
    return `Meta no longer accepts the access token of ${hub.label}. An admin can reconnect it with \`/hub connect\`; then try the removal again.`;
  }
  if (error instanceof MetaError) return error.userMessage;
  return `Hubkeeper could not reach Meta after several tries (${error instanceof Error ? error.message : String(error)}). Nothing was removed; try again later.`;
}

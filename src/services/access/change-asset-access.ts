import { UnrecoverableError } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import { memberAssets, members, tasks } from '../../../db/schema.js';
import type { Database } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { assetNoun } from '../../domain/asset-access.js';
import { decodePosition } from '../../domain/member-list.js';
import { AssetGroupRefusal, MetaError, MetaPermanentError, MetaTokenInvalidError, PageNotManagedError, isAppSecretProofRefusal, type MetaBusinessClient } from '../../meta/index.js';
import { delayIfRateLimited, rethrowIfRetryable } from '../../queue/meta-failure.js';
import { waitForMetaWrite } from '../../queue/meta-pace.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobPayload } from '../../queue/registry.js';
import { recordAudit } from '../audit/record.js';
import { markTokenInvalid, type Hub } from '../hub-setup/hubs.js';
import { credentialProblem, hubBusiness } from '../hub-setup/meta-handle.js';
import { redrawMemberList } from '../members/list-redraw.js';
import { queueTaskAnnouncement, queueTaskRender } from '../notifications/send.js';
import { failMemberTask, startMemberTask } from '../tasks/member-task.js';
import type { Task } from '../tasks/types.js';
import { assetAccessInputSchema, auditDetail, type AssetAccessInput } from './asset-access.js';

/**
 * Carries one asset-access change to Meta and records what Meta did. Every op is safe to run again: a grant
 * sets the same tasks, and a revoke or removal that finds the access already gone counts as done.
 */
export async function changeAssetAccess(ctx: AppContext, { taskId }: JobPayload<'members', 'changeAssetAccess'>, control: JobControl): Promise<void> {
  const started = await startMemberTask(ctx, taskId, assetAccessInputSchema);
  if (!started) return;
  const { task, input, hub, log, metaId } = started;
  let finished = false;
  try {
    // Final, like a refusal from Meta: the task fails once, audited, instead of being retried.
    if (metaId === undefined) throw new MetaPermanentError({ message: 'member gone', code: 0, userMessage: 'That member is no longer known to Hubkeeper; nothing was changed.' });
    const business = hubBusiness(ctx, hub);
    await waitForMetaWrite(ctx, hub.businessId);
    const { alreadyGone } = await apply(business, input, metaId);
    finished = await completeAssetChange(ctx.db, task, input, alreadyGone, ctx.clock());
    ctx.metrics.taskOutcomes.inc({ kind: 'asset_access', status: 'completed' });
    log.info('asset access changed', { op: input.op, alreadyGone });
  } catch (error) {
    await delayIfRateLimited(control, error, log, 'asset access change');
    rethrowIfRetryable(control, error, log, 'asset access change');
    if (error instanceof MetaTokenInvalidError) await markTokenInvalid(ctx.db, hub.id, ctx.clock());
    const words = metaId !== undefined ? describeAssetFailure(error, hub, input) : 'That member is no longer known to Hubkeeper; nothing was changed.';
    finished = await failAssetChange(ctx.db, task, input, words, ctx.clock());
    ctx.metrics.taskOutcomes.inc({ kind: 'asset_access', status: 'failed' });
    log.warn('asset access change failed', { error: words });
    await afterFinish(ctx, taskId, input, task.requestedBy, finished);
    throw new UnrecoverableError(words);
  }
  await afterFinish(ctx, taskId, input, task.requestedBy, finished);
}

async function apply(business: MetaBusinessClient, input: AssetAccessInput, metaId: string): Promise<{ alreadyGone: boolean }> {
  const asset = input.asset ? { kind: input.asset.kind, metaId: input.asset.metaId } : undefined;
  switch (input.op) {
    case 'grant':
      await business.grantAssetAccess(asset!, metaId, input.tasks ?? []);
      return { alreadyGone: false };
    case 'revoke':
      return business.revokeAssetAccess(asset!, metaId);
    case 'partner_revoke':
      return business.removePartner(metaId, asset!);
    case 'partner_remove':
      return business.removePartner(metaId);
  }
}

async function afterFinish(ctx: AppContext, taskId: string, input: AssetAccessInput, requestedBy: string, finished: boolean) {
  await queueTaskRender(ctx, taskId);
  if (!finished) return;
  await queueTaskAnnouncement(ctx, taskId);
  await redrawMemberList(ctx, input.listUrl, decodePosition(input.listPosition), requestedBy).catch(() => {});
}

/** Meta made the change: the task completes, and what the member holds in Hubkeeper follows at once. */
async function completeAssetChange(db: Database, task: Task, input: AssetAccessInput, alreadyGone: boolean, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(tasks)
      .set({ status: 'completed', finishedAt: at, error: null, summary: { outcome: alreadyGone ? 'already_gone' : 'done' } })
      .where(and(eq(tasks.id, task.id), eq(tasks.status, 'running')))
      .returning({ id: tasks.id });
    if (!done) return false;
    const assetId = input.asset?.id;
    if (input.op === 'grant' && assetId) {
      await tx
        .insert(memberAssets)
        .values({ hubId: task.hubId, memberId: input.memberId, assetId, tasks: input.tasks ?? [] })
        .onConflictDoUpdate({ target: [memberAssets.memberId, memberAssets.assetId], set: { tasks: input.tasks ?? [] } });
    } else if (assetId) {
      await tx.delete(memberAssets).where(and(eq(memberAssets.memberId, input.memberId), eq(memberAssets.assetId, assetId)));
    } else {
      // The partner no longer has access to anything of the business: gone, until a check finds it again.
      await tx.delete(memberAssets).where(eq(memberAssets.memberId, input.memberId));
      await tx.update(members).set({ goneAt: at }).where(eq(members.id, input.memberId));
    }
    await tx.update(members).set({ revision: sql`${members.revision} + 1` }).where(eq(members.id, input.memberId));
    await recordAudit(tx, {
      actor: task.requestedBy, action: 'member.asset_access_changed', hubId: task.hubId, memberId: input.memberId, taskId: task.id,
      reason: input.reason, outcome: alreadyGone ? 'already_gone' : 'completed', detail: auditDetail(input),
    });
    return true;
  });
}

/** Meta refused or kept failing: the task fails in plain words; Hubkeeper's record of the access is unchanged. */
function failAssetChange(db: Database, task: Task, input: AssetAccessInput, words: string, at: Date): Promise<boolean> {
  return failMemberTask(db, task, words, at, { action: 'member.asset_access_failed', memberId: input.memberId, detail: auditDetail(input) });
}

/** Plain words for a change Meta would not make, saying what to do instead. */
export function describeAssetFailure(error: unknown, hub: Pick<Hub, 'label' | 'appSecretSealed'>, input: AssetAccessInput): string {
  if (isAppSecretProofRefusal(error)) return credentialProblem(error, hub)!;
  if (error instanceof MetaTokenInvalidError) {
    return `Meta no longer accepts the access token of ${hub.label}. An admin can reconnect it with \`/hub connect\`; then try again.`;
  }
  const asset = input.asset ? `${input.asset.name ?? input.asset.metaId}` : hub.label;
  if (error instanceof AssetGroupRefusal) {
    const groups = error.groups.map((group) => `“${group.name || group.id}”`).join(', ');
    const plural = error.groups.length === 1 ? 'group' : 'groups';
    return `Meta refused: ${input.name} has ${asset} through the business asset ${plural} ${groups}, and Meta only changes access that comes from a group in the group itself. Remove ${input.name} from ${groups} in Meta Business Suite (Business settings → Business asset groups), then try again.`;
  }
  if (error instanceof PageNotManagedError) {
    return `${error.userMessage} Assign Hubkeeper's system user to the ${input.asset ? assetNoun(input.asset.kind) : 'Page'} ${asset} in Business settings, or make the change there.`;
  }
  if (error instanceof MetaError) return error.userMessage;
  return `Hubkeeper could not reach Meta after several tries (${error instanceof Error ? error.message : String(error)}). Nothing was changed; try again later.`;
}

import { UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import { hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { MetaError, MetaRateLimitError, MetaTokenInvalidError, MetaTransientError } from '../../meta/index.js';
import { getHub, markTokenInvalid, type Hub } from '../hub-setup/hubs.js';
import { credentialProblem, hubBusiness } from '../hub-setup/meta-handle.js';
import { learnTokenUser } from '../hub-setup/token-user.js';
import { mergeSnapshot } from './snapshot.js';
import { dropRuns, openStage } from './staging.js';
import { matchHubMembers } from './matching.js';
import { buildHubReport } from '../reports/build.js';
import { lockHubReports } from '../reports/reports.js';
import { loginForMatching, notOnWorkAccount } from '../access/login-method.js';
import { refreshWorkspaceAccountsIfStale } from './workspace-accounts.js';
import { completeTask, failTask, lockRunningTask, saveProgress, startTask } from '../tasks/tasks.js';
import { recordAudit } from '../audit/record.js';
import { matchingSummary, type SyncSummary } from '../../domain/sync-summary.js';
import type { TaskProgress } from '../../../db/schema.js';
import type { MetaSnapshot, SnapshotProgress } from '../../meta/types.js';
import { queueTaskAnnouncement, queueTaskRender } from '../notifications/send.js';
import { afterReportChange } from '../reports/after-change.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobPayload } from '../../queue/registry.js';
import { rethrowIfRetryable } from '../../queue/meta-failure.js';

const PROGRESS_EVERY_MS = 1_000;

/**
 * Imports one hub from Meta, staging each page as it arrives, and merges it in one short transaction at the
 * end; safe to run again from the start.
 */
export async function checkForUpdates(ctx: AppContext, { taskId }: JobPayload<'sync', 'checkForUpdates'>, control: JobControl): Promise<void> {
  const task = await startTask(ctx, taskId);
  if (!task) return; // already finished: a redelivered or duplicate job
  const hub = await getHub(ctx.db, task.hubId);
  if (!hub) throw new UnrecoverableError(`hub ${task.hubId} is gone`);
  const log = ctx.logger.child({ taskId, hubId: hub.id });
  const progress: TaskProgress = { phase: 'fetching', counts: {} };
  await saveProgress(ctx.db, taskId, progress);
  await queueTaskRender(ctx, taskId);

  const started = Date.now();
  let lastFlush = 0;
  try {
    const business = hubBusiness(ctx, hub);
    const stage = await openStage(ctx.db, { hubId: hub.id, taskId, businessId: hub.businessId });
    const learned = learnTokenUser(ctx, hub, business); // alongside, and only while unknown
    const snapshot = await business.fetchSnapshot({
      onChunk: (chunk) => stage.add(chunk),
      onProgress: ({ edge, fetched, total }: SnapshotProgress) => {
        progress.counts[edge] = { fetched, ...(total !== undefined ? { total } : {}) };
        if (Date.now() - lastFlush < PROGRESS_EVERY_MS) return;
        lastFlush = Date.now();
        void saveProgress(ctx.db, taskId, progress)
          .then(() => queueTaskRender(ctx, taskId))
          .catch((error) => log.warn('progress update failed', { error }));
      },
    });
    const staged = await stage.flush();
    await learned;
    await refreshWorkspaceAccountsIfStale(ctx);
    const finishedAt = ctx.clock();
    let report: Awaited<ReturnType<typeof buildHubReport>> | undefined;
    const written = await ctx.db.transaction(async (tx) => {
      if (!(await lockRunningTask(tx, taskId))) return false;
      await lockHubReports(tx, hub.id); // before any member row: report decisions and removal outcomes take it first too
      const result = await mergeSnapshot(tx, hub.id, stage.runId, finishedAt, staged);
      // The method in force now: someone may have switched it while Meta was being read.
      const login = await loginForMatching(tx, hub.id);
      const matching = await matchHubMembers(tx, { id: hub.id, loginMethod: login.loginMethod }, finishedAt, taskId);
      report = await buildHubReport(tx, hub, finishedAt, taskId);
      const summary: SyncSummary = {
        ...result,
        ...matchingSummary(matching),
        durationMs: Date.now() - started,
        requests: snapshot.requestCount,
        warnings: summarizeWarnings(snapshot.warnings),
        ...(report.reportId ? { report: { pending: report.pending, added: report.added, closed: report.closed, held: report.held } } : {}),
        ...(login.loginSwitch ? { loginSwitch: login.loginSwitch } : {}),
        ...(await notOnWorkAccount(tx, hub.id, login.loginMethod)),
      };
      await completeTask(tx, taskId, summary, finishedAt);
      await tx.update(hubs).set({ lastSyncedAt: finishedAt, lastSyncTaskId: taskId, status: 'active' }).where(eq(hubs.id, hub.id));
      await recordAudit(tx, {
        actor: 'system',
        action: 'hub.synced',
        hubId: hub.id,
        taskId,
        outcome: 'completed',
        detail: { members: staged.members, assets: staged.assets, new: summary.newMemberCount, gone: summary.goneMemberCount },
      });
      return true;
    });
    if (!written) {
      await dropRuns(ctx.db, taskId);
      return void log.warn('another worker finished this check first; nothing written');
    }
    log.info('check for updates completed', { members: staged.members, ms: Date.now() - started });
    ctx.metrics.taskOutcomes.inc({ kind: 'sync', status: 'completed' });
    await queueTaskRender(ctx, taskId);
    await queueTaskAnnouncement(ctx, taskId);
    if (report?.changed) await afterReportChange(ctx, report.reportId);
    await dropRuns(ctx.db, taskId); // finished: no run of this task will be merged
  } catch (error) {
    if (error instanceof MetaRateLimitError && error.resumeAt && control.canDelay) {
      progress.waitingUntil = new Date(error.resumeAt).toISOString();
      await saveProgress(ctx.db, taskId, progress);
      await queueTaskRender(ctx, taskId);
      log.warn('Meta rate limit: check rescheduled', { resumeAt: progress.waitingUntil });
      await control.delayUntil(error.resumeAt);
    }
    rethrowIfRetryable(control, error, log, 'check for updates');
    if (error instanceof MetaTokenInvalidError) await markTokenInvalid(ctx.db, hub.id, ctx.clock());
    const words = describeSyncFailure(error, hub);
    await failTask(ctx, taskId, words);
    await dropRuns(ctx.db, taskId);
    await recordAudit(ctx.db, { actor: 'system', action: 'hub.sync_failed', hubId: hub.id, taskId, outcome: 'failed', reason: words });
    ctx.metrics.taskOutcomes.inc({ kind: 'sync', status: 'failed' });
    log.warn('check for updates failed', { error: words });
    await queueTaskRender(ctx, taskId);
    await queueTaskAnnouncement(ctx, taskId);
    throw new UnrecoverableError(words);
  }
}

/** Plain words for a failed check, saying what to do next. */
export function describeSyncFailure(error: unknown, hub: Pick<Hub, 'label' | 'dailySyncAt' | 'dailySyncTz' | 'appSecretSealed'>): string {
  const credentials = credentialProblem(error, hub);
  if (credentials) return credentials;
  if (error instanceof MetaError && !(error instanceof MetaTransientError)) {
    return `Meta refused the request: ${error.userMessage}${error.fbtraceId ? ` (Meta trace id ${error.fbtraceId})` : ''}`;
  }
  return `Hubkeeper could not reach Meta after several tries (${error instanceof Error ? error.message : String(error)}). The next daily check runs at ${hub.dailySyncAt} (${hub.dailySyncTz}); \`/hub sync\` tries again now.`;
}

function summarizeWarnings(warnings: MetaSnapshot['warnings']): string[] {
  const lines = warnings.slice(0, 5).map((warning) => `${warning.edge}${warning.metaId ? ` (${warning.metaId})` : ''}: ${warning.userMessage}`);
  if (warnings.length > 5) lines.push(`and ${warnings.length - 5} more`);
  return lines;
}

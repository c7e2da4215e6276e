import { eq } from 'drizzle-orm';
import { appFlags } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { isTokenError, slackErrorCode, tokenProblemText } from '../../domain/slack-errors.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'config' | 'logger' | 'metrics'>;

/** Kept in Postgres, so every process (and either queue backend) sees the same answer. */
const FLAG = 'slack_token_error';

/**
 * Slack refused the bot token itself (revoked, deactivated, missing scope): every message would fail the same
 * way, so the notify queue stops instead of retrying each one, and the problem is reported once (an error log
 * line, /healthz, a metric). Jobs wait, paused, until recoverSlackToken finds the token working again.
 * Returns whether the error was one of these.
 */
export async function noteTokenError(deps: Deps, error: unknown): Promise<boolean> {
  const code = slackErrorCode(error);
  if (!isTokenError(code)) return false;
  const first = await deps.db.insert(appFlags).values({ key: FLAG, value: code }).onConflictDoNothing().returning({ key: appFlags.key });
  await deps.queues.get('notify').pause();
  if (first.length) {
    deps.logger.error(tokenProblemText(code), { slackError: code, stopped: 'notify queue' });
    deps.metrics.slackTokenErrors.inc({ error: code });
  }
  return true;
}

/** The token problem being reported, if any (for /healthz). */
export async function slackTokenProblem(deps: Pick<AppContext, 'db'>): Promise<string | undefined> {
  const [row] = await deps.db.select({ value: appFlags.value }).from(appFlags).where(eq(appFlags.key, FLAG));
  return row?.value;
}

/** At start (a new token, or the old one reinstated): if the token works again, the notify queue resumes. */
export async function recoverSlackToken(deps: Deps & Pick<AppContext, 'slack'>): Promise<boolean> {
  const problem = await slackTokenProblem(deps).catch(() => undefined);
  if (!problem) return false;
  const works = await deps.slack.auth.test().then(() => true, () => false);
  if (!works) return false;
  await deps.db.delete(appFlags).where(eq(appFlags.key, FLAG));
  await deps.queues.get('notify').resume();
  deps.logger.info('the Slack token works again: notifications resume', { was: problem });
  return true;
}

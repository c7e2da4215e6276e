import type { AppContext } from '../../context.js';
import { isTokenError, slackErrorCode, tokenProblemText } from '../../domain/slack-errors.js';

type Deps = Pick<AppContext, 'redis' | 'queues' | 'config' | 'logger' | 'metrics'>;

const key = (deps: Pick<AppContext, 'config'>) => `${deps.config.QUEUE_PREFIX}:slack-token-error`;

/**
 * Slack refused the bot token itself (revoked, deactivated, missing scope): every message would fail the same
 * way, so the notify queue stops instead of retrying each one, and the problem is reported once (an error log
 * line, /healthz, a metric). Jobs wait, paused, until recoverSlackToken finds the token working again.
 * Returns whether the error was one of these.
 */
export async function noteTokenError(deps: Deps, error: unknown): Promise<boolean> {
  const code = slackErrorCode(error);
  if (!isTokenError(code)) return false;
  const first = await deps.redis.set(key(deps), code, 'NX');
  await deps.queues.get('notify').pause();
  if (first === 'OK') {
    deps.logger.error(tokenProblemText(code), { slackError: code, stopped: 'notify queue' });
    deps.metrics.slackTokenErrors.inc({ error: code });
  }
  return true;
}

/** The token problem being reported, if any (for /healthz). */
export async function slackTokenProblem(deps: Pick<AppContext, 'redis' | 'config'>): Promise<string | undefined> {
  return (await deps.redis.get(key(deps))) ?? undefined;
}

/** At start (a new token, or the old one reinstated): if the token works again, the notify queue resumes. */
export async function recoverSlackToken(deps: Deps & Pick<AppContext, 'slack'>): Promise<boolean> {
  const problem = await slackTokenProblem(deps).catch(() => undefined);
  if (!problem) return false;
  const works = await deps.slack.auth.test().then(() => true, () => false);
  if (!works) return false;
  await deps.redis.del(key(deps));
  await deps.queues.get('notify').resume();
  deps.logger.info('the Slack token works again: notifications resume', { was: problem });
  return true;
}

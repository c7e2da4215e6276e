import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { tokenProblemText } from '../../domain/slack-errors.js';
import { slackTokenProblem } from './slack-token.js';

export type Health = { ok: boolean; checks: Record<'postgres' | 'redis', 'ok' | string> & { slack?: string } };

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

/** Whether Postgres and Redis answer, each within a second. */
export async function checkBackends(ctx: Pick<AppContext, 'db' | 'redis'>): Promise<Health> {
  const [postgres, redis] = await Promise.all([
    withTimeout(ctx.db.execute(sql`select 1`), 1000).then(() => 'ok', (error: Error) => error.message),
    withTimeout(ctx.redis.ping(), 1000).then(() => 'ok', (error: Error) => error.message),
  ]);
  return { ok: postgres === 'ok' && redis === 'ok', checks: { postgres, redis } };
}

/** /healthz: the backends, and whether Slack still takes the bot token (a refused token is reported here). */
export async function checkHealth(ctx: Pick<AppContext, 'db' | 'redis' | 'config'>): Promise<Health> {
  const [backends, token] = await Promise.all([
    checkBackends(ctx),
    withTimeout(slackTokenProblem(ctx), 1000).catch(() => undefined),
  ]);
  if (!token) return backends;
  return { ok: false, checks: { ...backends.checks, slack: tokenProblemText(token) } };
}

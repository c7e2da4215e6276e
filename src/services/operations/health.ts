import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { tokenProblemText } from '../../domain/slack-errors.js';
import { slackTokenProblem } from './slack-token.js';

/** `checks` names Postgres, and Redis when the queues run there (else Postgres answers for them too), and Slack when it refuses the token. */
export type Health = { ok: boolean; checks: Record<string, 'ok' | string> };

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

/** Whether Postgres and the queue store answer, each within a second. */
export async function checkBackends(ctx: Pick<AppContext, 'db' | 'queues'>): Promise<Health> {
  const [postgres, queue] = await Promise.all([
    withTimeout(ctx.db.execute(sql`select 1`), 1000).then(() => 'ok', (error: Error) => error.message),
    withTimeout(ctx.queues.ping(), 1000).then(() => 'ok', (error: Error) => error.message),
  ]);
  const checks: Health['checks'] = { postgres };
  // The first failure of a store is what its check says.
  checks[ctx.queues.backend] = checks[ctx.queues.backend] && checks[ctx.queues.backend] !== 'ok' ? checks[ctx.queues.backend]! : queue;
  return { ok: Object.values(checks).every((check) => check === 'ok'), checks };
}

/** /healthz: the backends, and whether Slack still takes the bot token (a refused token is reported here). */
export async function checkHealth(ctx: Pick<AppContext, 'db' | 'queues' | 'config'>): Promise<Health> {
  const [backends, token] = await Promise.all([
    checkBackends(ctx),
    withTimeout(slackTokenProblem(ctx), 1000).catch(() => undefined),
  ]);
  if (!token) return backends;
  return { ok: false, checks: { ...backends.checks, slack: tokenProblemText(token) } };
}

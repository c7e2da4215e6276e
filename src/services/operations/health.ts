import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';

export type Health = { ok: boolean; checks: Record<'postgres' | 'redis', 'ok' | string> };

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

/** Whether Postgres and Redis answer, each within a second. */
export async function checkHealth(ctx: Pick<AppContext, 'db' | 'redis'>): Promise<Health> {
  const [postgres, redis] = await Promise.all([
    withTimeout(ctx.db.execute(sql`select 1`), 1000).then(() => 'ok', (error: Error) => error.message),
    withTimeout(ctx.redis.ping(), 1000).then(() => 'ok', (error: Error) => error.message),
  ]);
  return { ok: postgres === 'ok' && redis === 'ok', checks: { postgres, redis } };
}

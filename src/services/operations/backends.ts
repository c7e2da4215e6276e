import type { AppContext } from '../../context.js';
import { checkBackends } from './health.js';
import { BackendUnavailableError } from '../../lib/errors.js';

// A healthy answer is trusted this long, so a busy minute of commands doesn't ping Postgres and the queues for each
// one; a failed check is never cached, so recovery is seen at the next command.
const HEALTHY_FOR_MS = 1_000;
const healthyUntil = new WeakMap<object, number>();

/**
 * Checks Postgres and the queue store before a command does anything, so a person is told at once (and truly) that
 * nothing was changed, instead of half a change or a timeout. Both reconnect by themselves when they return.
 */
export async function requireBackends(ctx: Pick<AppContext, 'db' | 'queues'>): Promise<void> {
  if (Date.now() < (healthyUntil.get(ctx.queues) ?? 0)) return;
  const health = await checkBackends(ctx);
  if (!health.ok) {
    healthyUntil.delete(ctx.queues);
    // When both are down, the database is the one to name: nothing works without it.
    const backend = health.checks.postgres !== 'ok' ? 'database' : 'queue';
    throw new BackendUnavailableError(`backends down: ${JSON.stringify(health.checks)}`, backend);
  }
  healthyUntil.set(ctx.queues, Date.now() + HEALTHY_FOR_MS);
}

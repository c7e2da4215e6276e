import type { AppContext } from '../context.js';
import { checkHealth } from '../http/health.js';
import { BackendUnavailableError } from '../services/errors.js';

/**
 * Checks Postgres and Redis before a command does anything, so a person is told at once (and truly) that
 * nothing was changed, instead of half a change or a timeout. Both reconnect by themselves when they return.
 */
export async function requireBackends(ctx: Pick<AppContext, 'db' | 'redis'>): Promise<void> {
  const health = await checkHealth(ctx);
  if (!health.ok) throw new BackendUnavailableError(`backends down: ${JSON.stringify(health.checks)}`);
}

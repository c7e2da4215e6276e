import postgres from 'postgres';
import type { AppContext } from '../../context.js';
import { homeViewersOf, loadHome, recordHomePublished } from './home-data.js';
import { hubOwnerIds } from '../hub-setup/hubs.js';
import type { JobPayload } from '../../queue/registry.js';
import { isUuid } from '../../lib/text.js';

/** The Postgres channel every audit event notifies (payload: the hub id, or '' for none). */
export const CHANGES_CHANNEL = 'hubkeeper_changes';

/** Draws one person's Home tab from the current data and publishes it. */
export async function publishHome(ctx: AppContext, userId: string): Promise<void> {
  const data = await loadHome(ctx, userId);
  await ctx.slack.views.publish({ user_id: userId, view: ctx.views.home(data) as never });
  await recordHomePublished(ctx.db, userId, data, ctx.clock());
}

/**
 * Something on Home tabs changed. Changes gather for a moment (debounce), then the Home tabs that show that
 * hub are republished once; a change while that runs queues exactly one more round.
 */
export async function queueHomeRefresh(ctx: Pick<AppContext, 'queues' | 'notifySettings'>, hubId: string | null): Promise<void> {
  await ctx.queues.enqueue('notify', 'refreshHomes', { hubId }, {
    deduplication: { id: `homes-${hubId ?? 'all'}`, keepLastIfActive: true },
    delay: ctx.notifySettings.homeDebounceMs,
    attempts: 3,
  });
}

export async function refreshHomes(ctx: AppContext, { hubId }: JobPayload<'notify', 'refreshHomes'>): Promise<void> {
  const openSince = new Date(ctx.clock().getTime() - ctx.notifySettings.homeOpenMs);
  const viewers = await homeViewersOf(ctx.db, hubId, openSince, hubId ? await hubOwnerIds(ctx.db, hubId) : []);
  for (const userId of viewers) {
    await ctx.queues.enqueue('notify', 'publishHome', { userId }, { deduplication: { id: `home-${userId}`, keepLastIfActive: true }, attempts: 3 });
  }
}

/**
 * Listens for audit events (every human or automated change writes one, and Postgres delivers the notice
 * only when that change commits) and queues the Home refresh of the hub it touched.
 */
export async function startHomeFeed(ctx: AppContext): Promise<{ close(): Promise<void> }> {
  const sql = postgres(ctx.config.DATABASE_URL, { max: 1, onnotice: () => {} });
  await sql.listen(CHANGES_CHANNEL, (payload) => {
    // Events without a hub (the directory's SCIM traffic) change nothing a Home tab shows.
    if (!isUuid(payload)) return;
    queueHomeRefresh(ctx, payload).catch((error: unknown) =>
      ctx.logger.warn('home refresh not queued', { error }),
    );
  });
  return { close: () => sql.end({ timeout: 5 }) };
}

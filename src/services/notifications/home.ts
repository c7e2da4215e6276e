import postgres from 'postgres';
import type { AppContext } from '../../context.js';
import { forgetHomeHash, homeViewersOf, loadHome, publishedHomeHash, recordHomePublished } from './home-data.js';
import { hubOwnerIds } from '../hub-setup/hubs.js';
import type { JobPayload } from '../../queue/registry.js';
import { isUuid } from '../../lib/text.js';
import { slackErrorCode } from '../../domain/slack-errors.js';


/** The Postgres channel every audit event notifies (payload: the hub id, or '' for none). */
export const CHANGES_CHANNEL = 'hubkeeper_changes';

/**
 * Draws one person's Home tab from the current data and publishes it with the hash of the Home we published
 * last, so Slack refuses it (`hash_conflict`) if another publish got there first: a stale Home never
 * overwrites a newer one. After a conflict the Home is drawn again from the data as it is now, on top of the
 * newer one; if our record of the hash itself was stale (Slack moved on), it is dropped.
 */
export async function publishHome(ctx: AppContext, userId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const hash = await publishedHomeHash(ctx.db, userId);
    const data = await loadHome(ctx, userId);
    try {
      const published = await ctx.slack.views.publish({ user_id: userId, view: ctx.views.home(data) as never, ...(hash ? { hash } : {}) });
      await recordHomePublished(ctx.db, userId, data, ctx.clock(), published.view?.hash ?? null);
      return;
    } catch (error) {
      if (slackErrorCode(error) !== 'hash_conflict' || attempt >= 2) throw error;
      ctx.logger.debug('Home changed since we read it: drawing it again', { userId });
      await forgetHomeHash(ctx.db, userId, hash);
    }
  }
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

import { and, eq, isNull } from 'drizzle-orm';
import { hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { MetaBusinessClient } from '../../meta/index.js';
import type { Hub } from './hubs.js';

/**
 * Asks Meta whom the hub's token speaks for (its system user) when that is not known yet, e.g. a hub connected
 * before Hubkeeper asked, or a connect whose `/me` went unanswered, and keeps it, so that Hubkeeper never takes
 * its own access away. Kept only while the token is the one asked with. Never throws: the check goes on without.
 */
export async function learnTokenUser(
  ctx: Pick<AppContext, 'db' | 'logger'>,
  hub: Pick<Hub, 'id' | 'tokenUserId' | 'accessTokenSealed'>,
  business: Pick<MetaBusinessClient, 'tokenUser'>,
): Promise<void> {
  if (hub.tokenUserId) return;
  try {
    const { id } = await business.tokenUser();
    await ctx.db.update(hubs).set({ tokenUserId: id })
      .where(and(eq(hubs.id, hub.id), isNull(hubs.tokenUserId), eq(hubs.accessTokenSealed, hub.accessTokenSealed)));
  } catch (error) {
    ctx.logger.warn('Meta did not say whom the token speaks for; asked again at the next check', { hubId: hub.id, error });
  }
}

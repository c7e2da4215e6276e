import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { publishHome } from '../../../services/notifications/home.js';
import { recordHomeOpened } from '../../../services/notifications/home-data.js';
import { trackAfterAck } from '../../in-flight.js';

/**
 * Someone opened Hubkeeper's Home tab: remember that they have it open (so changes republish it) and publish
 * it now. Bolt has already answered Slack, so this may take its time.
 */
export function appHomeOpened(ctx: AppContext) {
  return async ({ event }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>) => {
    if (event.tab !== 'home') return;
    await trackAfterAck(
      (async () => {
        await recordHomeOpened(ctx.db, event.user, ctx.clock());
        await publishHome(ctx, event.user);
      })().catch((error: unknown) => ctx.logger.warn('could not publish the Home tab', { user: event.user, error })),
    );
  };
}

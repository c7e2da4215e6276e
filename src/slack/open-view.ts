import type { AppContext } from '../context.js';
import { UserFacingError } from '../lib/errors.js';

/** Opens a modal; Slack allows 3 seconds from the click or command, so a slow moment asks for another try. */
export async function openView(ctx: Pick<AppContext, 'slackInteractive' | 'logger'>, triggerId: string, view: Record<string, unknown>, again: string): Promise<undefined> {
  try {
    await ctx.slackInteractive.views.open({ trigger_id: triggerId, view: view as never });
  } catch (error) {
    ctx.logger.warn('views.open failed', { error, callbackId: view.callback_id });
    throw new UserFacingError(`Slack did not let us open the form in time. Please ${again} again.`);
  }
  return undefined;
}

import type { AppContext } from '../../context.js';
import { slackErrorCode } from '../../domain/slack-errors.js';
import { pacedCall } from '../../queue/pacer.js';
import type { Message } from './views.js';

type Deps = Pick<AppContext, 'slackPaced' | 'queues' | 'metrics' | 'logger' | 'notifySettings'>;

/**
 * Draws a stored message in its target's turn: edits it in place when it was posted before, and posts it
 * (again, if Slack no longer has it) otherwise. The body is built inside the turn, so a message that waited
 * shows the newest state. Returns where Slack put a new post; undefined when it edited, or had nothing to draw.
 * With `record`, a new post's place is stored through it, and a post whose place could not be stored is taken
 * back: the retry posts again, and must not leave two.
 */
export async function drawInPlace(
  ctx: Deps, target: string, placed: { channel: string | null; ts: string | null }, body: () => Promise<Message | undefined>,
  record?: (posted: Placed) => Promise<unknown>,
): Promise<Placed | undefined> {
  if (placed.ts && placed.channel) {
    try {
      await pacedCall(ctx, target, async () => {
        const message = await body();
        return message && ctx.slackPaced.chat.update({ channel: placed.channel!, ts: placed.ts!, ...message } as never);
      });
      return undefined;
    } catch (error) {
      if (!['message_not_found', 'cant_update_message'].includes(slackErrorCode(error) ?? '')) throw error;
    }
  }
  const posted = await pacedCall(ctx, target, async () => {
    const message = await body();
    return message && ctx.slackPaced.chat.postMessage({ channel: target, ...message, unfurl_links: false, unfurl_media: false } as never);
  });
  if (!posted?.ts) return undefined;
  const place = { channel: posted.channel ?? target, ts: posted.ts };
  try {
    await record?.(place);
  } catch (error) {
    await takeBack(ctx, place);
    throw error;
  }
  return place;
}

type Placed = { channel: string; ts: string };

/** Deletes a message Hubkeeper posted but could not keep track of; a failure is logged, never thrown over the first. */
export async function takeBack(ctx: Pick<AppContext, 'slackPaced' | 'logger'>, message: Placed): Promise<void> {
  try {
    await ctx.slackPaced.chat.delete(message);
  } catch (error) {
    ctx.logger.warn('could not take back a message whose place was not stored', { channel: message.channel, error });
  }
}

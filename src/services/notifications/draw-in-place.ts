import type { AppContext } from '../../context.js';
import { slackErrorCode } from '../../domain/slack-errors.js';
import { pacedCall } from '../../queue/pacer.js';
import type { Message } from './views.js';

type Deps = Pick<AppContext, 'slackPaced' | 'queues' | 'metrics' | 'logger' | 'notifySettings'>;

/**
 * Draws a stored message in its target's turn: edits it in place when it was posted before, and posts it
 * (again, if Slack no longer has it) otherwise. The body is built inside the turn, so a message that waited
 * shows the newest state. Returns where Slack put a new post; undefined when it edited, or had nothing to draw.
 */
export async function drawInPlace(
  ctx: Deps, target: string, placed: { channel: string | null; ts: string | null }, body: () => Promise<Message | undefined>,
): Promise<{ channel: string; ts: string } | undefined> {
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
  return posted?.ts ? { channel: posted.channel ?? target, ts: posted.ts } : undefined;
}

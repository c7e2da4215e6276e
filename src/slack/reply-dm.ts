import type { AppContext } from '../context.js';
import { sendMessage } from '../services/notifications/send.js';
import { GENERIC_FAILURE, UserFacingError } from '../lib/errors.js';
import { trackAfterAck } from './in-flight.js';
import { unavailableReply } from './reply.js';
import type { Reply } from './reply.js';

/**
 * For clicks that come with no response URL (the Home tab): runs the work after the ack and answers the person
 * in their DM with Hubkeeper, through the notify queue like every other message.
 */
export function replyByDm(ctx: AppContext, userId: string, work: () => Promise<Reply | undefined>): Promise<void> {
  return trackAfterAck(
    (async () => {
      let reply: Reply | undefined;
      try {
        reply = await work();
      } catch (error) {
        reply = error instanceof UserFacingError ? { text: error.message } : unavailableReply(error);
        if (!reply) {
          ctx.logger.error('request failed', { error });
          reply = { text: GENERIC_FAILURE };
        }
      }
      if (reply) await sendMessage(ctx, userId, { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
    })().catch((error: unknown) => ctx.logger.warn('could not answer by DM', { userId, error })),
  );
}

import type { RespondFn } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { GENERIC_FAILURE, UserFacingError } from '../services/errors.js';
import { trackAfterAck } from './in-flight.js';

export type Reply = { text: string; blocks?: unknown[] };

/**
 * Runs the work behind an already-acked request and answers the person privately: with the result, with the
 * words of a UserFacingError, or with a short apology (the details go to the log, never to Slack).
 */
export function replyPrivately(
  ctx: Pick<AppContext, 'logger'>,
  respond: RespondFn,
  work: () => Promise<Reply | undefined>,
): Promise<void> {
  return trackAfterAck(answer(ctx, respond, work));
}

async function answer(ctx: Pick<AppContext, 'logger'>, respond: RespondFn, work: () => Promise<Reply | undefined>): Promise<void> {
  let reply: Reply | undefined;
  try {
    reply = await work();
  } catch (error) {
    if (error instanceof UserFacingError) reply = { text: error.message };
    else {
      ctx.logger.error('request failed', { error });
      reply = { text: GENERIC_FAILURE };
    }
  }
  if (!reply) return;
  await respond({ response_type: 'ephemeral', replace_original: false, ...reply } as Parameters<RespondFn>[0]).catch(
    (error: unknown) => ctx.logger.warn('could not answer through response_url', { error }),
  );
}

import type { RespondFn } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { GENERIC_FAILURE, isUnavailable, unavailableBackend, unavailableText, UserFacingError } from '../lib/errors.js';
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
  options: ReplyOptions = {},
): Promise<void> {
  return trackAfterAck(answer(ctx, respond, work, options));
}

/** `replaceOriginal`: a successful reply replaces the message clicked in (a list's next page); errors never do. */
export type ReplyOptions = { replaceOriginal?: boolean };

async function answer(ctx: Pick<AppContext, 'logger'>, respond: RespondFn, work: () => Promise<Reply | undefined>, options: ReplyOptions): Promise<void> {
  let reply: Reply | undefined;
  let replace = false;
  try {
    reply = await work();
    replace = Boolean(options.replaceOriginal && reply);
  } catch (error) {
    if (error instanceof UserFacingError) reply = { text: error.message };
    else if ((reply = unavailableReply(error))) ctx.logger.warn('request refused: a backend is down', { error });
    else {
      ctx.logger.error('request failed', { error });
      reply = { text: GENERIC_FAILURE };
    }
  }
  if (!reply) return;
  await respond({ response_type: 'ephemeral', replace_original: replace, ...reply } as Parameters<RespondFn>[0]).catch(
    (error: unknown) => ctx.logger.warn('could not answer through response_url', { error }),
  );
}

/** The answer when Postgres or Redis could not be reached, or undefined for any other error. */
export function unavailableReply(error: unknown): Reply | undefined {
  return isUnavailable(error) ? { text: unavailableText(unavailableBackend(error)) } : undefined;
}

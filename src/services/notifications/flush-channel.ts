import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import {
  closeDigest, digestContent, markRefused, markShown, openDigest, pendingFor, saveDigest, type Notification,
} from './outbox.js';
import { queueChannelFlush } from './send.js';
import { noteChannelRefusal, noteChannelWorks, sendToOwnersInstead } from './channel-health.js';
import { isChannelError, slackErrorCode } from '../../domain/slack-errors.js';
import { holdChannel, noteCall, reserveSlot, retryAfterOf, sleepUntil } from '../../queue/pacer.js';
import type { JobPayload } from '../../queue/registry.js';

const BATCH = 5_000;
/** How long before its turn a flush starts reading the outbox. */
const PREPARE_MS = 150;
const TURNS = 30;
/** A digest is never extended for longer than this, so a busy day does not become one endless message. */
const DIGEST_MAX_AGE_MS = 15 * 60_000;
/**
 * Slack will never accept these; retrying would only block the channel. Channel errors (archived, not in it,
 * restricted) also mark the hub's channel broken; token errors are not here: they stop the whole queue.
 */
const REFUSALS = new Set([
  'invalid_blocks', 'msg_too_long', 'no_text', 'invalid_arguments', 'user_not_found', 'cannot_dm_bot', 'user_disabled',
  'too_many_attachments', 'invalid_metadata_format',
]);

/** `after` runs once the turn's transaction committed (telling people, rerouting what was refused). */
type Turn = { kind: 'empty' } | { kind: 'sent'; after?: () => Promise<void> } | { kind: 'rate_limited'; retryAfter: number };
type Posted = { channel: string; ts: string };


/**
 * Posts what waits in one channel's outbox, one Slack call per turn of the channel's pace: a direct message
 * on its own, or every waiting result line at once — as a new message, or by editing the channel's open
 * digest. Results that finish together therefore show as one message that grows, not one message each.
 */
export async function flushChannel(ctx: AppContext, { channel }: JobPayload<'notify', 'flushChannel'>): Promise<void> {
  for (let turn = 0; turn < TURNS; turn++) {
    if ((await pendingFor(ctx.db, channel, 1)).length === 0) return;
    // Read the outbox just before the turn, so the call goes out on time and carries all that arrived.
    const slot = await reserveSlot(ctx, channel);
    await sleepUntil(slot - PREPARE_MS);
    const outcome = await ctx.db.transaction((tx) => flushTurn(ctx, tx, channel, slot));
    if (outcome.kind === 'empty') return;
    if (outcome.kind === 'sent') await outcome.after?.();
    if (outcome.kind === 'rate_limited') {
      ctx.logger.warn('Slack rate limit: holding the channel', { channel, retryAfter: outcome.retryAfter });
      await holdChannel(ctx, channel, Date.now() + outcome.retryAfter * 1000);
    }
  }
  await queueChannelFlush(ctx, channel); // a long outbox: hand over to a fresh job instead of holding a worker
}

async function flushTurn(ctx: AppContext, tx: DbOrTx, channel: string, slot: number): Promise<Turn> {
  // Two flushes of one channel (e.g. a retried job beside its follow-up) take turns, so order holds.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`notify-${channel}`}))`);
  const pending = await pendingFor(tx, channel, BATCH);
  if (pending.length === 0) return { kind: 'empty' };
  const now = ctx.clock();
  if (pending[0]!.kind === 'message') return sendAlone(ctx, tx, channel, pending[0]!, now, slot);
  const lines = takeLines(pending);
  const ids = lines.map((line) => line.id);
  const open = await openDigest(tx, channel, new Date(now.getTime() - ctx.notifySettings.digestWindowMs));
  const digest = open && now.getTime() - open.openedAt.getTime() < DIGEST_MAX_AGE_MS ? open : undefined;
  const message = ctx.views.digest(await digestContent(tx, channel, digest?.ts, ids));
  let posted: Posted | undefined;
  await sleepUntil(slot);
  const startedAt = Date.now();
  try {
    if (digest) {
      try {
        await ctx.slackPaced.chat.update({ channel: digest.slackChannel, ts: digest.ts, ...message } as never);
        posted = { channel: digest.slackChannel, ts: digest.ts };
        ctx.metrics.notifications.inc({ outcome: 'edited' });
      } catch (error) {
        if (!['message_not_found', 'cant_update_message', 'edit_window_closed'].includes(slackErrorCode(error) ?? '')) throw error;
        await closeDigest(tx, channel); // someone deleted it: start a new one below
        return flushTurn(ctx, tx, channel, slot);
      }
    } else {
      posted = await post(ctx, channel, message);
    }
  } catch (error) {
    return refuseOrThrow(ctx, tx, channel, ids, error, now);
  }
  await noteCall(ctx, channel, startedAt);
  await markShown(tx, ids, posted.ts, now);
  await saveDigest(tx, { channel, slackChannel: posted.channel, ts: posted.ts, openedAt: digest?.openedAt ?? now, lastAt: now });
  return { kind: 'sent', after: () => noteChannelWorks(ctx, channel) };
}

async function sendAlone(ctx: AppContext, tx: DbOrTx, channel: string, item: Notification, now: Date, slot: number): Promise<Turn> {
  try {
    await sleepUntil(slot);
    const startedAt = Date.now();
    const posted = await post(ctx, channel, item.body);
    await noteCall(ctx, channel, startedAt);
    await markShown(tx, [item.id], posted.ts, now);
    await closeDigest(tx, channel); // later results start a new message below this one
    return { kind: 'sent', after: () => noteChannelWorks(ctx, channel) };
  } catch (error) {
    return refuseOrThrow(ctx, tx, channel, [item.id], error, now);
  }
}

async function post(ctx: AppContext, channel: string, body: { text: string; blocks?: unknown[] }): Promise<Posted> {
  const result = await ctx.slackPaced.chat.postMessage({ channel, ...body, unfurl_links: false, unfurl_media: false } as never);
  ctx.metrics.notifications.inc({ outcome: 'posted' });
  return { channel: result.channel ?? channel, ts: result.ts! };
}

async function refuseOrThrow(ctx: AppContext, tx: DbOrTx, channel: string, ids: number[], error: unknown, now: Date): Promise<Turn> {
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) return { kind: 'rate_limited', retryAfter };
  const code = slackErrorCode(error);
  const channelBroken = isChannelError(code);
  if (!code || !(REFUSALS.has(code) || channelBroken)) throw error; // a blip (or a token error): the job decides
  ctx.metrics.notifications.inc({ outcome: 'refused' });
  ctx.logger.error('Slack refused a notification; it will not be retried', { channel, error: code, notifications: ids.length });
  await markRefused(tx, ids, code, now);
  if (!channelBroken) return { kind: 'sent' };
  // The hub's channel is broken: say so once, and send what it refused to the hub's owners instead.
  return { kind: 'sent', after: async () => sendToOwnersInstead(ctx, await noteChannelRefusal(ctx, channel, error), ids) };
}

function takeLines(pending: Notification[]): Notification[] {
  const end = pending.findIndex((item) => item.kind !== 'line');
  return end === -1 ? pending : pending.slice(0, end);
}

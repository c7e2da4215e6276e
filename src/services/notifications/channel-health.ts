import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { hubs, notifications } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { isChannelError, slackErrorCode } from '../../domain/slack-errors.js';
import { recordAudit } from '../audit/record.js';
import { hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import { addNotifications, type NewNotification } from './outbox.js';
import { queueChannelFlush, sendMessage } from './send.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'logger' | 'views' | 'config' | 'clock'>;

/** Where a hub's messages go now: its channel, or its owners' direct messages while the channel refuses posts. */
export async function hubAudience(deps: Pick<Deps, 'db'>, hub: Pick<Hub, 'id' | 'channelId' | 'channelBrokenAt'>): Promise<string[]> {
  return hub.channelBrokenAt ? (await hubOwnerIds(deps.db, hub.id)).sort() : [hub.channelId];
}

/** The hubs whose channel this is (usually one). */
export async function hubsInChannel(db: Deps['db'], channel: string): Promise<Hub[]> {
  return db.select().from(hubs).where(eq(hubs.channelId, channel));
}

/**
 * Slack refused a post to a channel because of the channel (archived, bot not in it, posting restricted).
 * Each hub using it is marked (compare-and-set, so this happens once however many posts fail), and its owners
 * and the admins get one direct message saying what broke and how to fix it. Returns the hubs of the channel,
 * so the caller can send what failed to their owners instead. Not a channel error: returns [] and does nothing.
 */
export async function noteChannelRefusal(deps: Deps, channel: string, error: unknown): Promise<Hub[]> {
  const code = slackErrorCode(error);
  if (!isChannelError(code)) return [];
  const now = deps.clock();
  const marked = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(hubs)
      .set({ channelBrokenAt: now, channelBrokenError: code })
      .where(and(eq(hubs.channelId, channel), isNull(hubs.channelBrokenAt)))
      .returning();
    for (const hub of rows) {
      await recordAudit(tx, { actor: 'slack', action: 'hub.channel_broken', hubId: hub.id, outcome: code, detail: { channel } });
    }
    return rows;
  });
  for (const hub of marked) {
    deps.logger.warn('a hub\'s channel refuses posts: owners and admins told', { hubId: hub.id, channel, error: code });
    const people = new Set([...(await hubOwnerIds(deps.db, hub.id)), ...deps.config.ADMIN_SLACK_USER_IDS]);
    for (const person of people) {
      await sendMessage(deps, person, deps.views.channelBroken(hub, code), { hubId: hub.id, event: 'hub.channel_broken' });
    }
  }
  return hubsInChannel(deps.db, channel);
}

/** A post to the channel worked: any hub marked as having a broken channel there is fine again. */
export async function noteChannelWorks(deps: Pick<Deps, 'db' | 'logger'>, channel: string): Promise<void> {
  if (!/^[CG]/.test(channel)) return; // direct messages are never a hub's channel
  const cleared = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(hubs)
      .set({ channelBrokenAt: null, channelBrokenError: null })
      .where(and(eq(hubs.channelId, channel), isNotNull(hubs.channelBrokenAt)))
      .returning({ id: hubs.id });
    for (const row of rows) await recordAudit(tx, { actor: 'slack', action: 'hub.channel_restored', hubId: row.id, detail: { channel } });
    return rows;
  });
  for (const row of cleared) deps.logger.info('a hub\'s channel accepts posts again', { hubId: row.id, channel });
}

/**
 * What a broken channel refused (by outbox id) goes to the owners of its hubs by direct message instead, so
 * results are never lost while the channel is being fixed.
 */
export async function sendToOwnersInstead(deps: Deps, hubsHere: Hub[], ids: number[]): Promise<void> {
  if (hubsHere.length === 0 || ids.length === 0) return;
  const rows = await deps.db.select().from(notifications).where(inArray(notifications.id, ids));
  const copies: NewNotification[] = [];
  const targets = new Set<string>();
  for (const hub of hubsHere) {
    const owners = await hubOwnerIds(deps.db, hub.id);
    for (const row of rows.filter((r) => r.hubId === hub.id)) {
      for (const owner of owners) {
        copies.push({ channel: owner, kind: row.kind, hubId: row.hubId, taskId: row.taskId, event: row.event, body: row.body });
        targets.add(owner);
      }
    }
  }
  await addNotifications(deps.db, copies);
  for (const target of targets) await queueChannelFlush(deps, target);
}

import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { channelDigests, hubs, notifications, tasks } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';

export type Notification = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
export type Digest = typeof channelDigests.$inferSelect;

/** Adds notifications to the outbox; a task's result goes to each channel once, however often this runs. */
export async function addNotifications(db: DbOrTx, rows: NewNotification[]): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows).onConflictDoNothing();
}

/** What waits for one channel, oldest first. */
export async function pendingFor(db: DbOrTx, channel: string, limit: number): Promise<Notification[]> {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.channel, channel), isNull(notifications.sentAt), isNull(notifications.error)))
    .orderBy(asc(notifications.id))
    .limit(limit);
}

/** The channel's digest, while it may still be extended. */
export async function openDigest(db: DbOrTx, channel: string, since: Date): Promise<Digest | undefined> {
  const [digest] = await db.select().from(channelDigests).where(and(eq(channelDigests.channel, channel), gt(channelDigests.lastAt, since)));
  return digest;
}

export async function saveDigest(db: DbOrTx, digest: Digest): Promise<void> {
  await db.insert(channelDigests).values(digest).onConflictDoUpdate({ target: channelDigests.channel, set: digest });
}

export async function closeDigest(db: DbOrTx, channel: string): Promise<void> {
  await db.delete(channelDigests).where(eq(channelDigests.channel, channel));
}

export async function markShown(db: DbOrTx, ids: number[], messageTs: string, at: Date): Promise<void> {
  if (ids.length) await db.update(notifications).set({ sentAt: at, messageTs }).where(inArray(notifications.id, ids));
}

export async function markRefused(db: DbOrTx, ids: number[], error: string, at: Date): Promise<void> {
  if (ids.length) await db.update(notifications).set({ sentAt: at, error }).where(inArray(notifications.id, ids));
}

export type DigestContent = {
  groups: Array<{ hubLabel: string | null; event: string | null; count: number }>;
  /** Failures first, then the newest. */
  sample: string[];
  total: number;
};

/** What a digest shows: the lines already in its message plus the new ones, counted by hub and event. */
export async function digestContent(db: DbOrTx, channel: string, messageTs: string | undefined, newIds: number[]): Promise<DigestContent> {
  const inDigest = or(
    newIds.length ? inArray(notifications.id, newIds) : sql`false`,
    messageTs ? and(eq(notifications.channel, channel), eq(notifications.messageTs, messageTs)) : sql`false`,
  );
  const [groups, sample] = await Promise.all([
    db
      .select({ hubLabel: hubs.label, event: notifications.event, count: sql<number>`count(*)::int` })
      .from(notifications)
      .leftJoin(hubs, eq(hubs.id, notifications.hubId))
      .where(inDigest)
      .groupBy(hubs.label, notifications.event)
      .orderBy(asc(hubs.label), asc(notifications.event)),
    db
      .select({ text: sql<string>`${notifications.body}->>'text'` })
      .from(notifications)
      .where(inDigest)
      .orderBy(desc(sql`${notifications.event} like '%.failed'`), desc(notifications.id))
      .limit(8),
  ]);
  return { groups, sample: sample.map((row) => row.text), total: groups.reduce((sum, group) => sum + group.count, 0) };
}

/** Channels with notifications that have waited longer than a flush should take (their job was lost). */
export async function stalledChannels(db: DbOrTx, olderThan: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ channel: notifications.channel })
    .from(notifications)
    .where(and(isNull(notifications.sentAt), isNull(notifications.error), lt(notifications.createdAt, olderThan)))
    .limit(500);
  return rows.map((row) => row.channel);
}

/** Tasks that finished a while ago (but within a day) and were never announced: their announce job was lost. */
export async function unannouncedTasks(db: DbOrTx, olderThan: Date): Promise<string[]> {
  const dayBefore = new Date(olderThan.getTime() - 24 * 3600_000);
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(inArray(tasks.status, ['completed', 'failed']), isNull(tasks.resultAnnouncedAt), lt(tasks.finishedAt, olderThan), gt(tasks.finishedAt, dayBefore)))
    .limit(500);
  return rows.map((row) => row.id);
}

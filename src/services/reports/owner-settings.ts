import { and, eq, inArray } from 'drizzle-orm';
import { hubOwners, ownerSettings, reportCards } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';

export type OwnerSettings = typeof ownerSettings.$inferSelect;

export async function getOwnerSettings(db: DbOrTx, slackUserId: string): Promise<OwnerSettings | undefined> {
  const [row] = await db.select().from(ownerSettings).where(eq(ownerSettings.slackUserId, slackUserId));
  return row;
}

/** Turns "also DM me deprovision reports" on or off for one person. */
export async function setDmReports(db: DbOrTx, slackUserId: string, on: boolean, at: Date): Promise<void> {
  await db
    .insert(ownerSettings)
    .values({ slackUserId, dmReports: on, updatedAt: at })
    .onConflictDoUpdate({ target: ownerSettings.slackUserId, set: { dmReports: on, updatedAt: at } });
}

/** Owners of the hub who asked for reports by DM. */
export async function dmOwnersOf(db: DbOrTx, hubId: string): Promise<string[]> {
  const rows = await db
    .select({ id: hubOwners.slackUserId })
    .from(hubOwners)
    .innerJoin(ownerSettings, eq(ownerSettings.slackUserId, hubOwners.slackUserId))
    .where(and(eq(hubOwners.hubId, hubId), eq(ownerSettings.dmReports, true)));
  return rows.map((row) => row.id);
}

/** Makes sure the report has a card row for each target (the hub's channel, owners' DMs); returns all its cards. */
export async function ensureCards(db: DbOrTx, reportId: string, targets: string[]) {
  if (targets.length) await db.insert(reportCards).values(targets.map((target) => ({ reportId, target }))).onConflictDoNothing();
  return db.select().from(reportCards).where(eq(reportCards.reportId, reportId));
}

export async function lastRemindedOf(db: DbOrTx, ownerIds: string[]): Promise<Map<string, Date | null>> {
  if (ownerIds.length === 0) return new Map();
  const rows = await db.select().from(ownerSettings).where(inArray(ownerSettings.slackUserId, ownerIds));
  return new Map(rows.map((row) => [row.slackUserId, row.lastRemindedAt]));
}

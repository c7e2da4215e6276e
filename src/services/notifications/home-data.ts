import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { homeViewers, hubs as hubTable, members, reportItems, tasks } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { emptyStateCounts, type MemberState } from '../../domain/sync-summary.js';
import { resolveActor } from '../hub-setup/actors.js';
import { listHubs, type Hub } from '../hub-setup/hubs.js';
import { claimOffers, type ClaimOffer } from '../hub-setup/claims.js';
import type { Task } from '../tasks/types.js';

const FAILED_SINCE_MS = 7 * 24 * 3600_000;

export type HubCard = {
  hub: Hub;
  /** People (business users and invitations) by state; service accounts are counted apart. */
  membersByState: Record<MemberState, number>;
  serviceAccounts: number;
  lastCheck?: Task;
  failedTasks: number;
  lastFailure?: Task;
  /** Deprovision report items of the hub waiting for an owner's decision. */
  pendingReportItems: number;
};

/** `claims`: hubs the viewer may ask to own, being matched to one of their Meta admins (or has asked to). */
export type HomeData =
  | { kind: 'stranger'; admins: string[]; claims: ClaimOffer[] }
  | { kind: 'keeper'; isAdmin: boolean; cards: HubCard[]; claims: ClaimOffer[] };

/** What one person's Home tab shows: the hubs they own (admins: every hub), or what Hubkeeper is. */
export async function loadHome(ctx: AppContext, userId: string): Promise<HomeData> {
  const actor = await resolveActor(ctx, userId);
  const all = await listHubs(ctx.db);
  const visible = actor.isAdmin ? all : all.filter((hub) => actor.ownedHubIds.has(hub.id));
  // Admins add owners themselves (`/hub owners`); everyone else may ask for the hubs whose Meta admin they are.
  const claims = actor.isAdmin ? [] : await claimOffers(ctx, userId, all, actor.ownedHubIds);
  if (!actor.isAdmin && visible.length === 0) return { kind: 'stranger', admins: ctx.config.ADMIN_SLACK_USER_IDS, claims };
  return { kind: 'keeper', isAdmin: actor.isAdmin, cards: await hubCards(ctx.db, visible, ctx.clock()), claims };
}

async function hubCards(db: DbOrTx, hubs: Hub[], now: Date): Promise<HubCard[]> {
  if (hubs.length === 0) return [];
  const ids = hubs.map((hub) => hub.id);
  const [states, lastChecks, failures, waiting] = await Promise.all([
    db
      .select({ hubId: members.hubId, kind: members.kind, state: members.state, n: sql<number>`count(*)::int` })
      .from(members)
      .where(and(inArray(members.hubId, ids), isNull(members.goneAt)))
      .groupBy(members.hubId, members.kind, members.state),
    db
      .selectDistinctOn([tasks.hubId])
      .from(tasks)
      .where(and(inArray(tasks.hubId, ids), eq(tasks.kind, 'sync')))
      .orderBy(tasks.hubId, desc(tasks.createdAt)),
    // Failures from before the hub was last (re)connected were about the old token: a reconnect Meta accepted ends them.
    db
      .selectDistinctOn([tasks.hubId], { task: tasks, n: sql<number>`count(*) over (partition by ${tasks.hubId})::int` })
      .from(tasks)
      .innerJoin(hubTable, eq(hubTable.id, tasks.hubId))
      .where(and(
        inArray(tasks.hubId, ids), eq(tasks.status, 'failed'), gt(tasks.finishedAt, new Date(now.getTime() - FAILED_SINCE_MS)),
        or(isNull(hubTable.credentialsChangedAt), gt(tasks.finishedAt, hubTable.credentialsChangedAt)),
      ))
      .orderBy(tasks.hubId, desc(tasks.finishedAt)),
    db
      .select({ hubId: reportItems.hubId, n: sql<number>`count(*)::int` })
      .from(reportItems)
      .where(and(inArray(reportItems.hubId, ids), eq(reportItems.decision, 'pending')))
      .groupBy(reportItems.hubId),
  ]);
  return hubs.map((hub) => {
    const membersByState = emptyStateCounts();
    let serviceAccounts = 0;
    for (const row of states.filter((row) => row.hubId === hub.id)) {
      if (row.kind === 'partner_user') continue; // a partner's people belong to the partner, not to the business
      if (row.kind === 'system_user' || row.kind === 'partner') serviceAccounts += row.n;
      else membersByState[row.state] += row.n;
    }
    const failure = failures.find((row) => row.task.hubId === hub.id);
    const lastCheck = lastChecks.find((task) => task.hubId === hub.id);
    return {
      hub, membersByState, serviceAccounts, failedTasks: failure?.n ?? 0, pendingReportItems: waiting.find((row) => row.hubId === hub.id)?.n ?? 0,
      ...(lastCheck ? { lastCheck } : {}), ...(failure ? { lastFailure: failure.task } : {}),
    };
  });
}

/** Someone opened the Home tab: they count as having it open for a while (Slack does not say when they leave). */
export async function recordHomeOpened(db: DbOrTx, userId: string, at: Date): Promise<void> {
  await db.insert(homeViewers).values({ slackUserId: userId, openedAt: at }).onConflictDoUpdate({ target: homeViewers.slackUserId, set: { openedAt: at } });
}

export async function recordHomePublished(db: DbOrTx, userId: string, data: HomeData, at: Date, hash: string | null): Promise<void> {
  const hubIds = data.kind === 'keeper' ? data.cards.map((card) => card.hub.id) : [];
  const isAdmin = data.kind === 'keeper' && data.isAdmin;
  await db.update(homeViewers).set({ publishedAt: at, hubIds, isAdmin, publishedHash: hash }).where(eq(homeViewers.slackUserId, userId));
}

/** The hash of the Home we published last for this person, if we know it. */
export async function publishedHomeHash(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ hash: homeViewers.publishedHash }).from(homeViewers).where(eq(homeViewers.slackUserId, userId));
  return row?.hash ?? null;
}

/** Forgets a hash Slack no longer has (it moved on), unless a newer publish already replaced it. */
export async function forgetHomeHash(db: DbOrTx, userId: string, hash: string | null): Promise<void> {
  if (hash) await db.update(homeViewers).set({ publishedHash: null }).where(and(eq(homeViewers.slackUserId, userId), eq(homeViewers.publishedHash, hash)));
}

/** People with Home open whose view shows this hub (or would: admins see every hub, owners theirs). */
export async function homeViewersOf(db: DbOrTx, hubId: string | null, openSince: Date, ownerIds: string[] = []): Promise<string[]> {
  const shows = hubId
    ? or(eq(homeViewers.isAdmin, true), sql`${hubId}::uuid = any(${homeViewers.hubIds})`, ownerIds.length ? inArray(homeViewers.slackUserId, ownerIds) : sql`false`)
    : sql`true`;
  const rows = await db.select({ id: homeViewers.slackUserId }).from(homeViewers).where(and(gt(homeViewers.openedAt, openSince), shows));
  return rows.map((row) => row.id);
}

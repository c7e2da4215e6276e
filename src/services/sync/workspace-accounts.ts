import { and, eq, inArray, lt, max, sql } from 'drizzle-orm';
import { workspaceAccounts } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { normalizeEmail } from '../../domain/matching.js';

type Deps = Pick<AppContext, 'db' | 'slack' | 'queues' | 'config' | 'logger' | 'clock'>;

/** users.list is Tier 2 (about 20 pages a minute): a large workspace takes minutes, so it is cached here. */
export const WORKSPACE_MAX_AGE_MS = 6 * 3600_000;
const PAGE = 200;
const CHUNK = 2_000;
const LOCK_MS = 15 * 60_000;

type SlackMember = {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  real_name?: string;
  name?: string;
  profile?: { email?: string; real_name?: string };
};

/**
 * Pages through users.list and replaces the cache in one transaction (accounts no longer listed are marked
 * deleted). Runs in the worker only: web listeners read the cache and never page Slack.
 */
export async function refreshWorkspaceAccounts(deps: Deps): Promise<{ accounts: number }> {
  const rows: Array<typeof workspaceAccounts.$inferInsert> = [];
  const refreshedAt = deps.clock();
  let cursor: string | undefined;
  do {
    const page = await deps.slack.users.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const member of (page.members ?? []) as SlackMember[]) {
      if (!member.id) continue;
      rows.push({
        slackUserId: member.id,
        email: normalizeEmail(member.profile?.email),
        name: member.real_name ?? member.profile?.real_name ?? member.name ?? null,
        isGuest: Boolean(member.is_restricted || member.is_ultra_restricted),
        isBot: Boolean(member.is_bot),
        deleted: Boolean(member.deleted),
        refreshedAt,
      });
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);

  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insert(workspaceAccounts)
        .values(rows.slice(i, i + CHUNK))
        .onConflictDoUpdate({
          target: workspaceAccounts.slackUserId,
          set: {
            email: sql`excluded.email`,
            name: sql`excluded.name`,
            isGuest: sql`excluded.is_guest`,
            isBot: sql`excluded.is_bot`,
            deleted: sql`excluded.deleted`,
            refreshedAt: sql`excluded.refreshed_at`,
          },
        });
    }
    await tx.update(workspaceAccounts).set({ deleted: true }).where(lt(workspaceAccounts.refreshedAt, refreshedAt));
  });
  return { accounts: rows.length };
}

/**
 * Refreshes the cache when it is older than `maxAgeMs` (or empty). One process pages Slack at a time; the
 * others go on with the cache they have. A Slack failure is logged and matching uses the old cache.
 */
export async function refreshWorkspaceAccountsIfStale(deps: Deps, maxAgeMs = WORKSPACE_MAX_AGE_MS): Promise<void> {
  const [row] = await deps.db.select({ at: max(workspaceAccounts.refreshedAt) }).from(workspaceAccounts);
  if (row?.at && deps.clock().getTime() - row.at.getTime() < maxAgeMs) return;
  const refresh = async () => {
    try {
      const { accounts } = await refreshWorkspaceAccounts(deps);
      deps.logger.info('workspace accounts refreshed', { accounts });
    } catch (error) {
      deps.logger.warn('could not refresh Slack workspace accounts; matching uses the cached ones', { error });
    }
  };
  await deps.queues.coordination.withLock('lock:workspace-accounts', LOCK_MS, refresh).catch((error: unknown) => {
    deps.logger.warn('could not take the workspace accounts lock; matching uses the cached ones', { error });
  });
}

export type WorkspaceAccount = typeof workspaceAccounts.$inferSelect;

/** The live, human Slack account using one of these emails (first email wins). */
export async function findWorkspaceAccount(db: DbOrTx, emails: ReadonlyArray<string | null>): Promise<WorkspaceAccount | undefined> {
  const keys = [...new Set(emails.map(normalizeEmail).filter((email): email is string => email !== null))];
  if (keys.length === 0) return undefined;
  const rows = await db
    .select()
    .from(workspaceAccounts)
    .where(and(inArray(workspaceAccounts.email, keys), eq(workspaceAccounts.deleted, false), eq(workspaceAccounts.isBot, false)));
  return keys.map((key) => rows.find((row) => row.email === key)).find(Boolean);
}

import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hubs, members } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import type { SyncSummary } from '../../domain/sync-summary.js';
import { recordAudit } from '../audit/record.js';
import type { Hub } from '../hub-setup/hubs.js';
import { enqueueSyncTask, insertSyncTask } from '../sync/requests.js';

export type LoginMethod = Hub['loginMethod'];

export type SwitchResult =
  | { status: 'switched'; hub: Hub; from: LoginMethod; taskId: string; syncCreated: boolean }
  | { status: 'unchanged'; hub: Hub }
  | { status: 'refused'; reason: string }
  | { status: 'not_found' };

/**
 * Switches a hub's login method, records who and when, and queues a check for updates that re-matches every
 * member under the new method. The hub row is locked first, so a check finishing at the same moment either
 * matches with the new method or is followed by a new check. Choosing the method in use changes nothing.
 */
export async function switchLoginMethod(
  deps: Pick<AppContext, 'db' | 'queues'>,
  hubId: string,
  to: LoginMethod,
  actor: Actor,
  at: Date,
): Promise<SwitchResult> {
  const result = await deps.db.transaction(async (tx): Promise<SwitchResult> => {
    const [hub] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    if (!hub) return { status: 'not_found' };
    const allowed = authorize(actor, 'hub.change_login', hub);
    if (!allowed.allowed) return { status: 'refused', reason: allowed.reason };
    if (hub.loginMethod === to) return { status: 'unchanged', hub };
    const [updated] = await tx
      .update(hubs)
      .set({ loginMethod: to, loginMethodChangedBy: actor.slackUserId, loginMethodChangedAt: at, updatedAt: at })
      .where(eq(hubs.id, hubId))
      .returning();
    const sync = await insertSyncTask(tx, hubId, actor.slackUserId, hub.channelId);
    await recordAudit(tx, {
      actor: actor.slackUserId, action: 'hub.login_method_changed', hubId, taskId: sync.id, outcome: 'completed',
      detail: { from: hub.loginMethod, to },
    });
    return { status: 'switched', hub: updated!, from: hub.loginMethod, taskId: sync.id, syncCreated: sync.created };
  });
  if (result.status === 'switched') await enqueueSyncTask(deps, result.taskId);
  return result;
}

export type LoginForMatching = { loginMethod: LoginMethod; loginSwitch?: NonNullable<SyncSummary['loginSwitch']> };

/**
 * The login method a check matches with, read (and share-locked) in the check's final transaction, and
 * whether this is the first check since someone switched it.
 */
export async function loginForMatching(tx: DbOrTx, hubId: string): Promise<LoginForMatching> {
  const [hub] = await tx
    .select({ loginMethod: hubs.loginMethod, by: hubs.loginMethodChangedBy, at: hubs.loginMethodChangedAt, lastSyncedAt: hubs.lastSyncedAt })
    .from(hubs)
    .where(eq(hubs.id, hubId))
    .for('share');
  if (!hub) throw new Error(`hub ${hubId} not found`);
  const switched = hub.at && hub.by && (!hub.lastSyncedAt || hub.at > hub.lastSyncedAt);
  return { loginMethod: hub.loginMethod, ...(switched ? { loginSwitch: { to: hub.loginMethod, by: hub.by! } } : {}) };
}

const SAMPLE = 10;

/** With SSO, the people and invitations that match no work account in the directory, as Meta describes them. */
export async function notOnWorkAccount(tx: DbOrTx, hubId: string, loginMethod: LoginMethod): Promise<Pick<SyncSummary, 'notOnWorkAccount'>> {
  if (loginMethod !== 'sso') return {};
  const where = and(
    eq(members.hubId, hubId),
    isNull(members.goneAt),
    inArray(members.kind, ['business_user', 'invitation']),
    inArray(members.state, ['unmatched', 'guest']),
  );
  const [[{ n } = { n: 0 }], sample] = await Promise.all([
    tx.select({ n: count() }).from(members).where(where),
    tx
      .select({ name: members.name, email: members.email, kind: members.kind, accountType: members.accountType })
      .from(members)
      .where(where)
      .orderBy(asc(sql`lower(coalesce(${members.name}, ${members.email}, ''))`))
      .limit(SAMPLE),
  ]);
  return { notOnWorkAccount: { count: n, sample: sample.map((m) => ({ ...m, kind: m.kind === 'invitation' ? 'invitation' : 'business_user' })) } };
}

import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { directoryGroups, hubs, invites, tasks } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import { invitedUserTypeFor } from '../../domain/invitations.js';
import type { AppContext } from '../../context.js';
import { classifyInvitees, planInviteBatches } from '../../domain/invitations.js';
import { recordAudit } from '../audit/record.js';
import { uuidArray } from '../directory/query.js';
import { isUuid } from '../../lib/text.js';
import { currentAccess } from './invite-access.js';
import { enqueueInvites, type InviteTaskInput } from './invitations.js';

/** Long enough to gather a directory burst (an IdP often sends one PATCH per person) into a few tasks. */
const GATHER_MS = 5_000;
/** Invitations one collection turns into tasks; more are left for the next turn, queued right after. */
const PER_COLLECTION = 500;

/**
 * Queues invitations for directory people who joined a mapped group, inside the caller's transaction: one
 * `invites` row each, without a task yet. Deactivated people and people without an email are skipped;
 * someone already on the way is skipped by the partial unique index. Returns how many rows were added.
 */
export async function queueGroupInvites(
  tx: DbOrTx,
  hub: { id: string; loginMethod: 'sso' | 'password' },
  mapping: { groupId: string; metaRole: string },
  userIds: readonly string[],
): Promise<number> {
  const ids = [...new Set(userIds.filter(isUuid))];
  if (ids.length === 0) return 0;
  // Under SSO people log in with their work account, so that is what they are invited as.
  const type = invitedUserTypeFor(hub.loginMethod);
  const rows = await tx.execute<{ id: string }>(sql`
    insert into ${invites} (hub_id, email, meta_role, invited_user_type, directory_user_id, group_id, requested_by)
    select ${hub.id}::uuid, e.email, ${mapping.metaRole}, ${type}, u.id, ${mapping.groupId}::uuid, 'directory'
    from directory_users u
    cross join lateral (select lower(trim(coalesce(u.work_email, u.user_name))) as email) e
    where u.id = any(${uuidArray(ids)}) and u.active and u.deleted_at is null and e.email like '%_@_%'
    on conflict do nothing
    returning id`);
  return [...rows].length;
}

/** Asks for a collection of the hub's waiting group invitations a few seconds from now (one per burst). */
export async function scheduleGroupInviteBatches(deps: Pick<AppContext, 'queues'>, hubId: string): Promise<void> {
  await deps.queues.enqueue('members', 'collectGroupInvites', { hubId }, {
    delay: GATHER_MS,
    deduplication: { id: `group-invites-${hubId}`, keepLastIfActive: true },
    attempts: 5,
  });
}

/**
 * Turns a hub's waiting group invitations into invitation tasks: already-there people are settled quietly,
 * the rest are batched (one role per task, at most 50 each) and queued; the invitation processor paces them
 * against Meta's limits. Rows are claimed with SKIP LOCKED, so two collections never batch a row twice.
 */
export async function collectGroupInvites(deps: Pick<AppContext, 'db' | 'queues' | 'clock'>, hubId: string): Promise<{ tasks: number; more: boolean }> {
  const at = deps.clock();
  const result = await deps.db.transaction(async (tx) => {
    const [hub] = await tx.select({ channelId: hubs.channelId }).from(hubs).where(eq(hubs.id, hubId));
    if (!hub) return { taskIds: [] as string[], more: false };
    const waiting = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.hubId, hubId), isNull(invites.taskId), eq(invites.status, 'waiting')))
      .orderBy(asc(invites.createdAt), asc(invites.id))
      .limit(PER_COLLECTION)
      .for('update', { skipLocked: true });
    if (waiting.length === 0) return { taskIds: [], more: false };
    const ids = new Set(waiting.map((invite) => invite.id));
    const access = (await currentAccess(tx, hubId, waiting.map((invite) => invite.email))).filter((a) => a.kind !== 'in_flight');
    const { duplicates } = classifyInvitees(waiting.map((invite) => invite.email), access);
    const already = new Map(duplicates.map((d) => [d.email, d.note]));
    for (const [note, emails] of groupBy(duplicates.map((d) => [d.note, d.email] as const))) {
      await tx.update(invites).set({ status: 'duplicate', note, updatedAt: at })
        .where(and(inArray(invites.id, [...ids]), inArray(invites.email, emails)));
    }
    const names = await groupNames(tx, waiting.map((invite) => invite.groupId));
    const taskIds: string[] = [];
    for (const batch of planInviteBatches(waiting.filter((invite) => !already.has(invite.email)))) {
      const first = batch[0]!;
      const groups = [...new Set(batch.map((invite) => names.get(invite.groupId ?? '') ?? 'a group'))];
      const input: InviteTaskInput = { role: first.metaRole, invitedUserType: first.invitedUserType, source: 'group', groupName: groups.join(', ') };
      const [task] = await tx.insert(tasks).values({ hubId, kind: 'invite_member', requestedBy: 'directory', slackChannelId: hub.channelId, input }).returning({ id: tasks.id });
      await tx.update(invites).set({ taskId: task!.id, updatedAt: at }).where(inArray(invites.id, batch.map((invite) => invite.id)));
      taskIds.push(task!.id);
    }
    await recordAudit(tx, {
      actor: 'directory', action: 'hub.group_invites_batched', hubId, outcome: 'queued',
      detail: { invites: waiting.length - duplicates.length, alreadyThere: duplicates.length, tasks: taskIds },
    });
    return { taskIds, more: waiting.length === PER_COLLECTION };
  });
  for (const taskId of result.taskIds) await enqueueInvites(deps, taskId);
  return { tasks: result.taskIds.length, more: result.more };
}

function groupBy<K, V>(pairs: ReadonlyArray<readonly [K, V]>): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const [key, value] of pairs) map.set(key, [...(map.get(key) ?? []), value]);
  return map;
}

async function groupNames(tx: DbOrTx, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await tx.select({ id: directoryGroups.id, name: directoryGroups.displayName }).from(directoryGroups).where(inArray(directoryGroups.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Hubs with group invitations that waited longer than a collection takes (their job was lost). */
export async function hubsWithStrandedInvites(db: DbOrTx, olderThan: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ hubId: invites.hubId })
    .from(invites)
    .where(and(isNull(invites.taskId), eq(invites.status, 'waiting'), lt(invites.createdAt, olderThan)))
    .limit(100);
  return rows.map((row) => row.hubId);
}

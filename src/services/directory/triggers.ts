import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import { directoryUsers, hubs, members } from '../../../db/schema.js';
import type { Queues } from '../../queue/queues.js';
import { recordAudit } from '../audit/record.js';
import { insertSyncTask } from '../sync/requests.js';

/** Long enough to gather a burst of deactivations (an IdP sends them one request each) into one check. */
const DEBOUNCE_MS = 5_000;

/**
 * Active hubs where one of these (just deactivated or deleted) directory users holds access: a non-gone member
 * matched to them, or one whose email or pending invitation email is theirs.
 */
async function hubsHoldingAccess(db: DbOrTx, directoryUserIds: string[]): Promise<Array<{ hubId: string; channelId: string }>> {
  if (directoryUserIds.length === 0) return [];
  const users = await db
    .select({ userName: directoryUsers.userName, emailKeys: directoryUsers.emailKeys })
    .from(directoryUsers)
    .where(inArray(directoryUsers.id, directoryUserIds));
  const emails = [...new Set(users.flatMap((user) => [user.userName.toLowerCase(), ...user.emailKeys]))];
  const byEmail = emails.length
    ? [inArray(sql`lower(${members.email})`, emails), inArray(sql`lower(${members.pendingEmail})`, emails)]
    : [];
  // A paused hub, or one whose token expired, waits for a person.
  return db
    .selectDistinct({ hubId: members.hubId, channelId: hubs.channelId })
    .from(members)
    .innerJoin(hubs, eq(hubs.id, members.hubId))
    .where(and(eq(hubs.status, 'active'), isNull(members.goneAt), or(inArray(members.directoryUserId, directoryUserIds), ...byEmail)));
}

/** Records the check of one hub (or finds the one already waiting or running): a queued sync task. */
async function recordCheck(tx: DbOrTx, hubId: string, channelId: string) {
  const task = await insertSyncTask(tx, hubId, 'directory', channelId);
  if (task.created) await recordAudit(tx, { actor: 'directory', action: 'hub.sync_requested', hubId, taskId: task.id });
  return task;
}

/**
 * Inside the transaction that deactivates or deletes directory users: the check of every hub where they hold
 * access is recorded with the change, so a queue outage (or a crash right after the commit) can't lose it;
 * the orphan sweep queues what was recorded but never queued.
 */
export async function recordChecksForDeactivated(tx: Transaction, directoryUserIds: string[]): Promise<void> {
  for (const { hubId, channelId } of await hubsHoldingAccess(tx, directoryUserIds)) await recordCheck(tx, hubId, channelId);
}

/**
 * After the commit: queues the check of each hub where these people hold access (recording it first if the
 * change came without one), a moment later, so a burst of deactivations becomes one check per hub. The job id
 * is the task id: queueing it again during the burst is harmless.
 */
export async function queueChecksForDeactivated(
  deps: { db: DbOrTx; queues: Queues },
  directoryUserIds: string[],
): Promise<{ hubIds: string[] }> {
  const found = await hubsHoldingAccess(deps.db, directoryUserIds);
  for (const { hubId, channelId } of found) {
    const { id, task } = await recordCheck(deps.db, hubId, channelId);
    if (task.status !== 'queued') continue; // a running check reads the directory as it is now
    await deps.queues.enqueue('sync', 'checkForUpdates', { taskId: id }, { jobId: id, attempts: 4, delay: DEBOUNCE_MS });
  }
  return { hubIds: found.map((row) => row.hubId) };
}

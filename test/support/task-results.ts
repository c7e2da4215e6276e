import { randomUUID } from 'node:crypto';
import { tasks } from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import { queueTaskAnnouncement } from '../../src/services/notifications/send.js';
import type { Queues } from '../../src/queue/queues.js';

export type FinishedRemovals = {
  hubId: string;
  count: number;
  requestedBy: string;
  /** Where the tasks' own message lived: a review card elsewhere, so result lines go to the hub's channel. */
  cardChannel?: string;
  failEvery?: number;
  namePrefix?: string;
};

/**
 * Removal tasks that just finished, the way a worker leaves them (status, summary, input), each with its
 * announcement queued: the notify path's input when many removals finish together.
 */
export async function finishRemovals(deps: { db: Database; queues: Queues }, o: FinishedRemovals): Promise<string[]> {
  const ids = await insertFinishedRemovals(deps.db, o);
  for (const id of ids) await queueTaskAnnouncement(deps, id);
  return ids;
}

/** The task rows alone; queueing their announcements is the moment they "finish" (benchmarks time from it). */
export async function insertFinishedRemovals(db: Database, o: FinishedRemovals): Promise<string[]> {
  const now = new Date();
  const rows = Array.from({ length: o.count }, (_, i) => {
    const failed = o.failEvery !== undefined && i % o.failEvery === o.failEvery - 1;
    const name = `${o.namePrefix ?? 'Person'} ${String(i + 1).padStart(4, '0')}`;
    return {
      id: randomUUID(),
      hubId: o.hubId,
      kind: 'remove_member' as const,
      status: failed ? ('failed' as const) : ('completed' as const),
      requestedBy: o.requestedBy,
      slackChannelId: o.cardChannel ?? 'C0REVIEWCARD',
      input: { memberId: randomUUID(), previousState: 'unmatched', memberKind: 'business_user', name, email: `p${i}@example.com`, holdings: 'no assets', reason: null },
      summary: failed ? null : { outcome: 'removed' },
      error: failed ? 'Meta refused: the last admin of a business cannot be removed.' : null,
      startedAt: now,
      finishedAt: now,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(tasks).values(rows.slice(i, i + 500));
  return rows.map((row) => row.id);
}

import { eq } from 'drizzle-orm';
import { hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { reviewCronPattern } from '../../domain/access-review.js';
import { recordAudit } from '../audit/record.js';

type ScheduledHub = { id: string; dailySyncAt: string; dailySyncTz?: string; status: string };

/** Cron pattern for a daily "HH:MM" (read in the hub's time zone). */
export function dailyCronPattern(hhmm: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`daily check time must be HH:MM, got "${hhmm}"`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/** Creates or moves the hub's daily check (a BullMQ job scheduler, one per hub). */
export async function scheduleDailyCheck(deps: Pick<AppContext, 'queues'>, hub: ScheduledHub): Promise<void> {
  const queue = deps.queues.get('sync');
  await queue.upsertJobScheduler(
    `daily-${hub.id}`,
    { pattern: dailyCronPattern(hub.dailySyncAt), tz: hub.dailySyncTz ?? 'UTC' },
    { name: 'scheduledCheck', data: { hubId: hub.id }, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
}

/**
 * Creates, moves or removes the hub's scheduled access reviews (a BullMQ job scheduler per hub): the first day
 * of each month or quarter, at the daily check time in the hub's time zone.
 */
export async function scheduleReviews(
  deps: Pick<AppContext, 'queues'>, hub: { id: string; reviewEvery: 'off' | 'month' | 'quarter'; dailySyncAt: string; dailySyncTz: string },
): Promise<void> {
  const queue = deps.queues.get('maintenance');
  if (hub.reviewEvery === 'off') {
    await queue.removeJobScheduler(`review-${hub.id}`);
    return;
  }
  await queue.upsertJobScheduler(
    `review-${hub.id}`,
    { pattern: reviewCronPattern(hub.reviewEvery, hub.dailySyncAt), tz: hub.dailySyncTz },
    { name: 'scheduledReview', data: { hubId: hub.id }, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
}

export async function unscheduleDailyCheck(deps: Pick<AppContext, 'queues'>, hubId: string): Promise<void> {
  await deps.queues.get('sync').removeJobScheduler(`daily-${hubId}`);
}

/** Records the hub's new daily check time and moves its scheduler. */
export async function setDailyCheckTime(
  deps: Pick<AppContext, 'db' | 'queues' | 'clock'>,
  hub: ScheduledHub,
  hhmm: string,
  actorId: string,
): Promise<void> {
  dailyCronPattern(hhmm);
  await deps.db.transaction(async (tx) => {
    await tx.update(hubs).set({ dailySyncAt: hhmm, updatedAt: deps.clock() }).where(eq(hubs.id, hub.id));
    await recordAudit(tx, { actor: actorId, action: 'hub.schedule_changed', hubId: hub.id, detail: { from: hub.dailySyncAt, to: hhmm } });
  });
  await scheduleDailyCheck(deps, { ...hub, dailySyncAt: hhmm });
}

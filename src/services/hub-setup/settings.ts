import { eq } from 'drizzle-orm';
import { hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { settingsChanges, type HubSettings } from '../../domain/hub-settings.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { recordAudit } from '../audit/record.js';
import type { Hub } from './hubs.js';
import { scheduleDailyCheck, scheduleReviews } from './schedules.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'reports'>;

const HOUR = 3_600_000;

/** A hub's settings as they apply now: its own values, or the environment's defaults where it has none. */
export function hubSettings(hub: Hub, defaults: AppContext['reports']): HubSettings {
  return {
    safeguardThresholdPct: hub.safeguardThresholdPct,
    remindAfterHours: hub.remindAfterHours ?? Math.round(defaults.remindAfterMs / HOUR),
    escalateAfterHours: hub.escalateAfterHours ?? Math.round(defaults.escalateAfterMs / HOUR),
    dailySyncAt: hub.dailySyncAt,
    dailySyncTz: hub.dailySyncTz,
    cardsTo: hub.cardsTo,
    adminsMayDecide: hub.adminsMayDecide,
    reviewEvery: hub.reviewEvery,
    reviewScope: hub.reviewScope,
    reviewReviewers: hub.reviewReviewers,
    reviewDays: hub.reviewDays,
  };
}

export type SettingsResult =
  | { status: 'saved'; hub: Hub; changes: ReturnType<typeof settingsChanges> }
  | { status: 'unchanged'; hub: Hub }
  | { status: 'refused'; reason: string; hub: Hub }
  | { status: 'not_found' };

/**
 * Saves a hub's settings (owners and admins), under the hub's row lock so two people saving at once can't lose
 * each other's change; audited with what changed. They apply from the next check or reminder on; a moved daily
 * check, and a changed review schedule, are rescheduled at once.
 */
export async function saveHubSettings(deps: Deps, actor: Actor, hubId: string, wanted: HubSettings, at: Date): Promise<SettingsResult> {
  const result = await deps.db.transaction(async (tx): Promise<SettingsResult> => {
    const [hub] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    if (!hub) return { status: 'not_found' };
    const allowed = authorize(actor, 'hub.settings', hub);
    if (!allowed.allowed) return { status: 'refused', reason: allowed.reason, hub };
    const changes = settingsChanges(hubSettings(hub, deps.reports), wanted);
    if (Object.keys(changes).length === 0) return { status: 'unchanged', hub };
    // Only what changed is written: a default left alone stays a default (it follows the environment).
    const set = Object.fromEntries(Object.keys(changes).map((key) => [key, wanted[key as keyof HubSettings]]));
    const [saved] = await tx.update(hubs).set({ ...set, updatedAt: at }).where(eq(hubs.id, hubId)).returning();
    await recordAudit(tx, { actor: actor.slackUserId, action: 'hub.settings_changed', hubId, detail: { changes } });
    return { status: 'saved', hub: saved!, changes };
  });
  if (result.status === 'saved' && (result.changes.dailySyncAt || result.changes.dailySyncTz)) await scheduleDailyCheck(deps, result.hub);
  const { reviewEvery, dailySyncAt, dailySyncTz } = result.status === 'saved' ? result.changes : {};
  if (result.status === 'saved' && (reviewEvery || dailySyncAt || dailySyncTz)) await scheduleReviews(deps, result.hub);
  return result;
}

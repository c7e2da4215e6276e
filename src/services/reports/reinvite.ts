import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { directoryUsers, hubs, reportItems } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { recordAudits } from '../audit/record.js';
import { getHub, type Hub } from '../hub-setup/hubs.js';
import { getItem, type ReportItem } from './items.js';
import { afterReportChange } from './after-change.js';

type Deps = Pick<AppContext, 'db' | 'queues' | 'reports'>;

export type ReinviteResult =
  /** `stillInactive`: the directory still has them deactivated, so the next check reports the invitation. */
  | { status: 'queued'; item: ReportItem; stillInactive: boolean }
  | { status: 'refused'; reason: string; hub: Hub }
  | { status: 'not_found' }
  /** Not a member this report removed, or more than the re-invite window ago. */
  | { status: 'not_offered'; why: string }
  /** Meta's invitation cap for this business holds until then. */
  | { status: 'limited'; until: Date }
  | { status: 'conflict'; item: ReportItem };

export function reinviteJobId(itemId: string, attempt: number): string {
  return `reinvite-${itemId}-${attempt}`;
}

/**
 * Re-invites a member this report removed (same email and role), within the window after the removal, for
 * removals made by mistake. Compare-and-set on the item, so two clicks send one invitation; Meta's daily
 * invitation cap (code 17), once hit, is respected until it lifts.
 */
export async function requestReinvite(deps: Deps, actor: Actor, itemId: string, at: Date): Promise<ReinviteResult> {
  const item = await getItem(deps.db, itemId);
  const hub = item && (await getHub(deps.db, item.hubId));
  if (!item || !hub) return { status: 'not_found' };
  const allowed = authorize(actor, 'report.decide', hub);
  if (!allowed.allowed) return { status: 'refused', reason: allowed.reason, hub };
  if (item.outcome !== 'removed' || !item.outcomeAt || !item.email || !item.metaRole || item.memberKind !== 'business_user') {
    return { status: 'not_offered', why: 'Re-invite is offered only for people this report removed from Meta.' };
  }
  if (at.getTime() - item.outcomeAt.getTime() >= deps.reports.reinviteWindowMs) {
    return { status: 'not_offered', why: `Re-invite is offered for ${Math.round(deps.reports.reinviteWindowMs / 86_400_000)} days after a removal; invite them again with \`/hub invite\`.` };
  }
  if (hub.invitesPausedUntil && hub.invitesPausedUntil > at) return { status: 'limited', until: hub.invitesPausedUntil };
  const [queued] = await deps.db
    .update(reportItems)
    .set({ reinviteStatus: 'queued', reinvitedBy: actor.slackUserId, reinvitedAt: at, reinviteError: null })
    .where(and(eq(reportItems.id, itemId), eq(reportItems.outcome, 'removed'), or(isNull(reportItems.reinviteStatus), eq(reportItems.reinviteStatus, 'failed'))))
    .returning();
  if (!queued) return { status: 'conflict', item: (await getItem(deps.db, itemId))! };
  await recordAudits(deps.db, [{
    actor: actor.slackUserId, action: 'report.reinvite_requested', hubId: hub.id, memberId: item.memberId, outcome: 'queued',
    detail: { reportId: item.reportId, itemId, email: item.email, role: item.metaRole },
  }]);
  await deps.queues.enqueue('members', 'reinviteMember', { itemId, attempt: at.getTime() }, { jobId: reinviteJobId(itemId, at.getTime()), attempts: 3 });
  const [person] = item.directoryUserId
    ? await deps.db.select({ active: directoryUsers.active, deletedAt: directoryUsers.deletedAt }).from(directoryUsers).where(eq(directoryUsers.id, item.directoryUserId))
    : [];
  await afterReportChange(deps, item.reportId);
  return { status: 'queued', item: queued, stillInactive: Boolean(person && (!person.active || person.deletedAt)) };
}

/** Writes a re-invite's outcome; with `pausedUntil`, Meta's cap for the hub is remembered until it lifts. */
export async function finishReinvite(
  db: AppContext['db'], item: ReportItem, outcome: { ok: true; invitationId: string } | { ok: false; error: string; pausedUntil?: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(reportItems)
      .set(outcome.ok ? { reinviteStatus: 'invited', reinviteError: null } : { reinviteStatus: 'failed', reinviteError: outcome.error })
      .where(and(eq(reportItems.id, item.id), eq(reportItems.reinviteStatus, 'queued')))
      .returning({ id: reportItems.id });
    if (!done) return false;
    if (!outcome.ok && outcome.pausedUntil) {
      const until = sql`${outcome.pausedUntil.toISOString()}::timestamptz`;
      await tx.update(hubs).set({ invitesPausedUntil: sql`greatest(coalesce(${hubs.invitesPausedUntil}, ${until}), ${until})` }).where(eq(hubs.id, item.hubId));
    }
    await recordAudits(tx, [{
      actor: item.reinvitedBy ?? 'system', action: outcome.ok ? 'member.reinvited' : 'member.reinvite_failed', hubId: item.hubId, memberId: item.memberId,
      outcome: outcome.ok ? 'invited' : 'failed', reason: outcome.ok ? null : outcome.error,
      detail: { reportId: item.reportId, itemId: item.id, ...(outcome.ok ? { invitationId: outcome.invitationId } : {}), ...(!outcome.ok && outcome.pausedUntil ? { pausedUntil: outcome.pausedUntil.toISOString() } : {}) },
    }]);
    return true;
  });
}

/** Re-invites queued a while ago whose job was lost (Redis away): the reminder sweep queues them again. */
export async function strandedReinvites(db: AppContext['db'], olderThan: Date): Promise<ReportItem[]> {
  return db
    .select()
    .from(reportItems)
    .where(and(inArray(reportItems.reinviteStatus, ['queued']), sql`${reportItems.reinvitedAt} < ${olderThan.toISOString()}::timestamptz`))
    .limit(100);
}

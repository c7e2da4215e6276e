import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, reportItems } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';
import type { ResolvedReason } from '../../domain/deprovision.js';
import { describeHoldings, type Holding } from '../../domain/member-actions.js';
import { recordAudits, type AuditEvent } from '../audit/record.js';
import type { RemovalInput } from '../members/removal-input.js';
import type { ReportItem } from './items.js';

const REMOVABLE = ['onboarded', 'unmatched', 'guest'] as const;
const CHUNK = 1_000;

/** Where a member went meanwhile, as the reason its item closed by itself. */
export function whyGone(member: { state: string; goneAt: Date | null } | undefined): ResolvedReason {
  if (!member || member.goneAt) return 'gone_from_meta';
  if (member.state === 'exempted') return 'exempted';
  if (member.state === 'removal_pending') return 'removal_requested';
  if (member.state === 'removed') return 'removed_elsewhere';
  return 'rematched';
}

function holdings(item: ReportItem): string {
  const counts = new Map<Holding['kind'], number>();
  for (const entry of item.access) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  return describeHoldings(item.metaRole, [...counts].map(([kind, count]) => ({ kind, count })));
}

/**
 * Starts the removal of approved items' members, in the caller's transaction: each member goes to
 * removal_pending and gets the same `remove_member` task the member list's Remove creates, tagged with its
 * report item so the outcome comes back to the report. Items whose member changed meanwhile (exempted,
 * removed from the list, gone from Meta) close by themselves instead. Returns the tasks to enqueue.
 */
export async function startRemovals(
  tx: Transaction, hub: { id: string; channelId: string }, items: ReportItem[], actorId: string, at: Date,
): Promise<{ taskIds: string[]; resolved: number }> {
  if (items.length === 0) return { taskIds: [], resolved: 0 };
  const found = await tx
    .select({ id: members.id, state: members.state, goneAt: members.goneAt })
    .from(members)
    .where(inArray(members.id, items.map((item) => item.memberId)))
    .for('update');
  const byId = new Map(found.map((m) => [m.id, m]));
  const ready = items.filter((item) => {
    const m = byId.get(item.memberId);
    return m && !m.goneAt && (REMOVABLE as readonly string[]).includes(m.state);
  });
  const stale = items.filter((item) => !ready.includes(item));
  const events: AuditEvent[] = [];
  for (const item of stale) {
    const why = whyGone(byId.get(item.memberId));
    await tx.update(reportItems)
      .set({ decision: 'resolved', resolvedReason: why, outcome: null, decidedBy: 'system', decidedAt: at })
      .where(eq(reportItems.id, item.id));
    events.push({ actor: 'system', action: 'report.item_closed', hubId: hub.id, memberId: item.memberId, reason: why, outcome: 'resolved', detail: { reportId: item.reportId, itemId: item.id } });
  }
  const planned = ready.map((item) => ({ item, taskId: randomUUID(), previous: byId.get(item.memberId)!.state as RemovalInput['previousState'] }));
  for (let i = 0; i < planned.length; i += CHUNK) {
    const batch = planned.slice(i, i + CHUNK);
    const rows = batch.map(({ item, taskId, previous }) => {
      const input: RemovalInput = {
        memberId: item.memberId, previousState: previous, memberKind: item.memberKind as RemovalInput['memberKind'],
        name: item.name ?? item.email ?? 'a member', email: item.email, holdings: holdings(item),
        reason: `Approved on the deprovision report (${item.reason.replace(/_/g, ' ')})`,
        report: { reportId: item.reportId, itemId: item.id },
      };
      events.push({
        actor: actorId, action: 'member.removal_requested', hubId: hub.id, memberId: item.memberId, taskId, reason: input.reason,
        outcome: 'queued', detail: { from: previous, holdings: input.holdings, reportId: item.reportId, itemId: item.id },
      });
      return { id: taskId, input };
    });
    await tx.execute(sql`
      insert into tasks (id, hub_id, kind, requested_by, slack_channel_id, input)
      select r.id, ${hub.id}::uuid, 'remove_member', ${actorId}, ${hub.channelId}, r.input
      from json_to_recordset(${JSON.stringify(rows)}::text::json) as r(id uuid, input jsonb)`);
    const pairs = sql`json_to_recordset(${JSON.stringify(batch.map(({ item, taskId }) => ({ member_id: item.memberId, task_id: taskId, item_id: item.id })))}::text::json)
      as v(member_id uuid, task_id uuid, item_id uuid)`;
    await tx.execute(sql`
      update members set state = 'removal_pending', manual = true, decided_by = ${actorId}, decided_at = ${at.toISOString()}::timestamptz,
        revision = members.revision + 1, removal_task_id = v.task_id
      from ${pairs} where members.id = v.member_id`);
    await tx.execute(sql`
      update report_items set removal_task_id = v.task_id, outcome = 'removing', outcome_at = null, outcome_error = null
      from ${pairs} where report_items.id = v.item_id`);
  }
  await recordAudits(tx, events);
  return { taskIds: planned.map((p) => p.taskId), resolved: stale.length };
}

/** Items of directory reasons whose person the IdP has reactivated since: they close instead of being approved. */
export async function reactivatedItems(tx: Transaction, items: ReportItem[]): Promise<Set<string>> {
  const ids = [...new Set(items.filter((item) => item.directoryUserId && item.reason.startsWith('directory_')).map((item) => item.directoryUserId!))];
  if (ids.length === 0) return new Set();
  const rows = await tx.execute<{ id: string }>(sql`
    select id from directory_users where id = any(${`{${ids.join(',')}}`}::uuid[]) and active and deleted_at is null`);
  const active = new Set([...rows].map((row) => row.id));
  return new Set(items.filter((item) => item.directoryUserId && active.has(item.directoryUserId)).map((item) => item.id));
}

/** Closes items as reactivated in the directory. */
export async function closeReactivated(tx: Transaction, itemIds: string[], at: Date): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.update(reportItems)
    .set({ decision: 'resolved', resolvedReason: 'reactivated', decidedBy: 'system', decidedAt: at })
    .where(and(inArray(reportItems.id, itemIds), eq(reportItems.decision, 'pending')));
}

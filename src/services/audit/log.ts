import { and, desc, eq, gte, inArray, or, isNull, type SQL } from 'drizzle-orm';
import { auditEvents, hubs, members } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';

/** The most an export holds; a longer period is cut at the oldest end and says so. */
export const AUDIT_EXPORT_MAX = 50_000;

export type AuditScope = { hubIds: string[]; includeHubless: boolean };

export type AuditRow = {
  id: number;
  at: Date;
  actor: string;
  action: string;
  hubLabel: string | null;
  hubId: string | null;
  memberName: string | null;
  memberEmail: string | null;
  memberId: string | null;
  taskId: string | null;
  reason: string | null;
  outcome: string | null;
  detail: Record<string, unknown>;
};

/** Audit events of a period (newest last) for the hubs in scope; past the cap the oldest are left out (`truncated`). */
export async function auditEventsSince(db: DbOrTx, scope: AuditScope, since: Date): Promise<{ rows: AuditRow[]; truncated: boolean }> {
  const inScope: SQL[] = [];
  if (scope.hubIds.length) inScope.push(inArray(auditEvents.hubId, scope.hubIds));
  if (scope.includeHubless) inScope.push(isNull(auditEvents.hubId));
  if (inScope.length === 0) return { rows: [], truncated: false };
  const rows = await db
    .select({
      id: auditEvents.id, at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action,
      hubLabel: hubs.label, hubId: auditEvents.hubId, memberName: members.name, memberEmail: members.email,
      memberId: auditEvents.memberId, taskId: auditEvents.taskId, reason: auditEvents.reason, outcome: auditEvents.outcome,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(hubs, eq(hubs.id, auditEvents.hubId))
    .leftJoin(members, eq(members.id, auditEvents.memberId))
    .where(and(gte(auditEvents.at, since), or(...inScope)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(AUDIT_EXPORT_MAX + 1);
  const truncated = rows.length > AUDIT_EXPORT_MAX;
  return { rows: rows.slice(0, AUDIT_EXPORT_MAX).reverse(), truncated };
}

export const AUDIT_CSV_HEADER = [
  'at', 'actor', 'action', 'hub', 'hub_id', 'member', 'member_email', 'member_id', 'task_id', 'reason', 'outcome', 'detail',
] as const;

export function auditCsvRow(row: AuditRow) {
  return [
    row.at, row.actor, row.action, row.hubLabel, row.hubId, row.memberName, row.memberEmail, row.memberId, row.taskId,
    row.reason, row.outcome, Object.keys(row.detail).length ? JSON.stringify(row.detail) : '',
  ];
}

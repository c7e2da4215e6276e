import { sql } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';

export type AuditEvent = typeof auditEvents.$inferInsert;

/**
 * Appends one audit event; call it inside the transaction that made the change. It also notifies Postgres
 * listeners (Home tabs), who hear of it only if the change commits.
 */
export async function recordAudit(db: DbOrTx, event: AuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
  await db.execute(sql`select pg_notify('hubkeeper_changes', ${event.hubId ?? ''})`);
}

/**
 * Appends many audit events (a report's bulk decisions): one JSON parameter per 1,000, since drizzle's
 * multi-row VALUES costs about 0.1 ms a row at this size. One notice per hub touched.
 */
export async function recordAudits(db: DbOrTx, events: AuditEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1_000) {
    const rows = events.slice(i, i + 1_000).map((e) => ({
      at: e.at instanceof Date ? e.at.toISOString() : null, actor: e.actor, action: e.action, hub_id: e.hubId ?? null, member_id: e.memberId ?? null,
      task_id: e.taskId ?? null, reason: e.reason ?? null, outcome: e.outcome ?? null, detail: e.detail ?? {},
    }));
    await db.execute(sql`
      insert into audit_events (at, actor, action, hub_id, member_id, task_id, reason, outcome, detail)
      select coalesce(r.at, now()), r.actor, r.action, r.hub_id, r.member_id, r.task_id, r.reason, r.outcome, r.detail
      from json_to_recordset(${JSON.stringify(rows)}::text::json)
        as r(at timestamptz, actor text, action text, hub_id uuid, member_id uuid, task_id uuid, reason text, outcome text, detail jsonb)`);
  }
  for (const hubId of new Set(events.map((event) => event.hubId ?? ''))) {
    await db.execute(sql`select pg_notify('hubkeeper_changes', ${hubId})`);
  }
}

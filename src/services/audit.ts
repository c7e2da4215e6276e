import { sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';

export type AuditEvent = typeof auditEvents.$inferInsert;

/**
 * Appends one audit event; call it inside the transaction that made the change. It also notifies Postgres
 * listeners (Home tabs), who hear of it only if the change commits.
 */
export async function recordAudit(db: DbOrTx, event: AuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
  await db.execute(sql`select pg_notify('hubkeeper_changes', ${event.hubId ?? ''})`);
}

/** Appends many audit events in one statement (a report's bulk decisions); one notice per hub touched. */
export async function recordAudits(db: DbOrTx, events: AuditEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1_000) await db.insert(auditEvents).values(events.slice(i, i + 1_000));
  for (const hubId of new Set(events.map((event) => event.hubId ?? ''))) {
    await db.execute(sql`select pg_notify('hubkeeper_changes', ${hubId})`);
  }
}

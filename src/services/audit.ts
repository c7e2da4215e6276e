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

import { auditEvents } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';

export type AuditEvent = typeof auditEvents.$inferInsert;

/** Appends one audit event; call it inside the transaction that made the change. */
export async function recordAudit(db: DbOrTx, event: AuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

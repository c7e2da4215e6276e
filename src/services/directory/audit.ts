import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { auditEvents } from '../../../db/schema.js';
import { runPrepared } from './query.js';
import type { DirectoryActor } from './types.js';

export type DirectoryAuditAction =
  | 'directory.user.created'
  | 'directory.user.updated'
  | 'directory.user.deactivated'
  | 'directory.user.reactivated'
  | 'directory.user.deleted'
  | 'directory.group.created'
  | 'directory.group.updated'
  | 'directory.group.members_added'
  | 'directory.group.members_removed'
  | 'directory.group.deleted';

export type DirectoryAuditEvent = { action: DirectoryAuditAction; detail: Record<string, unknown> };

/** Which IdP connection did it, as recorded in every event's detail. */
export const auditClient = (actor: DirectoryActor) => ({ idp: actor.idp, userAgent: actor.userAgent, credential: actor.credential });

/** An INSERT of the events, usable on its own or as a CTE beside the change it records. */
export function auditInsertSql(actor: DirectoryActor, events: DirectoryAuditEvent[]): SQL {
  const client = JSON.stringify({ client: auditClient(actor) });
  return sql`insert into ${auditEvents} (actor, action, outcome, detail)
    select 'directory', e.action, 'applied', e.detail || ${client}::jsonb
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(action text, detail jsonb)`;
}

/** Writes in the caller's transaction, so a change and its audit row commit or roll back together. */
export async function writeDirectoryAudit(tx: DbOrTx, actor: DirectoryActor, events: DirectoryAuditEvent[]): Promise<void> {
  if (events.length) await runPrepared(tx, auditInsertSql(actor, events));
}

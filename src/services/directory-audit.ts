import type { DbOrTx } from '../../db/client.js';
import { auditEvents } from '../../db/schema.js';
import type { DirectoryActor } from './directory-types.js';

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

/** Writes in the caller's transaction, so a change and its audit row commit or roll back together. */
export async function writeDirectoryAudit(tx: DbOrTx, actor: DirectoryActor, events: DirectoryAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const client = { idp: actor.idp, userAgent: actor.userAgent, credential: actor.credential };
  await tx.insert(auditEvents).values(
    events.map((event) => ({
      actor: 'directory',
      action: event.action,
      outcome: 'applied',
      detail: { ...event.detail, client },
    })),
  );
}

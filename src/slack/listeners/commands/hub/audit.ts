import { parseAuditArgs } from '../../../../domain/audit-args.js';
import { toCsv } from '../../../../domain/csv.js';
import { resolveActor } from '../../../../services/hub-setup/actors.js';
import { recordAudit } from '../../../../services/audit/record.js';
import { AUDIT_CSV_HEADER, auditCsvRow, auditEventsSince, type AuditScope } from '../../../../services/audit/log.js';
import { UserFacingError } from '../../../../lib/errors.js';
import { listHubs } from '../../../../services/hub-setup/hubs.js';
import { auditReply } from '../../../blocks/audit-log.js';
import { uploadToDm } from '../../../files.js';
import { explainRefusal, pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/**
 * `/hub audit [hub] [since]` (owners and admins): the last events, and a CSV of the period uploaded to the
 * person's DM. Without a hub: admins get everything, owners the hubs they own.
 */
export const auditSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const parsed = parseAuditArgs(args, ctx.clock());
  if (!parsed.ok) throw new UserFacingError(parsed.error);
  let scope: AuditScope;
  let name: string;
  if (parsed.hubName || (await listHubs(ctx.db)).length === 1) {
    const hub = await pickHub(ctx, parsed.hubName, '/hub audit');
    await requirePermission(ctx, userId, 'hub.view', hub);
    scope = { hubIds: [hub.id], includeHubless: false };
    name = hub.label;
  } else {
    const actor = await resolveActor(ctx, userId);
    if (!actor.isAdmin && actor.ownedHubIds.size === 0) {
      throw new UserFacingError(await explainRefusal(ctx, 'Only hub owners and Hubkeeper admins can read the audit log.'));
    }
    scope = actor.isAdmin
      ? { hubIds: (await listHubs(ctx.db)).map((hub) => hub.id), includeHubless: true }
      : { hubIds: [...actor.ownedHubIds], includeHubless: false };
    name = actor.isAdmin ? 'all hubs' : 'your hubs';
  }
  const { rows, truncated } = await auditEventsSince(ctx.db, scope, parsed.since);
  let uploaded = false;
  if (rows.length) {
    const day = ctx.clock().toISOString().slice(0, 10);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'hubs';
    await uploadToDm(ctx, userId, {
      filename: `hubkeeper-audit-${slug}-${day}.csv`,
      title: `Hubkeeper audit log: ${name}, ${parsed.sinceWords}`,
      content: toCsv(AUDIT_CSV_HEADER, rows.map(auditCsvRow)),
      comment: `Audit log of ${name} for ${parsed.sinceWords}: ${rows.length} events.`,
    }).then(
      () => (uploaded = true),
      (error: unknown) => ctx.logger.warn('audit CSV upload failed', { error }),
    );
    await recordAudit(ctx.db, {
      actor: userId, action: 'audit.exported', hubId: scope.hubIds.length === 1 ? scope.hubIds[0]! : null,
      outcome: uploaded ? 'uploaded' : 'upload_failed', detail: { scope: name, since: parsed.since.toISOString(), events: rows.length },
    });
  }
  return auditReply({ scope: name, sinceWords: parsed.sinceWords, rows, truncated, uploaded });
};

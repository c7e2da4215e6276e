import { toCsv } from '../../../../domain/csv.js';
import { parseMembersArgs } from '../../../../domain/member-list.js';
import { recordAudit } from '../../../../services/audit/record.js';
import { UserFacingError } from '../../../../lib/errors.js';
import { MEMBER_CSV_HEADER, memberExportRows } from '../../../../services/members/export.js';
import { escapeMrkdwn } from '../../../blocks/text.js';
import { uploadToDm } from '../../../files.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub members … export` goes to the export; anything else to the member list itself. */
export function withMembersExport(list: Subcommand): Subcommand {
  return (input) => (input.args.at(-1)?.toLowerCase() === 'export' ? exportMembersSubcommand({ ...input, args: input.args.slice(0, -1) }) : list(input));
}

/**
 * `/hub members [hub] [filter] export`: the hub's members as a CSV in the person's DM. Without a filter it
 * holds every member Meta shows, service accounts included.
 */
export const exportMembersSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const parsed = parseMembersArgs(args);
  const filtered = parsed.hubName !== (args.join(' ').trim() || undefined);
  const hub = await pickHub(ctx, parsed.hubName, '/hub members');
  await requirePermission(ctx, userId, 'member.view', hub);
  const rows = await memberExportRows(ctx.db, hub.id, filtered ? parsed.filter : undefined);
  const what = filtered ? `${parsed.filter} members` : 'members';
  const slug = hub.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'hub';
  const day = ctx.clock().toISOString().slice(0, 10);
  try {
    await uploadToDm(ctx, userId, {
      filename: `hubkeeper-members-${slug}${filtered ? `-${parsed.filter}` : ''}-${day}.csv`,
      title: `${hub.label}: ${what} on ${day}`,
      content: toCsv(MEMBER_CSV_HEADER, rows),
      comment: `${rows.length} ${what} of ${hub.label}.`,
    });
  } catch (error) {
    ctx.logger.warn('member CSV upload failed', { error });
    throw new UserFacingError('Slack did not take the CSV just now. Please run the command again in a minute.');
  }
  await recordAudit(ctx.db, { actor: userId, action: 'members.exported', hubId: hub.id, outcome: 'uploaded', detail: { filter: filtered ? parsed.filter : 'every', members: rows.length } });
  return { text: `The CSV of ${rows.length.toLocaleString('en-US')} ${what} of *${escapeMrkdwn(hub.label)}* is in your DM with Hubkeeper.` };
};

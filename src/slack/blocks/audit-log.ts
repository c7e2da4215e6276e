import type { AuditRow } from '../../services/audit/log.js';
import { plural } from '../../domain/wording.js';
import { context, escapeMrkdwn, fit, section, slackDate } from './text.js';

const SHOWN = 10;

function actorLabel(actor: string): string {
  return /^[UW][A-Z0-9]+$/.test(actor) ? `<@${actor}>` : `_${escapeMrkdwn(actor)}_`;
}

function eventLine(row: AuditRow): string {
  const member = row.memberName ?? row.memberEmail;
  const parts = [
    `${slackDate(row.at)} · ${actorLabel(row.actor)} · \`${escapeMrkdwn(row.action)}\``,
    row.hubLabel ? `*${escapeMrkdwn(row.hubLabel)}*` : '',
    member ? `member ${escapeMrkdwn(member)}` : '',
    row.outcome ? `→ ${escapeMrkdwn(row.outcome)}` : '',
    row.reason ? `“${escapeMrkdwn(fit(row.reason, 200))}”` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The answer to `/hub audit`: the last events of the period, and where the full CSV went. */
export function auditReply(input: { scope: string; sinceWords: string; rows: AuditRow[]; truncated: boolean; uploaded: boolean }) {
  const { scope, sinceWords, rows, truncated, uploaded } = input;
  const count = rows.length.toLocaleString('en-US');
  const events = plural(rows.length, 'event');
  const where = uploaded ? 'The CSV of the whole period is in your DM with Hubkeeper.' : 'Slack did not take the CSV just now; run the command again for it.';
  const cut = truncated ? ` Only the newest ${count} fit in one export; ask for a shorter period for older ones.` : '';
  if (rows.length === 0) {
    return { text: `No audit events for ${escapeMrkdwn(scope)} in ${sinceWords}.`, blocks: [section(`No audit events for ${escapeMrkdwn(scope)} in ${sinceWords}.`)] };
  }
  const last = rows.slice(-SHOWN).reverse();
  return {
    text: `${plural(rows.length, 'audit event')} for ${escapeMrkdwn(scope)} in ${sinceWords}. ${where}`,
    blocks: [
      section(`*Audit log of ${escapeMrkdwn(scope)}*: ${events} in ${sinceWords}. ${where}${cut}`),
      section(last.map(eventLine).join('\n')),
      context(rows.length > SHOWN ? `The latest ${SHOWN} are shown, newest first.` : 'Newest first.'),
    ],
  };
}

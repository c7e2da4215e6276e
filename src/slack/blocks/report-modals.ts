import { plural } from '../../domain/wording.js';
import type { ReportItem } from '../../services/reports/items.js';
import type { ReportView } from '../../services/reports/view.js';
import { ConfirmFields, ExemptFields, Views } from '../ids.js';
import { itemAccess, itemTitle } from './report-text.js';
import { context, escapeMrkdwn, plain, section } from './text.js';
import { isUuid } from '../../lib/text.js';

/** Reject: the member keeps access as an exemption, with a reason (10–500 characters) and an optional end date. */
export function rejectModal(item: ReportItem, hubLabel: string) {
  return {
    type: 'modal' as const,
    callback_id: Views.reportReject,
    private_metadata: JSON.stringify({ i: item.id }),
    title: plain('Keep access', 24),
    submit: plain('Keep them', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`${itemTitle(item)}\n${itemAccess(item)}`),
      context(`They keep their access to ${escapeMrkdwn(hubLabel)} and become an exemption owners see in the member list. Nothing is removed.`),
      {
        type: 'input',
        block_id: ExemptFields.reason.block,
        label: plain('Why may they keep access?'),
        element: { type: 'plain_text_input', action_id: ExemptFields.reason.action, multiline: true, max_length: 500, placeholder: plain('e.g. Moved to the agency; still runs the spring campaign until June') },
        hint: plain('10 to 500 characters. It goes in the audit log and the member list.'),
      },
      {
        type: 'input',
        block_id: ExemptFields.expiresOn.block,
        optional: true,
        label: plain('Keep until'),
        element: { type: 'datepicker', action_id: ExemptFields.expiresOn.action },
        hint: plain('Leave empty to keep the exemption until someone ends it. On that day (UTC) they go back to review.'),
      },
    ],
  };
}

export type ConfirmMetadata = { reportId: string; upToSeq: number; count: number; approve: boolean };

export function encodeConfirm(meta: ConfirmMetadata): string {
  return JSON.stringify({ r: meta.reportId, s: meta.upToSeq, c: meta.count, a: meta.approve ? 1 : 0 });
}

export function decodeConfirm(value: string | undefined): ConfirmMetadata | undefined {
  try {
    const raw = JSON.parse(value ?? '') as { r?: unknown; s?: unknown; c?: unknown; a?: unknown };
    if (typeof raw.r !== 'string' || !isUuid(raw.r) || !Number.isInteger(raw.s) || !Number.isInteger(raw.c)) return undefined;
    return { reportId: raw.r, upToSeq: raw.s as number, count: raw.c as number, approve: raw.a === 1 };
  } catch {
    return undefined;
  }
}

/**
 * Approve all, or the safeguard's confirmation: it states the count before anything happens. A held report
 * needs the box ticked; the confirmation covers exactly the removals shown.
 */
export function confirmModal(view: ReportView, approve: boolean) {
  const { safeguard: guard, hub, tally: t } = view;
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const names = view.items.filter((item) => item.decision === 'pending').slice(0, 10).map((item) => `• ${itemTitle(item)}`);
  const more = t.pending > names.length ? [`• …and ${(t.pending - names.length).toLocaleString('en-US')} more`] : [];
  const lead = approve
    ? `Approve all *${plural(t.pending, 'waiting removal')}* in ${label}? Hubkeeper removes them from Meta one by one, as fast as Meta allows, and shows each outcome on the report.`
    : `Confirm the whole report for ${label}.`;
  const held = guard.held
    ? [
        section(`:warning: This report would remove *${plural(guard.removals, 'member')}* of ${plural(guard.members, 'member')} (${Math.round((guard.removals / Math.max(1, guard.members)) * 100)} %). The safeguard holds any report above ${guard.thresholdPct} %.`),
        {
          type: 'input',
          block_id: ConfirmFields.check.block,
          label: plain('Confirmation'),
          element: {
            type: 'checkboxes',
            action_id: ConfirmFields.check.action,
            options: [{ text: plain(`I checked the list: ${plural(guard.removals, 'removal is', 'removals are')} right`), value: String(guard.removals) }],
          },
        },
      ]
    : [];
  return {
    type: 'modal' as const,
    callback_id: Views.reportConfirm,
    private_metadata: encodeConfirm({ reportId: view.report.id, upToSeq: view.maxSeq, count: guard.removals, approve }),
    title: plain(approve ? 'Approve all' : 'Confirm report', 24),
    submit: plain(approve ? `Approve ${t.pending.toLocaleString('en-US')}` : 'Confirm', 24),
    close: plain('Cancel', 24),
    blocks: [section(lead), ...held, ...(approve && names.length ? [section([...names, ...more].join('\n'))] : [])],
  };
}

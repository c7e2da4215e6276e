import type { Tally } from '../../domain/deprovision.js';
import { waitedWords, type WaitingReport } from '../../domain/report-reminders.js';
import { plural } from '../../domain/wording.js';
import { bounded, context, escapeMrkdwn, plain, section, slackDate } from './text.js';
import { Actions } from '../ids.js';

/** "5 removed, 1 already gone from Meta, 2 kept with an exemption, 1 closed by itself". */
export function summaryWords(t: Tally): string {
  const parts: Array<[number, string, string]> = [
    [t.removed, 'removed', 'removed'],
    [t.alreadyGone, 'already gone from Meta', 'already gone from Meta'],
    [t.rejected, 'kept with an exemption', 'kept with an exemption'],
    [t.resolved, 'closed by itself', 'closed by themselves'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many)).join(', ') || 'nothing to do';
}

/** The summary a closed report leaves in the hub's channel (and the team-wide one). */
export function reportClosedMessage(hub: { label: string }, report: { openedAt: Date; closedAt: Date | null }, t: Tally) {
  const label = escapeMrkdwn(hub.label);
  const words = summaryWords(t);
  return {
    text: `The deprovision report for ${label} is closed: ${words}.`,
    blocks: [
      section(`:white_check_mark: The deprovision report for *${label}* is closed: ${words}.`),
      context(`${plural(t.total, 'item')} · opened ${slackDate(report.openedAt)} · closed ${slackDate(report.closedAt ?? report.openedAt)}`),
    ],
  };
}

const line = (report: WaitingReport, now: Date) =>
  `• *${escapeMrkdwn(report.hubLabel)}*: ${plural(report.pending, 'removal')} waiting, the oldest for ${waitedWords(now.getTime() - report.oldestPendingAt.getTime())} — the report is in <#${report.channelId}>`;

/** One reminder per owner per day, however many items wait. */
export function reminderMessage(reports: readonly WaitingReport[], now: Date) {
  const total = reports.reduce((sum, report) => sum + report.pending, 0);
  return {
    text: `Reminder: ${plural(total, 'removal')} ${total === 1 ? 'waits' : 'wait'} for your decision on deprovision reports.`,
    blocks: [
      section(`:bell: *${plural(total, 'removal')}* ${total === 1 ? 'waits' : 'wait'} for your decision. People the directory deactivated still have access until an owner decides.`),
      section(bounded(reports.map((report) => line(report, now)), 20).join('\n')),
      context('Approve or reject on the report card, or see it again with `/hub report <hub>`.'),
    ],
  };
}

/**
 * After the escalation time: the admins (or the team-wide channel) hear which items wait, for how long, and can act.
 * The message is redrawn as items are decided (`escalatedAt` given): it then shows what still waits, or that nothing does.
 */
export function escalationMessage(report: WaitingReport, now: Date, escalatedAt?: Date) {
  const owners = report.ownerIds.map((id) => `<@${id}>`).join(', ') || 'no owners';
  const since = escalatedAt ? `Escalated ${slackDate(escalatedAt)}; this message follows the report as it is decided. ` : '';
  if (report.pending === 0) {
    return {
      text: `Escalation settled: nothing waits for the owners of ${escapeMrkdwn(report.hubLabel)} any more.`,
      blocks: [
        section(`:white_check_mark: Nothing waits any more in *${escapeMrkdwn(report.hubLabel)}*: every removal this escalation named has been decided.`),
        context(`${since}The report is in <#${report.channelId}>.`),
      ],
    };
  }
  const waited = waitedWords(now.getTime() - report.oldestPendingAt.getTime());
  const items = report.waitingItems ?? [];
  const lines = items.map((item) => `• ${escapeMrkdwn(item.name ?? item.email ?? 'a member')}${item.name && item.email ? ` (${escapeMrkdwn(item.email)})` : ''} — waiting ${waitedWords(now.getTime() - item.addedAt.getTime())}`);
  const unnamed = report.pending - items.length;
  const have = report.pending === 1 ? 'has' : 'have';
  const button = (actionId: string, text: string, style?: 'primary') => ({
    type: 'button' as const, action_id: actionId, text: plain(text, 75), value: report.hubId, ...(style ? { style } : {}),
  });
  return {
    text: `Escalation: ${plural(report.pending, 'removal')} in ${escapeMrkdwn(report.hubLabel)} ${have} waited ${waited} for the owners.`,
    blocks: [
      section(`:rotating_light: *${plural(report.pending, 'removal')}* in *${escapeMrkdwn(report.hubLabel)}* ${have} waited ${waited} for a decision. People the directory deactivated still have access.`),
      ...(lines.length ? [section([...lines, ...(unnamed > 0 ? [`…and ${plural(unnamed, 'more item')}`] : [])].join('\n'))] : []),
      {
        type: 'actions' as const,
        block_id: `escalation_${report.reportId}`,
        elements: [
          button(Actions.reportReview, 'Open the report'),
          button(Actions.escalationAddOwner, 'Add an owner'),
          ...(report.adminsMayDecide ? [button(Actions.escalationDecide, 'Decide', 'primary')] : []),
        ],
      },
      context(`${since}Owners: ${owners}. The report is in <#${report.channelId}>.${report.adminsMayDecide ? ' This hub lets Hubkeeper admins decide too.' : ''}`),
    ],
  };
}

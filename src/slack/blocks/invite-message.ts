import { roleLabel } from '../../domain/invitations.js';
import { inviteOutcome, readInviteFigures } from '../../domain/task-outcomes.js';
import { plural } from '../../domain/wording.js';
import { notedEmails } from './invite-modal.js';
import { requesterLabel, type TaskView } from './task-message.js';
import { context, escapeMrkdwn, section, slackDate } from './text.js';

export type InviteView = { email: string; status: 'waiting' | 'sending' | 'invited' | 'duplicate' | 'failed' | 'cancelled'; note: string | null; error: string | null };
type HubRef = { id: string; label: string };
type Task = TaskView & { input?: unknown };

function about(task: Task) {
  const input = (task.input ?? {}) as { role?: string; invitedUserType?: string; source?: string; groupName?: string };
  const role = `${roleLabel(input.role)}${input.invitedUserType === 'MWA' ? ' (work accounts)' : ''}`;
  const from = input.source === 'group' && input.groupName ? ` · joined the identity-provider group *${escapeMrkdwn(input.groupName)}*` : '';
  return { role, from };
}

function sorted(items: readonly InviteView[]) {
  const of = (...statuses: InviteView['status'][]) => items.filter((item) => statuses.includes(item.status));
  return { sent: of('invited'), toGo: of('waiting', 'sending'), already: of('duplicate'), cancelled: of('cancelled'), failed: of('failed') };
}

function detailLines(items: readonly InviteView[], done: boolean): string[] {
  const s = sorted(items);
  const lines: string[] = [];
  if (s.sent.length && !done) lines.push(`• Sent: ${notedEmails(s.sent.map(({ email }) => ({ email, note: null })))}`);
  if (s.toGo.length) lines.push(`• Waiting: ${notedEmails(s.toGo.map(({ email }) => ({ email, note: null })))}`);
  if (s.already.length) lines.push(`• Not invited again: ${notedEmails(s.already)}`);
  if (s.cancelled.length) lines.push(`• Not sent: ${notedEmails(s.cancelled)}`);
  for (const item of s.failed.slice(0, 10)) lines.push(`• Failed: ${escapeMrkdwn(item.email)} — ${escapeMrkdwn(item.error ?? 'Meta refused.')}`);
  if (s.failed.length > 10) lines.push(`• …and ${s.failed.length - 10} more failed`);
  return lines;
}

/** The one message that shows an invitation task, from queued through Meta's daily cap to its outcome. */
export function inviteTaskMessage(hub: HubRef, task: Task, items: readonly InviteView[]) {
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const { role, from } = about(task);
  const asked = `Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}${from}`;
  const s = sorted(items);
  const people = plural(s.sent.length + s.toGo.length + s.failed.length, 'person', 'people');
  const done = task.status === 'completed' || task.status === 'failed';
  let head: string;
  let text: string;
  const waiting = task.progress?.waitingUntil ? new Date(task.progress.waitingUntil) : null;
  if (!done && waiting && task.progress?.phase === 'waiting_for_invite_cap') {
    text = `Meta's daily invitation limit for ${escapeMrkdwn(hub.label)} is reached: ${s.sent.length} sent, ${s.toGo.length} waiting until ${waiting.toISOString()}.`;
    head = `:hourglass_flowing_sand: Meta's daily limit on invitations for ${label} is reached. ${plural(s.sent.length, 'invitation')} sent; the other ${plural(s.toGo.length, 'waits', 'wait')} until ${slackDate(waiting)} and go out then — nothing to do.`;
  } else if (!done && waiting) {
    text = `Meta asked Hubkeeper to slow down: invitations to ${escapeMrkdwn(hub.label)} resume at ${waiting.toISOString()}.`;
    head = `:snail: Meta asked us to slow down. ${plural(s.sent.length, 'invitation')} sent; the other ${plural(s.toGo.length, 'goes', 'go')} out from ${slackDate(waiting, '{time}')}.`;
  } else if (!done) {
    text = `Inviting ${people} to ${escapeMrkdwn(hub.label)} as ${role}…`;
    head = `:envelope_with_arrow: Inviting ${people} to ${label} as ${role}… ${s.sent.length} sent, ${s.toGo.length} to go.`;
  } else if (task.status === 'completed') {
    text = s.sent.length ? `Invited ${plural(s.sent.length, 'person', 'people')} to ${hub.label} as ${role}.` : `Nobody new to invite to ${hub.label}.`;
    head = s.sent.length
      ? `:white_check_mark: Invited ${plural(s.sent.length, 'person', 'people')} to ${label} as ${role}: ${notedEmails(s.sent.map(({ email }) => ({ email, note: null })), 20)}.`
      : `:white_check_mark: Nobody new to invite to ${label}.`;
  } else {
    text = `Could not invite ${people} to ${escapeMrkdwn(hub.label)}: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
    head = `:x: Could not invite ${people} to ${label}.\n${escapeMrkdwn(task.error ?? 'Unknown error.')}`;
  }
  const cap = waiting && task.progress?.phase === 'waiting_for_invite_cap'
    ? [context('Meta limits how many invitations a business can send; the limit lifts 24 hours after it was reached.')]
    : [];
  const lines = detailLines(items, done);
  return { text, blocks: [section([head, ...lines].join('\n')), ...cap, context(asked)] };
}

/** The short line a channel (and the automation log) shows when an invitation task finishes: its figures, as stored. */
export function inviteResultLine(hub: { label: string }, task: Task): string {
  const { role } = about(task);
  const label = escapeMrkdwn(hub.label);
  const figures = readInviteFigures(task.summary);
  if (task.status === 'failed') {
    const people = figures ? ` ${plural(figures.failed, 'person', 'people')}` : '';
    return `:x: Could not invite${people} to ${label}: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
  }
  if (!figures) return `:white_check_mark: Invitations to ${label} as ${role} are settled.`;
  return `:white_check_mark: ${inviteOutcome(figures, ` to ${label} as ${role}`)}.`;
}

import { MAX_INVITES_PER_REQUEST, roleLabel, type InviteNote } from '../../domain/invitations.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { InviteFields as F, Views } from '../ids.js';
import { roleSelect } from './role-options.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';

type Hub = { id: string; label: string; loginMethod: 'sso' | 'password'; channelId: string };

/** `/hub invite`: emails and/or directory people, a Meta role, and (with SSO) a work account. */
export function inviteModal(hub: Hub, pausedUntil: Date | null) {
  const workAccount = { text: plain('Invite as a Meta work account'), value: 'yes', description: plain('An account managed by your organization: they log in with single sign-on.') };
  const blocks: unknown[] = [
    section(`Meta emails each person an invitation to *${escapeMrkdwn(hub.label)}*. Anyone already there (or already invited) is reported, not invited again.`),
    {
      type: 'input',
      block_id: F.emails.block,
      optional: true,
      label: plain('Work emails'),
      element: { type: 'plain_text_input', action_id: F.emails.action, multiline: true, placeholder: plain('ana.brown@acme.example, ben.silva@acme.example') },
      hint: plain(`One per line, or separated by commas. Up to ${MAX_INVITES_PER_REQUEST} at a time.`),
    },
    {
      type: 'input',
      block_id: F.people.block,
      optional: true,
      label: plain('Or pick people from the directory'),
      element: { type: 'multi_external_select', action_id: F.people.action, min_query_length: 2, placeholder: plain('Search by name or email') },
    },
    roleSelect(F.role, 'Role in Meta', 'EMPLOYEE', 'Admin has full control of the business; Employee works on the assets assigned to them.'),
  ];
  if (hub.loginMethod === 'sso') {
    blocks.push({
      type: 'input',
      block_id: F.workAccount.block,
      optional: true,
      label: plain('Account'),
      element: { type: 'checkboxes', action_id: F.workAccount.action, options: [workAccount], initial_options: [workAccount] },
    });
  }
  if (pausedUntil) {
    blocks.push(context(`:hourglass_flowing_sand: Meta's daily limit on invitations for this business is reached until ${slackDate(pausedUntil)}. New invitations wait until then; nothing is lost.`));
  }
  return {
    type: 'modal' as const,
    callback_id: Views.inviteMembers,
    private_metadata: encodeHubContext({ hubId: hub.id }),
    title: plain('Invite people', 24),
    submit: plain('Invite', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

const NOTES: Readonly<Record<InviteNote, string>> = {
  member: 'already a member',
  invited: 'already invited',
  in_flight: 'an invitation is already on its way',
  deactivated: 'deactivated in the directory',
  left_group: 'left the group',
  unmapped: 'the group was unmapped',
};

/** "ana@x.com (already a member), ben@x.com (already invited)", escaped; the first `max`. */
export function notedEmails(list: ReadonlyArray<{ email: string; note: string | null }>, max = 10, escape: (s: string) => string = escapeMrkdwn): string {
  const shown = list.slice(0, max).map(({ email, note }) => `${escape(email)}${note ? ` (${NOTES[note as InviteNote] ?? escape(note)})` : ''}`);
  return `${shown.join(', ')}${list.length > max ? `, and ${list.length - max} more` : ''}`;
}

/** What the person who submitted the invite modal sees once it is queued. */
export function invitesQueuedText(hub: Hub, role: string, fresh: string[], duplicates: Array<{ email: string; note: string }>, pausedUntil: Date | null): string {
  const lines = [`Sending ${fresh.length === 1 ? 'an invitation' : `${fresh.length} invitations`} to *${escapeMrkdwn(hub.label)}* as ${roleLabel(role)}: ${notedEmails(fresh.map((email) => ({ email, note: null })))}.`];
  if (duplicates.length) lines.push(`Not invited again: ${notedEmails(duplicates)}.`);
  if (pausedUntil) lines.push(`Meta's daily invitation limit is reached until ${slackDate(pausedUntil)}: they wait until then.`);
  lines.push(`Progress and the outcome show in <#${hub.channelId}>.`);
  return lines.join('\n');
}

/** The inline error when every email already has access (plain text: Slack shows it as typed). */
export function nothingToInviteText(duplicates: Array<{ email: string; note: string }>): string {
  return `Nothing to invite: ${notedEmails(duplicates, 5, (s) => s)}.`;
}

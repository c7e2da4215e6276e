import { roleLabel } from '../../domain/invitations.js';
import { roleChangeInputSchema } from '../../services/access/role-change-input.js';
import type { ListedMember } from '../../services/members/members.js';
import { encodeModalContext, type MemberModalContext } from '../forms/member-metadata.js';
import { RoleFields, Views } from '../ids.js';
import { memberHoldings, memberStatus, memberTitle } from './member-text.js';
import { roleSelect } from './role-options.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';
import { requesterLabel, type TaskView } from './task-message.js';

/** Change role: Meta's roles, starting on the member's current one. */
export function changeRoleModal(hub: { label: string }, member: ListedMember, ctx: MemberModalContext, viewerId: string) {
  const invitation = member.kind === 'invitation';
  return {
    type: 'modal' as const,
    callback_id: Views.changeRole,
    private_metadata: encodeModalContext(ctx),
    title: plain('Change role', 24),
    submit: plain('Change role', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`${memberTitle(member)}\n${memberHoldings(member)}\n${memberStatus(member, viewerId)}`),
      roleSelect(RoleFields.role, invitation ? `Role the invitation grants in ${hub.label}` : `Role in ${hub.label}`, member.metaRole),
      context('Hubkeeper asks Meta now and posts the outcome in the hub’s channel. Meta keeps at least one admin: it refuses to take Admin from the last one.'),
    ],
  };
}

type Task = TaskView & { input?: unknown };

/** The role Meta kept instead of the one asked for, when the read-back differed. */
const keptRole = (task: Task) => (typeof task.summary?.kept === 'string' ? roleLabel(task.summary.kept) : undefined);

function describe(task: Task) {
  const parsed = roleChangeInputSchema.safeParse(task.input);
  const data = parsed.success ? parsed.data : undefined;
  const name = data?.name ?? 'a member';
  const email = data?.email && data.email !== data.name ? ` (${escapeMrkdwn(data.email)})` : '';
  const what = data?.memberKind === 'invitation' ? 'the invitation of ' : '';
  return { name, who: `${what}*${escapeMrkdwn(name)}*${email}`, from: roleLabel(data?.from), to: roleLabel(data?.to) };
}

/** The one message in the hub's channel that shows a role change, from queued to its outcome. */
export function roleChangeTaskMessage(hub: { label: string }, task: Task) {
  const { name, who, from, to } = describe(task);
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const asked = context(`Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}`);
  switch (task.status) {
    case 'queued':
    case 'running':
      return { text: `Changing the role of ${escapeMrkdwn(name)} in ${escapeMrkdwn(hub.label)} from ${from} to ${to}…`, blocks: [section(`:hourglass_flowing_sand: Changing the role of ${who} in ${label} from ${from} to *${to}*…`), asked] };
    case 'completed': {
      const kept = keptRole(task);
      if (kept) {
        const why = `Meta accepted the request but kept the role ${kept}, not ${to}. Meta may not allow ${to} for this account (for example a work account or a partner's person); set it in Business Settings → People, or choose another role.`;
        return { text: `Asked Meta to make ${escapeMrkdwn(name)} ${to} in ${escapeMrkdwn(hub.label)}; ${why}`, blocks: [section(`:warning: Asked Meta to make ${who} *${to}* in ${label}.\n${why}`), asked] };
      }
      return { text: `Changed the role of ${escapeMrkdwn(name)} in ${escapeMrkdwn(hub.label)} from ${from} to ${to}.`, blocks: [section(`:white_check_mark: Changed the role of ${who} in ${label} from ${from} to *${to}*.`), asked] };
    }
    case 'failed':
      return {
        text: `Could not change the role of ${escapeMrkdwn(name)} in ${escapeMrkdwn(hub.label)}: ${escapeMrkdwn(task.error ?? 'unknown error')}`,
        blocks: [section(`:x: Could not change the role of ${who} in ${label} to ${to}.\n${escapeMrkdwn(task.error ?? 'Unknown error.')}`), context(`Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)} · Their role is still ${from}.`)],
      };
  }
}

/** The short line a channel gets when a role change finishes. */
export function roleChangeResultLine(hub: { label: string }, task: Task): string {
  const { who, from, to } = describe(task);
  if (task.status === 'failed') return `:x: Could not change the role of ${who} in ${escapeMrkdwn(hub.label)}: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
  const kept = keptRole(task);
  return kept
    ? `:warning: Asked Meta to make ${who} ${to} in ${escapeMrkdwn(hub.label)}; Meta kept ${kept}.`
    : `:white_check_mark: Changed the role of ${who} in ${escapeMrkdwn(hub.label)} from ${from} to ${to}.`;
}

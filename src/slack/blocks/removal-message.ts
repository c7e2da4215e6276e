import { removalWasAlreadyGone } from '../../domain/task-outcomes.js';
import { removalInputSchema } from '../../services/members/removal-input.js';
import type { TaskView } from './task-message.js';
import { requesterLabel } from './task-message.js';
import { context, escapeMrkdwn, section, slackDate } from './text.js';

type HubRef = { id: string; label: string };

function who(task: TaskView) {
  const input = removalInputSchema.safeParse((task as { input?: unknown }).input);
  const data = input.success ? input.data : undefined;
  const name = escapeMrkdwn(data?.name ?? 'a member');
  const email = data?.email && data.email !== data.name ? ` (${escapeMrkdwn(data.email)})` : '';
  return { data, person: `*${name}*${email}`, invitation: data?.memberKind === 'invitation' };
}

/** The one message in the hub's channel that shows a removal, from queued to its outcome. */
export function removalTaskMessage(hub: HubRef, task: TaskView & { input?: unknown }) {
  const { data, person, invitation } = who(task);
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const asked = `Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}${data?.reason ? ` · reason: “${escapeMrkdwn(data.reason)}”` : ''}`;
  const holdings = data ? escapeMrkdwn(data.holdings) : '';
  const verb = invitation ? 'Cancelling the invitation of' : 'Removing';
  switch (task.status) {
    case 'queued':
    case 'running':
      return {
        text: `${verb} ${escapeMrkdwn(data?.name ?? 'a member')} from ${escapeMrkdwn(hub.label)}…`,
        blocks: [section(`:hourglass_flowing_sand: ${verb} ${person} from ${label}… (${holdings})`), context(asked)],
      };
    case 'completed': {
      const gone = removalWasAlreadyGone(task.summary);
      const done = invitation ? 'Cancelled the invitation of' : 'Removed';
      const line = gone
        ? `:white_check_mark: ${person} was already gone from ${label} in Meta; Hubkeeper now shows them as removed.`
        : `:white_check_mark: ${done} ${person} from ${label}. Access that went with it: ${holdings}.`;
      const text = gone ? `${data?.name ?? 'A member'} was already gone from ${hub.label}.` : `${done} ${data?.name ?? 'a member'} from ${hub.label}.`;
      return { text, blocks: [section(line), context(asked)] };
    }
    case 'failed':
      return {
        text: `Could not remove ${escapeMrkdwn(data?.name ?? 'a member')} from ${escapeMrkdwn(hub.label)}: ${escapeMrkdwn(task.error ?? 'unknown error')}`,
        blocks: [
          section(`:x: Could not remove ${person} from ${label}.\n${escapeMrkdwn(task.error ?? 'Unknown error.')}`),
          context(`${asked} · The member is back in the list as before.`),
        ],
      };
  }
}

/** The short line a channel (and the automation log) shows when a removal finishes: what it took away, or that they were already gone. */
export function removalResultLine(hub: { label: string }, task: TaskView & { input?: unknown }): string {
  const { data, person, invitation } = who(task);
  const label = escapeMrkdwn(hub.label);
  const approved = data?.report ? ', as approved on the deprovision report' : '';
  if (task.status === 'failed') return `:x: Could not remove ${person} from ${label}: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
  if (removalWasAlreadyGone(task.summary)) return `:white_check_mark: ${person} was already gone from ${label} in Meta; nothing was taken away${approved}.`;
  if (invitation) return `:white_check_mark: Cancelled the invitation of ${person} to ${label}${approved}.`;
  return `:white_check_mark: Removed ${person} from ${label}${approved}; access that went with it: ${data ? escapeMrkdwn(data.holdings) : 'unknown'}.`;
}

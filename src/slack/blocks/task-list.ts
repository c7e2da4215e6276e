import type { Hub } from '../../services/hub-setup/hubs.js';
import type { Task } from '../../services/tasks/types.js';
import { formatDuration } from '../../domain/wording.js';
import { requesterLabel } from './task-message.js';
import { taskResultLine } from './task-result.js';
import { context, escapeMrkdwn, section, slackDate } from './text.js';

const KIND = { sync: 'Check for updates', remove_member: 'Remove member', invite_member: 'Invite', change_role: 'Change role', asset_access: 'Asset access' } as const;
const ICON = { queued: ':hourglass_flowing_sand:', running: ':arrows_counterclockwise:', completed: ':white_check_mark:', failed: ':x:' } as const;

function outcome(hub: Hub, task: Task): string {
  if (task.status === 'completed' || task.status === 'failed') {
    return taskResultLine(hub, task).replace(/^:\w+: /, '');
  }
  if (task.progress?.waitingUntil) return `waiting for Meta until ${slackDate(new Date(task.progress.waitingUntil))}`;
  return task.status === 'running' ? 'in progress' : 'waiting to start';
}

/** The automation log of one hub, newest first. */
export function taskListBlocks(hub: Hub, tasks: Task[], now: Date) {
  if (tasks.length === 0) {
    return { text: `No tasks yet for ${escapeMrkdwn(hub.label)}.`, blocks: [section(`No tasks yet for *${escapeMrkdwn(hub.label)}*.`)] };
  }
  const rows = tasks.map((task) => {
    const end = task.finishedAt ?? (task.status === 'running' ? now : null);
    const took = task.startedAt && end ? ` · took ${formatDuration(end.getTime() - task.startedAt.getTime())}` : '';
    return section(
      `${ICON[task.status]} *${KIND[task.kind]}* — ${task.status}\n${outcome(hub, task)}\n_by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}${took}_`,
    );
  });
  return {
    text: `Recent tasks of ${escapeMrkdwn(hub.label)}: ${tasks.map((task) => `${KIND[task.kind]} ${task.status}`).join(', ')}`,
    blocks: [section(`*Automation log of ${escapeMrkdwn(hub.label)}*`), ...rows, context(`Showing the last ${tasks.length}.`)],
  };
}

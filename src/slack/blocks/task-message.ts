import type { TaskProgress } from '../../../db/schema.js';
import { formatDuration, plural, type SyncSummary } from '../../domain/sync-summary.js';
import { Actions } from '../ids.js';
import { context, escapeMrkdwn, section, slackDate } from './text.js';

export type TaskView = {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  requestedBy: string;
  progress: TaskProgress | null;
  summary: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const EDGE_LABELS: Record<string, string> = {
  business_users: 'People',
  invitations: 'Pending invitations',
  system_users: 'System users',
  partners: 'Partners',
  assets: 'Assets',
  asset_access: 'Asset access checked',
};

const STATE_LABELS: Record<string, string> = {
  unmatched: 'unmatched',
  onboarded: 'onboarded',
  guest: 'guests',
  exempted: 'exempted',
  removal_pending: 'removal pending',
  removed: 'removed',
};

export function requesterLabel(requestedBy: string): string {
  if (requestedBy === 'schedule') return 'the daily schedule';
  if (requestedBy === 'directory') return 'a directory change';
  return `<@${requestedBy}>`;
}

function progressLines(progress: TaskProgress | null): string[] {
  if (!progress) return [];
  return Object.entries(progress.counts).map(([edge, { fetched, total }]) => {
    const label = EDGE_LABELS[edge] ?? edge;
    return `• ${label}: ${fetched.toLocaleString('en-US')}${total !== undefined ? ` of ${total.toLocaleString('en-US')}` : ''}`;
  });
}

function summaryLines(summary: SyncSummary): string[] {
  const states = Object.entries(summary.membersByState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n.toLocaleString('en-US')} ${STATE_LABELS[state] ?? state}`);
  const total = Object.values(summary.membersByState).reduce((a, b) => a + b, 0);
  const assets = Object.values(summary.assetsByKind).reduce((a, b) => a + b, 0);
  const lines = [`*${plural(total, 'member')}*${states.length ? `: ${states.join(', ')}` : ''} · ${plural(assets, 'asset')}`];
  const who = (list: SyncSummary['newMembers']) =>
    list.slice(0, 10).map((m) => escapeMrkdwn(m.name ?? m.email ?? 'unknown')).join(', ');
  if (summary.newMemberCount > 0) {
    lines.push(`New: ${plural(summary.newMemberCount, 'member')} (${who(summary.newMembers)}${summary.newMemberCount > 10 ? ', …' : ''})`);
  }
  if (summary.goneMemberCount > 0) {
    lines.push(`Gone from Meta: ${plural(summary.goneMemberCount, 'member')} (${who(summary.goneMembers)}${summary.goneMemberCount > 10 ? ', …' : ''})`);
  }
  if (summary.warnings?.length) {
    lines.push(`:warning: Meta did not show everything:\n${summary.warnings.map((w) => `• ${escapeMrkdwn(w)}`).join('\n')}`);
  }
  return lines;
}

const checkAgain = (hubId: string) => ({
  type: 'actions' as const,
  block_id: 'task_actions',
  elements: [{ type: 'button' as const, action_id: Actions.syncHub, text: { type: 'plain_text' as const, text: 'Check again' }, value: hubId }],
});

/** The one message that shows a check for updates, from queued to its result. */
export function syncTaskMessage(hub: { id: string; label: string }, task: TaskView) {
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const asked = `Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}`;
  switch (task.status) {
    case 'queued': {
      const text = `Check for updates of ${hub.label} is queued.`;
      return { text, blocks: [section(`:hourglass_flowing_sand: Check for updates of ${label} is queued.`), context(asked)] };
    }
    case 'running': {
      const waiting = task.progress?.waitingUntil
        ? [section(`:snail: Meta asked us to slow down. Resuming ${slackDate(new Date(task.progress.waitingUntil), 'at {time}')}.`)]
        : [];
      const lines = progressLines(task.progress);
      const text = `Checking ${hub.label} for updates…`;
      return {
        text,
        blocks: [
          section(`:arrows_counterclockwise: Checking ${label} for updates…${lines.length ? `\n${lines.join('\n')}` : ''}`),
          ...waiting,
          context(asked),
        ],
      };
    }
    case 'completed': {
      const summary = task.summary as unknown as SyncSummary;
      const took = formatDuration(summary.durationMs);
      const text = `${hub.label} checked for updates in ${took}.`;
      return {
        text,
        blocks: [
          section(`:white_check_mark: ${label} checked for updates in ${took}.\n${summaryLines(summary).join('\n')}`),
          context(`${asked} · ${plural(summary.requests, 'request')} to Meta`),
          checkAgain(hub.id),
        ],
      };
    }
    case 'failed': {
      const text = `Check for updates of ${hub.label} failed: ${task.error ?? 'unknown error'}`;
      return {
        text,
        blocks: [section(`:x: Check for updates of ${label} failed.\n${escapeMrkdwn(task.error ?? 'Unknown error.')}`), context(asked), checkAgain(hub.id)],
      };
    }
  }
}

/** The short line for the team-wide channel when a task finishes. */
export function taskResultLine(hub: { label: string }, task: TaskView): string {
  if (task.status === 'failed') return `:x: Check for updates of ${escapeMrkdwn(hub.label)} failed: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
  const summary = task.summary as unknown as SyncSummary;
  const total = Object.values(summary.membersByState).reduce((a, b) => a + b, 0);
  return `:white_check_mark: ${escapeMrkdwn(hub.label)} checked: ${plural(total, 'member')}, ${summary.newMemberCount} new, ${summary.goneMemberCount} gone.`;
}

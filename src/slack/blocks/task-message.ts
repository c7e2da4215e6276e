import type { TaskProgress } from '../../../db/schema.js';
import { MEMBER_STATES, stateCount, type SyncSummary } from '../../domain/sync-summary.js';
import { formatDuration, memberKindWords, plural } from '../../domain/wording.js';
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
  const states = MEMBER_STATES.map((state) => [state, summary.membersByState[state] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => stateCount(state, n));
  const service = summary.matching?.serviceAccounts ?? 0;
  const total = Object.values(summary.membersByState).reduce((a, b) => a + b, 0) + service;
  const assets = Object.values(summary.assetsByKind).reduce((a, b) => a + b, 0);
  const apart = service > 0 ? ` · ${plural(service, 'service account')} (system users, partners) listed apart` : '';
  const lines = [`*${plural(total, 'member')}*${states.length ? `: ${states.join(', ')}` : ''}${apart} · ${plural(assets, 'asset')}`];
  lines.push(...matchingLines(summary), ...reportLines(summary));
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

function matchingLines(summary: SyncSummary): string[] {
  const matching = summary.matching;
  if (!matching) return [];
  const lines: string[] = loginSwitchLines(summary);
  const off = summary.notOnWorkAccount;
  if (off && off.count > 0) {
    const names = off.sample.map((m) => {
      const about = [m.name ? m.email : null, memberKindWords(m.kind, m.accountType)].filter(Boolean).join(', ');
      return escapeMrkdwn(`${m.name ?? m.email ?? 'unknown'}${about ? ` (${about})` : ''}`);
    });
    const more = off.count > names.length ? ', …' : '';
    lines.push(`:warning: ${plural(off.count, 'member matches', 'members match')} no work account in the directory and need${off.count === 1 ? 's' : ''} attention (with single sign-on everyone should log in with their work account): ${names.join(', ')}${more}`);
  } else if (matching.ssoNotInDirectory > 0) {
    lines.push(`:warning: With single sign-on every member should match the directory by their work account: ${plural(matching.ssoNotInDirectory, 'member')} did not.`);
  }
  if (matching.ambiguous > 0) lines.push(`${plural(matching.ambiguous, 'member')} not matched: two or more directory people share their email.`);
  if (matching.directoryInactive > 0) lines.push(`${plural(matching.directoryInactive, 'member')} matched to people deactivated in the directory.`);
  return lines;
}

/** The first check after a login switch says what the switch did to matching. */
function loginSwitchLines(summary: SyncSummary): string[] {
  const change = summary.loginSwitch;
  const m = summary.matching;
  if (!change || !m) return [];
  const who = requesterLabel(change.by);
  if (change.to === 'password') {
    return [`:twisted_rightwards_arrows: First check since ${who} switched to username and password: members were re-matched by any email the directory knows.`];
  }
  const people = m.onboarded + m.guest + m.unmatched + m.exempted + m.removalPending;
  const all = summary.notOnWorkAccount?.count === 0 ? ' :tada:' : '';
  return [`:twisted_rightwards_arrows: First check since ${who} switched to single sign-on: *${m.onboarded.toLocaleString('en-US')} of ${plural(people, 'member')}* match their work account.${all}`];
}

const button = (actionId: string, text: string, value: string) => ({
  type: 'button' as const, action_id: actionId, text: { type: 'plain_text' as const, text }, value,
});

/** What the check did to the hub's deprovision report. */
function reportLines(summary: SyncSummary): string[] {
  const report = summary.report;
  if (!report || (report.added === 0 && report.closed === 0 && report.pending === 0)) return [];
  const changes = [report.added ? `${report.added.toLocaleString('en-US')} new` : '', report.closed ? `${report.closed.toLocaleString('en-US')} closed by themselves` : ''].filter(Boolean);
  const held = report.held ? ' — :warning: held by the removal safeguard until an owner confirms it' : '';
  return [`:clipboard: Deprovision report: ${changes.length ? `${changes.join(', ')}; ` : ''}${plural(report.pending, 'removal')} waiting for the owners${held}.`];
}

const checkAgain = (hubId: string, unmatched = 0, reportPending = 0) => ({
  type: 'actions' as const,
  block_id: 'task_actions',
  elements: [
    ...(unmatched > 0 ? [button(Actions.membersReview, `Review ${unmatched.toLocaleString('en-US')} unmatched`, hubId)] : []),
    ...(reportPending > 0 ? [button(Actions.reportReview, `Review report (${reportPending.toLocaleString('en-US')} waiting)`, hubId)] : []),
    button(Actions.syncHub, 'Check again', hubId),
  ],
});

/** The one message that shows a check for updates, from queued to its result. */
export function syncTaskMessage(hub: { id: string; label: string }, task: TaskView) {
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const asked = `Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}`;
  switch (task.status) {
    case 'queued': {
      const text = `Check for updates of ${escapeMrkdwn(hub.label)} is queued.`;
      return { text, blocks: [section(`:hourglass_flowing_sand: Check for updates of ${label} is queued.`), context(asked)] };
    }
    case 'running': {
      const waiting = task.progress?.waitingUntil
        ? [section(`:snail: Meta asked us to slow down. Resuming ${slackDate(new Date(task.progress.waitingUntil), 'at {time}')}.`)]
        : [];
      const lines = progressLines(task.progress);
      const text = `Checking ${escapeMrkdwn(hub.label)} for updates…`;
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
      const text = `${escapeMrkdwn(hub.label)} checked for updates in ${took}.`;
      return {
        text,
        blocks: [
          section(`:white_check_mark: ${label} checked for updates in ${took}.\n${summaryLines(summary).join('\n')}`),
          context(`${asked} · ${plural(summary.requests, 'request')} to Meta`),
          checkAgain(hub.id, summary.matching ? summary.membersByState.unmatched : 0, summary.report?.pending ?? 0),
        ],
      };
    }
    case 'failed': {
      const text = `Check for updates of ${escapeMrkdwn(hub.label)} failed: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
      return {
        text,
        blocks: [section(`:x: Check for updates of ${label} failed.\n${escapeMrkdwn(task.error ?? 'Unknown error.')}`), context(asked), checkAgain(hub.id)],
      };
    }
  }
}

/** The short line a channel gets when a check for updates finishes: its figures, and the report it left. */
export function syncResultLine(hub: { label: string }, task: TaskView): string {
  if (task.status === 'failed') return `:x: Check for updates of ${escapeMrkdwn(hub.label)} failed: ${escapeMrkdwn(task.error ?? 'unknown error')}`;
  const summary = task.summary as unknown as SyncSummary;
  const total = Object.values(summary.membersByState).reduce((a, b) => a + b, 0) + (summary.matching?.serviceAccounts ?? 0);
  const unmatched = summary.matching && summary.membersByState.unmatched > 0 ? ` (${summary.membersByState.unmatched.toLocaleString('en-US')} unmatched)` : '';
  const pending = summary.report?.pending ?? 0;
  const report = pending > 0 ? `; ${plural(pending, 'removal waits', 'removals wait')} on the deprovision report${summary.report?.held ? ', held by the safeguard' : ''}` : '';
  return `:white_check_mark: ${escapeMrkdwn(hub.label)} checked: ${plural(total, 'member')}${unmatched}, ${summary.newMemberCount.toLocaleString('en-US')} new, ${summary.goneMemberCount.toLocaleString('en-US')} gone${report}.`;
}

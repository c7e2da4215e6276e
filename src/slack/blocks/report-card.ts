import { plural } from '../../domain/wording.js';
import type { ReportItem } from '../../services/reports/items.js';
import type { CardPlace, ReportView } from '../../services/reports/view.js';
import { canReinvite } from '../../domain/deprovision.js';
import { Actions, ReportBlocks } from '../ids.js';
import { itemAccess, itemCause, itemStatus, itemTitle } from './report-text.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';


type Style = 'primary' | 'danger';
const button = (actionId: string, text: string, value: string, style?: Style) => ({
  type: 'button' as const, action_id: actionId, text: plain(text, 75), value, ...(style ? { style } : {}),
});

const LOGIN = {
  password: 'Login is *username and password*: Hubkeeper is the path to Meta, and removes what you approve.',
  sso: 'Login is *single sign-on*: the IdP should already have removed these work accounts, yet they are still present in Meta. Approving removes them here as the fallback.',
} as const;

/** "3 waiting · 2 removed · 1 kept", the counts that are not zero. */
export function tallyWords(view: Pick<ReportView, 'tally'>): string {
  const t = view.tally;
  const parts: Array<[number, string]> = [
    [t.pending, 'waiting for a decision'], [t.removing, 'being removed'], [t.removed, 'removed'], [t.alreadyGone, 'already gone'],
    [t.failed, 'failed'], [t.rejected, 'kept'], [t.resolved, 'closed by themselves'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, words]) => `${n.toLocaleString('en-US')} ${words}`).join(' · ') || 'no items';
}

function itemButtons(view: ReportView, item: ReportItem, place: CardPlace) {
  const id = item.id;
  if (item.decision === 'pending') {
    return [
      ...(view.safeguard.held ? [] : [button(Actions.reportApprove, 'Approve', id, 'primary')]),
      button(Actions.reportReject, 'Reject…', id),
    ];
  }
  if (item.decision === 'approved' && item.outcome === 'failed') return [button(Actions.reportRetry, 'Retry', id, 'primary'), button(Actions.reportReject, 'Keep them…', id)];
  if (canReinvite(item, place.now, place.reinviteWindowMs)) return [button(Actions.reportReinvite, 'Re-invite', id)];
  return [];
}

function itemBlocks(view: ReportView, item: ReportItem, place: CardPlace) {
  const sso = view.hub.loginMethod === 'sso' && item.decision === 'pending' ? '\n:key: Work account still present in Meta.' : '';
  const paused = view.hub.invitesPausedUntil;
  const lifts = item.reinviteStatus === 'failed' && paused && paused > place.now ? ` It lifts ${slackDate(paused)}.` : '';
  const status = `${itemStatus(item)}${lifts}`;
  const text = `${itemTitle(item)}\n${itemCause(item, place.now)}\n${itemAccess(item)}${sso}${status ? `\n${status}` : ''}`;
  const buttons = itemButtons(view, item, place);
  return [section(text), ...(buttons.length ? [{ type: 'actions' as const, block_id: `${ReportBlocks.itemPrefix}${item.id}`, elements: buttons }] : [])];
}

function headBlocks(view: ReportView) {
  const { report, hub, safeguard: guard, tally: t } = view;
  const label = `*${escapeMrkdwn(hub.label)}*`;
  if (report.status === 'closed') {
    return [section(`:white_check_mark: Deprovision report for ${label} — closed ${slackDate(report.closedAt ?? report.openedAt)}.\n${tallyWords(view)}`)];
  }
  const blocks: unknown[] = [section(`:clipboard: *Deprovision report* for ${label}: ${tallyWords(view)}\n${LOGIN[hub.loginMethod]}`)];
  if (guard.held) {
    blocks.push(section(
      `:warning: *Held by the removal safeguard.* This report would remove *${plural(guard.removals, 'member')}* of ${guard.members.toLocaleString('en-US')} (${guard.percent} %), more than the ${guard.thresholdPct} % ${label} allows at once. Nothing can be approved until an owner confirms the whole report — a broken directory feed must never empty a business.`,
    ));
  } else if (guard.over && report.confirmedBy) {
    blocks.push(context(`Safeguard confirmed by <@${report.confirmedBy}> ${report.confirmedAt ? slackDate(report.confirmedAt) : ''} for ${plural(report.confirmedCount ?? 0, 'removal')}.`));
  }
  const actions = [
    ...(guard.held ? [button(Actions.reportConfirm, `Review and confirm ${plural(guard.removals, 'removal')}…`, report.id, 'danger')] : []),
    ...(t.pending > 0 ? [button(Actions.reportApproveAll, t.pending === 1 ? 'Approve all…' : `Approve all ${t.pending.toLocaleString('en-US')}…`, report.id, guard.held ? undefined : 'primary')] : []),
  ];
  if (actions.length) blocks.push({ type: 'actions', block_id: ReportBlocks.actions, elements: actions });
  return blocks;
}

function navigation(view: ReportView, place: CardPlace) {
  if (view.pages <= 1) return [];
  const value = (page: number) => `${view.report.id}|${page}|${place.cardId ?? '-'}`;
  return [{
    type: 'actions' as const,
    block_id: ReportBlocks.navigation,
    elements: [
      ...(view.page > 0 ? [button(Actions.reportPrevious, '◀ Previous', value(view.page - 1))] : []),
      ...(view.page < view.pages - 1 ? [button(Actions.reportNext, 'Next ▶', value(view.page + 1))] : []),
    ],
  }];
}

/**
 * A report card: counts, the login method's meaning, the safeguard, then one page of items with their
 * buttons (two blocks each) and paging. At 10 items a page it stays near 30 blocks, under Block Kit's 50.
 */
export function reportCard(view: ReportView, place: CardPlace) {
  const owners = view.owners.map((id) => `<@${id}>`).join(', ') || 'nobody yet';
  const pageWords = view.pages > 1 ? ` · page ${view.page + 1} of ${view.pages}` : '';
  const blocks = [
    ...headBlocks(view),
    { type: 'divider' as const },
    ...view.items.flatMap((item) => itemBlocks(view, item, place)),
    ...navigation(view, place),
    context(`Owners of ${escapeMrkdwn(view.hub.label)} decide: ${owners}. Opened ${slackDate(view.report.openedAt)}${pageWords}. Owners can get reports by DM: \`/hub prefs dm on\`.`),
  ];
  const state = view.report.status === 'closed' ? 'closed' : view.safeguard.held ? 'held by the safeguard' : 'open';
  return { text: `Deprovision report for ${escapeMrkdwn(view.hub.label)} (${state}): ${tallyWords(view)}`, blocks };
}

import { roleLabel } from '../../domain/invitations.js';
import { reviewChoices, timeLeftWords } from '../../domain/access-review.js';
import { plural } from '../../domain/wording.js';
import type { CampaignItem } from '../../services/reviews/campaigns.js';
import type { DecisionTally, ReviewCardView, TrackerView } from '../../services/reviews/view.js';
import { Actions, ReviewBlocks } from '../ids.js';
import { decider } from './member-text.js';
import { heldAssets } from './report-text.js';
import { bounded, context, escapeMrkdwn, plain, section, slackDate } from './text.js';

type Style = 'primary' | 'danger';
const button = (actionId: string, text: string, value: string, style?: Style, confirm?: object) => ({
  type: 'button' as const, action_id: actionId, text: plain(text, 75), value, ...(style ? { style } : {}), ...(confirm ? { confirm } : {}),
});

const MATCH: Record<string, string> = {
  onboarded: 'Matched to the directory (onboarded)',
  guest: 'A Slack guest, not in the directory',
  unmatched: 'Not matched to anyone in the directory',
};

const KIND: Record<string, string> = { invitation: ' (pending invitation)', system_user: ' (system user)', partner: ' (partner business)' };

function matchWords(item: CampaignItem): string {
  if (item.memberKind === 'system_user' || item.memberKind === 'partner') return 'A service account, not a person: nobody in the directory to match';
  if (item.matchState === 'exempted') return `Exempted: “${escapeMrkdwn(item.exemptionReason ?? 'no reason given')}”`;
  return MATCH[item.matchState] ?? escapeMrkdwn(item.matchState);
}

/** What they hold: role, then assets with their tasks. */
function holdsWords(item: CampaignItem): string {
  const role = `role ${escapeMrkdwn(roleLabel(item.metaRole))}`;
  if (item.memberKind === 'invitation') return `Holds: a pending invitation (${role})`;
  return `Holds: ${role}${item.accessCount ? ` · ${heldAssets(item)}` : ' · no assets assigned'}`;
}

/** Where the item stands once decided, and who decided when. */
export function reviewStatus(item: CampaignItem, viewerId?: string): string {
  const by = `${item.decidedBy === 'schedule' ? 'the deadline' : decider(item.decidedBy, viewerId)}${item.decidedAt ? ` ${slackDate(item.decidedAt)}` : ''}`;
  switch (item.decision) {
    case 'keep': return `:white_check_mark: Kept by ${by}`;
    case 'remove': return `:wastebasket: Removal decided by ${by} · it goes through the deprovision report`;
    case 'change_role': return `:arrows_counterclockwise: Role change to ${escapeMrkdwn(roleLabel(item.newRole))} asked by ${by}`;
    case 'pending': return item.unreviewedAtDeadline ? ':warning: Not reviewed by the deadline' : '';
  }
}

function itemBlocks(view: ReviewCardView, item: CampaignItem) {
  const name = escapeMrkdwn(item.name ?? item.email ?? 'Unknown member');
  const email = item.email && item.email !== item.name ? ` · ${escapeMrkdwn(item.email)}` : '';
  const kind = KIND[item.memberKind] ?? '';
  const choices = reviewChoices(item.memberKind);
  const open = item.decision === 'pending' && view.campaign.status === 'open';
  const only = open && choices.why ? `\n_Keep only: ${choices.why}_` : '';
  const status = reviewStatus(item, view.reviewerId);
  const text = `*${name}*${kind}${email}\n${holdsWords(item)}\n${matchWords(item)}${status ? `\n${status}` : ''}${only}`;
  if (!open) return [section(text)];
  const confirm = {
    title: plain('Remove their access?', 100),
    text: plain(`${item.name ?? item.email ?? 'They'} goes on the deprovision report of ${view.hub.label}, which removes them from Meta once an owner approves it.`, 300),
    confirm: plain('Remove', 30), deny: plain('Cancel', 30), style: 'danger',
  };
  return [section(text), {
    type: 'actions' as const,
    block_id: `${ReviewBlocks.itemPrefix}${item.id}`,
    elements: [
      button(Actions.reviewKeep, 'Keep', item.id, 'primary'),
      ...(choices.remove ? [button(Actions.reviewRemove, 'Remove', item.id, 'danger', confirm)] : []),
      ...(choices.changeRole ? [button(Actions.reviewChangeRole, 'Change role…', item.id)] : []),
    ],
  }];
}

function navigation(view: ReviewCardView) {
  if (view.pages <= 1) return [];
  const value = (page: number) => `${view.cardId}|${page}`;
  return [{
    type: 'actions' as const,
    block_id: ReviewBlocks.navigation,
    elements: [
      ...(view.page > 0 ? [button(Actions.reviewPrevious, '◀ Previous', value(view.page - 1))] : []),
      ...(view.page < view.pages - 1 ? [button(Actions.reviewNext, 'Next ▶', value(view.page + 1))] : []),
    ],
  }];
}

/** One reviewer's card: what is left, Keep all, then one page of people (two blocks each) and paging. */
export function reviewCard(view: ReviewCardView) {
  const { campaign, hub } = view;
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const closed = campaign.status === 'closed';
  const reviewed = view.total - view.pending;
  const head = closed
    ? `:white_check_mark: The access review of ${label} is closed ${slackDate(campaign.closedAt ?? view.now)}. You reviewed ${reviewed} of ${plural(view.total, 'person', 'people')}.`
    : `:mag: *Access review* of ${label} (${escapeMrkdwn(campaign.scopeLabel)}): does each of these people still need their access?\n*${plural(view.pending, 'person', 'people')} left to review* of ${view.total} · deadline ${slackDate(campaign.deadline)} (${timeLeftWords(view.now, campaign.deadline)}).`;
  const keepAll = !closed && view.pending > 0
    ? [{ type: 'actions' as const, block_id: ReviewBlocks.actions, elements: [button(Actions.reviewKeepAll, `Keep all ${view.pending.toLocaleString('en-US')}`, `${campaign.id}|${view.maxSeq}`, undefined, {
      title: plain('Keep everyone left?', 100),
      text: plain(`This records Keep for all ${plural(view.pending, 'person', 'people')} still waiting on your card, as your decision in the review's evidence.`, 300),
      confirm: plain('Keep all', 30), deny: plain('Cancel', 30),
    })] }]
    : [];
  const pageWords = view.pages > 1 ? ` · page ${view.page + 1} of ${view.pages}` : '';
  const blocks = [
    section(head),
    ...keepAll,
    { type: 'divider' as const },
    ...view.items.flatMap((item) => itemBlocks(view, item)),
    ...navigation(view),
    context(`Started by ${decider(campaign.startedBy)} ${slackDate(campaign.startedAt)}${pageWords}. Remove puts them on the deprovision report; Change role goes to Meta at once.`),
  ];
  const text = closed
    ? `Access review of ${escapeMrkdwn(hub.label)} (closed): you reviewed ${reviewed} of ${view.total}`
    : `Access review of ${escapeMrkdwn(hub.label)}: ${plural(view.pending, 'person', 'people')} left to review`;
  return { text, blocks };
}

/** "30 kept · 5 to remove · 2 role changes · 3 waiting", the counts that are not zero. */
export function decisionWords(t: DecisionTally): string {
  const parts: Array<[number, string]> = [
    [t.keep, 'kept'], [t.remove, 'to remove'], [t.change_role, t.change_role === 1 ? 'role change' : 'role changes'], [t.pending, 'not reviewed'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, words]) => `${n.toLocaleString('en-US')} ${words}`).join(' · ') || 'nobody in scope';
}

/** The tracker in the hub's channel: reviewed / total per reviewer and the time left, edited in place. */
export function reviewTracker(view: TrackerView) {
  const { campaign, hub, tally: t } = view;
  const label = `*${escapeMrkdwn(hub.label)}*`;
  const reviewed = t.total - t.pending;
  const closed = campaign.status === 'closed';
  const when = closed ? `closed ${slackDate(campaign.closedAt ?? view.now)}` : `${timeLeftWords(view.now, campaign.deadline)} (deadline ${slackDate(campaign.deadline)})`;
  const lines = bounded(view.progress.map((row) => `• <@${row.reviewerId}>: ${row.reviewed} of ${row.total} reviewed${row.reviewed === row.total ? ' :white_check_mark:' : ''}`), 40,
    (n) => `…and ${plural(n, 'more reviewer')}`);
  const who = campaign.reviewers === 'managers'
    ? "Reviewers: each person's manager in the directory; the owners review people without one."
    : `Reviewers: the owners of ${escapeMrkdwn(hub.label)}.`;
  const removal = campaign.removeUnkept
    ? ` At the deadline, whoever was not kept is removed (${plural(campaign.removeConfirmedCount ?? 0, 'person', 'people')} confirmed by ${decider(campaign.startedBy)}).`
    : ' At the deadline, whoever was not reviewed is escalated to the owners; nobody is removed without a decision.';
  return {
    text: `Access review of ${escapeMrkdwn(hub.label)}: ${reviewed} of ${t.total} reviewed, ${closed ? 'closed' : timeLeftWords(view.now, campaign.deadline)}`,
    blocks: [
      section(`:bar_chart: *Access review* of ${label} (${escapeMrkdwn(campaign.scopeLabel)}): *${reviewed} of ${plural(t.total, 'person', 'people')} reviewed* · ${when}\n${decisionWords(t)}`),
      section(lines.join('\n') || 'No reviewers.'),
      context(`Started by ${decider(campaign.startedBy)} ${slackDate(campaign.startedAt)}. ${who}${removal}`),
    ],
  };
}

import { timeLeftWords } from '../../domain/access-review.js';
import { plural } from '../../domain/wording.js';
import type { Hub } from '../../services/hub-setup/hubs.js';
import type { Safeguard } from '../../domain/deprovision.js';
import type { ScheduledReviewOutcome } from '../../services/notifications/views.js';
import type { Campaign } from '../../services/reviews/campaigns.js';
import type { DecisionTally } from '../../services/reviews/view.js';
import { decisionWords } from './review-card.js';
import { bounded, context, escapeMrkdwn, section, slackDate } from './text.js';

const people = (n: number) => plural(n, 'person', 'people');

/** To a reviewer with open items, once a day before the deadline. */
export function reviewReminderMessage(hub: Hub, campaign: Campaign, pending: number, now: Date) {
  const label = escapeMrkdwn(hub.label);
  const text = `Reminder: ${people(pending)} in ${label} ${pending === 1 ? 'waits' : 'wait'} for your access review; ${timeLeftWords(now, campaign.deadline)}.`;
  return {
    text,
    blocks: [section(`:alarm_clock: ${text} Decide on your access review card in this conversation before ${slackDate(campaign.deadline)}.`)],
  };
}

/** To the hub's channel at the deadline: who was not reviewed, by reviewer, naming the owners. */
export function reviewEscalationMessage(hub: Hub, campaign: Campaign, unreviewed: number, byReviewer: Array<{ reviewerId: string; pending: number }>, owners: string[]) {
  const label = escapeMrkdwn(hub.label);
  const text = `Escalation: the access review of ${label} reached its deadline with ${people(unreviewed)} not reviewed.`;
  const lines = bounded(byReviewer.map((row) => `• <@${row.reviewerId}>: ${people(row.pending)} not reviewed`), 40);
  const next = campaign.removeUnkept
    ? `As chosen when it started, they go on the deprovision report for removal (the safeguard still applies).`
    : `Nobody was removed. Owners (${owners.map((id) => `<@${id}>`).join(', ') || 'none'}): decide on them with \`/hub members\`, or start a new review with \`/hub review\`.`;
  return {
    text,
    blocks: [section(`:rotating_light: ${text}\n${lines.join('\n')}`), section(next)],
  };
}

/** The summary the hub's channel gets when a campaign closes; the evidence file follows it. */
export function reviewClosedMessage(hub: Hub, campaign: Campaign, t: DecisionTally) {
  const label = escapeMrkdwn(hub.label);
  const reviewed = t.total - t.pending;
  const text = `The access review of ${label} is closed: ${reviewed} of ${people(t.total)} reviewed (${decisionWords(t)}).`;
  return {
    text,
    blocks: [
      section(`:white_check_mark: ${text}`),
      context(`Started ${slackDate(campaign.startedAt)} · closed ${slackDate(campaign.closedAt ?? campaign.startedAt)} · the evidence file (CSV) follows. Every decision is in \`/hub audit\`.`),
    ],
  };
}

export function reviewEvidenceComment(hub: Hub): string {
  return `Evidence of the access review of ${escapeMrkdwn(hub.label)}: every person reviewed, what they held, the decision, who made it and when, and the outcome at Meta.`;
}

const EVERY: Record<string, string> = { month: 'monthly', quarter: 'quarterly' };

/** To the hub's channel when its scheduled review was due: what started, or why nothing did. */
export function reviewScheduledMessage(hub: Hub, outcome: ScheduledReviewOutcome) {
  const label = escapeMrkdwn(hub.label);
  const every = EVERY[hub.reviewEvery] ?? 'scheduled';
  const scope = hub.reviewScope === 'admins' ? 'members with the Admin role' : 'all members';
  const text = outcome.status === 'started'
    ? `The ${every} access review of ${label} started: ${people(outcome.items)} (${scope}) to review by ${plural(outcome.reviewers, 'reviewer')}.`
    : outcome.status === 'already_open'
      ? `The ${every} access review of ${label} did not start: the previous review is still open. Close it by deciding its cards, or wait for its deadline.`
      : `The ${every} access review of ${label} did not start: nobody is in its scope (${scope}).`;
  const next = outcome.status === 'started'
    ? context(`Each reviewer has a card in a direct message; the deadline is ${slackDate(outcome.deadline)}. Nobody is removed without a decision. Change the schedule in \`/hub settings\`.`)
    : context('Change the schedule in `/hub settings`.');
  return { text, blocks: [section(`:calendar: ${text}`), next] };
}

/** To the hub's channel when the safeguard holds the removals a campaign's deadline asked for. */
export function reviewRemovalsHeldMessage(hub: Hub, campaign: Campaign, guard: Safeguard) {
  const label = escapeMrkdwn(hub.label);
  const text = `Nobody was removed yet: the removal safeguard holds the deprovision report of ${label} that the access review's deadline added to.`;
  return {
    text,
    blocks: [
      section(`:warning: ${text} It would remove ${plural(guard.removals, 'member')} of ${guard.members.toLocaleString('en-US')} (${guard.percent} %), more than the ${guard.thresholdPct} % allowed at once.`),
      context(`An owner confirms the whole report with *Review and confirm* on the report card; then the removals go to Meta. The review started ${slackDate(campaign.startedAt)}.`),
    ],
  };
}

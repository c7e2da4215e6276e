import type { Safeguard, Tally } from '../../domain/deprovision.js';
import type { WaitingReport } from '../../domain/report-reminders.js';
import type { Invite } from '../access/invite-sending.js';
import type { Hub } from '../hub-setup/hubs.js';
import type { ClaimView } from '../hub-setup/claim-messages.js';
import type { Member, MemberPage } from '../members/members.js';
import type { CardPlace, ReportView } from '../reports/view.js';
import type { Campaign } from '../reviews/campaigns.js';
import type { DecisionTally, ReviewCardView, TrackerView } from '../reviews/view.js';

export type ScheduledReviewOutcome =
  | { status: 'started'; items: number; reviewers: number; deadline: Date }
  | { status: 'already_open' | 'nobody' };
import type { Task } from '../tasks/types.js';
import type { HomeData } from './home-data.js';
import type { DigestContent } from './outbox.js';

/** What a Slack message carries: `text` for notifications and screen readers, and the blocks. */
export type Message = { text: string; blocks: unknown[] };

/**
 * How services' state looks in Slack. Services decide what to show, when and where; the presentation floor
 * (src/slack/blocks) implements this, and the composition root hands it to services as `ctx.views`, so no
 * service imports a block builder.
 */
export type Views = {
  /** A task's live message (an invitation task also lists its invitations). */
  taskMessage(hub: Hub, task: Task, invites: readonly Invite[]): Message;
  /** The one-line result of a finished task, with its figures, from the result it stored (escaped mrkdwn). */
  taskResultLine(hub: Hub, task: Task): string;
  resultLine(line: string): Message;
  digest(content: DigestContent): Message;
  reportCard(view: ReportView, place: CardPlace): Message;
  reportClosed(hub: { label: string }, report: { openedAt: Date; closedAt: Date | null }, tally: Tally): Message;
  reminder(reports: readonly WaitingReport[], now: Date): Message;
  /** `escalatedAt`: when it went out, for a redraw that shows what still waits. */
  escalation(report: WaitingReport, now: Date, escalatedAt?: Date): Message;
  exemptionsExpired(hub: { id: string; label: string }, expired: Member[]): Message;
  membersList(hub: { id: string; label: string }, page: MemberPage, viewerId: string): Message;
  home(data: HomeData): object;
  /** To an owner or admin: the hub's channel refuses posts (Slack's `code`), and how to fix it. */
  channelBroken(hub: { label: string; channelId: string }, code: string): Message;
  /** Access reviews: a reviewer's card, the tracker in the hub's channel, a reminder, the deadline, the close. */
  reviewCard(view: ReviewCardView): Message;
  reviewTracker(view: TrackerView): Message;
  reviewReminder(hub: Hub, campaign: Campaign, pending: number, now: Date): Message;
  reviewEscalation(hub: Hub, campaign: Campaign, unreviewed: number, byReviewer: Array<{ reviewerId: string; pending: number }>, owners: string[]): Message;
  reviewClosed(hub: Hub, campaign: Campaign, tally: DecisionTally): Message;
  /** To the hub's channel when the removal safeguard holds a campaign's deadline removals. */
  reviewRemovalsHeld(hub: Hub, campaign: Campaign, safeguard: Safeguard): Message;
  /** To the hub's channel when its scheduled review was due: started, or why not. */
  reviewScheduled(hub: Hub, outcome: ScheduledReviewOutcome): Message;
  /** The comment the evidence file is shared with (mrkdwn). */
  reviewEvidenceComment(hub: Hub): string;
  /** An ownership claim as its claimant (outcome) or a decider (Approve / Decline, then the outcome) sees it. */
  ownerClaim(view: ClaimView, role: 'claimant' | 'decider'): Message;
  /** A plain sentence as a message (one section). */
  text(text: string): Message;
};

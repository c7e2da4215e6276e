// Access review campaigns: the form's rules, who reviews whom, progress, reminders and the evidence's words.
// Pure: services load and store the campaign; the modal shows these errors inline.
import { plural } from './wording.js';

export type CampaignScope = 'all' | 'admins' | 'asset';
export type ReviewerChoice = 'owners' | 'managers';
export type CampaignDecision = 'pending' | 'keep' | 'remove' | 'change_role';

export type CampaignForm = {
  scope: CampaignScope;
  assetId: string | null;
  reviewers: ReviewerChoice;
  /** The last day of the review, "YYYY-MM-DD", read in the hub's time zone. */
  deadlineDate: string;
  removeUnkept: boolean;
};

export type CampaignFormInput = {
  scope: string | undefined;
  assetId: string | undefined;
  reviewers: string | undefined;
  deadlineDate: string | undefined;
  removeUnkept: boolean;
};

export type CampaignField = 'scope' | 'assetId' | 'reviewers' | 'deadlineDate';
export type CampaignCheck = { ok: true; form: CampaignForm } | { ok: false; errors: Partial<Record<CampaignField, string>> };

const DAY = 86_400_000;
/** A review longer than a quarter is no longer a snapshot of who holds what. */
export const MAX_CAMPAIGN_DAYS = 90;
/** Reviewers with open items are reminded once a day in the last days before the deadline. */
export const REMIND_BEFORE_MS = 3 * DAY;
export const REMIND_EVERY_MS = DAY;

/** "YYYY-MM-DD" of an instant in a time zone. */
export function dateIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The last moment (23:59:59) of a calendar day in a time zone, as an instant. */
export function endOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 23, 59, 59);
  // The zone's offset at that moment: what the wall clock reads there, minus UTC.
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(guess)).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return new Date(guess - (wall - guess));
}

/**
 * When a hub's scheduled reviews start, as a cron pattern read in the hub's time zone: the first day of each
 * month, or of January, April, July and October, at the hub's daily check time ("HH:MM").
 */
export function reviewCronPattern(every: 'month' | 'quarter', hhmm: string): string {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return `${minutes} ${hours} 1 ${every === 'month' ? '*' : '1,4,7,10'} *`;
}

/** The last day of a scheduled review that starts now and lasts `days` days, in the hub's time zone. */
export function scheduledDeadlineDate(now: Date, timeZone: string, days: number): string {
  return dateIn(new Date(now.getTime() + days * DAY), timeZone);
}

/** Checks the `/hub review` form: every problem beside its field. */
export function checkCampaignForm(input: CampaignFormInput, now: Date, timeZone: string): CampaignCheck {
  const errors: Partial<Record<CampaignField, string>> = {};
  const scope = (['all', 'admins', 'asset'] as const).find((value) => value === input.scope);
  if (!scope) errors.scope = 'Choose who is reviewed.';
  const assetId = input.assetId?.trim() || null;
  if (scope === 'asset' && !assetId) errors.assetId = 'Choose the asset whose holders are reviewed.';
  const reviewers = (['owners', 'managers'] as const).find((value) => value === input.reviewers);
  if (!reviewers) errors.reviewers = 'Choose who reviews.';
  const date = String(input.deadlineDate ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    errors.deadlineDate = 'Choose the last day of the review.';
  } else {
    const today = dateIn(now, timeZone);
    const days = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY;
    if (days < 1) errors.deadlineDate = `Choose a day after today (${today}); reviewers need time to answer.`;
    else if (days > MAX_CAMPAIGN_DAYS) errors.deadlineDate = `Choose a day at most ${MAX_CAMPAIGN_DAYS} days away.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, form: { scope: scope!, assetId: scope === 'asset' ? assetId : null, reviewers: reviewers!, deadlineDate: date, removeUnkept: input.removeUnkept } };
}

export type ReviewerAssignment = { reviewerIds: string[]; source: 'owners' | 'manager' | 'manager_missing' };

/**
 * How a campaign assigns reviewers, as data a set-based insert can apply: each person's manager when the
 * choice is managers and one is known, otherwise the owners (`fallback`), recorded with `fallbackSource`.
 */
export type ReviewerRule = { byManager: boolean; fallback: string[]; fallbackSource: 'owners' | 'manager_missing' };

/** The campaign's reviewer rule for this choice and these owners. */
export function reviewerRule(choice: ReviewerChoice, ownerIds: readonly string[]): ReviewerRule {
  return { byManager: choice === 'managers', fallback: [...ownerIds].sort(), fallbackSource: choice === 'managers' ? 'manager_missing' : 'owners' };
}

/** Who reviews one person under a rule: their manager's Slack account, else (none known) the owners. */
export function assignReviewers(rule: ReviewerRule, managerSlackId: string | null): ReviewerAssignment {
  if (rule.byManager && managerSlackId) return { reviewerIds: [managerSlackId], source: 'manager' };
  return { reviewerIds: rule.fallback, source: rule.fallbackSource };
}

/** Service accounts (system users, partner businesses) hold access too, so they are reviewed; Hubkeeper cannot remove them or change their role. */
export function reviewChoices(memberKind: string): { remove: boolean; changeRole: boolean; why: string | null } {
  if (memberKind === 'system_user') return { remove: false, changeRole: false, why: 'A system user is removed or changed in Meta Business Settings (Users › System users); here you can only keep it.' };
  if (memberKind === 'partner') return { remove: false, changeRole: false, why: "A partner business's access is ended in Meta Business Settings (Users › Partners); here you can only keep it." };
  return { remove: true, changeRole: true, why: null };
}

export type ReviewerProgress = { reviewerId: string; reviewed: number; total: number };

/** Reviewed / total per reviewer; an item several owners share counts for each of them. */
export function progressByReviewer(items: ReadonlyArray<{ reviewerIds: readonly string[]; decision: CampaignDecision }>): ReviewerProgress[] {
  const byReviewer = new Map<string, ReviewerProgress>();
  for (const item of items) {
    for (const reviewerId of item.reviewerIds) {
      const row = byReviewer.get(reviewerId) ?? { reviewerId, reviewed: 0, total: 0 };
      row.total++;
      if (item.decision !== 'pending') row.reviewed++;
      byReviewer.set(reviewerId, row);
    }
  }
  return [...byReviewer.values()].sort((a, b) => a.reviewerId.localeCompare(b.reviewerId));
}

/** "3 days left", "1 day left", "less than a day left", "the deadline has passed". */
export function timeLeftWords(now: Date, deadline: Date): string {
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return 'the deadline has passed';
  const days = Math.floor(ms / DAY);
  return days === 0 ? 'less than a day left' : `${plural(days, 'day')} left`;
}

/** Whether a reviewer with open items is reminded now: in the last days before the deadline, once a day. */
export function reminderDue(now: Date, deadline: Date, lastRemindedAt: Date | null): boolean {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0 || left > REMIND_BEFORE_MS) return false;
  return lastRemindedAt === null || now.getTime() - lastRemindedAt.getTime() >= REMIND_EVERY_MS;
}

/** A campaign closes when every item is decided, or when its deadline has passed. */
export function shouldClose(now: Date, deadline: Date, pending: number): boolean {
  return pending === 0 || now.getTime() >= deadline.getTime();
}

export type EvidenceItem = {
  decision: CampaignDecision;
  unreviewedAtDeadline: boolean;
  newRole: string | null;
  /** The removal's report item: its decision and outcome. */
  removal: { decision: string; outcome: string | null; error: string | null } | null;
  /** The role change task: its status and error. */
  roleTask: { status: string; error: string | null; kept: string | null } | null;
};

/** The evidence file's "decision" column. */
export function decisionWords(item: Pick<EvidenceItem, 'decision' | 'unreviewedAtDeadline' | 'newRole'>): string {
  switch (item.decision) {
    case 'keep': return 'keep';
    case 'remove': return item.unreviewedAtDeadline ? 'remove (not kept by the deadline)' : 'remove';
    case 'change_role': return `change role to ${item.newRole ?? 'another role'}`;
    case 'pending': return 'not reviewed';
  }
}

/** The evidence file's "outcome at Meta" column: what Meta holds now, as far as Hubkeeper knows. */
export function outcomeAtMeta(item: EvidenceItem): string {
  switch (item.decision) {
    case 'keep': return 'no change';
    case 'pending': return item.unreviewedAtDeadline ? 'no change (escalated to the owners)' : 'no change';
    case 'change_role': {
      const task = item.roleTask;
      if (!task) return 'role change not started';
      if (task.status === 'completed') return task.kept ? `Meta kept the role ${task.kept}` : `role changed to ${item.newRole}`;
      if (task.status === 'failed') return `role change failed: ${task.error ?? 'no reason given'}`;
      return 'role change in progress';
    }
    case 'remove': {
      const removal = item.removal;
      if (!removal) return 'removal not started';
      if (removal.outcome === 'removed') return 'removed';
      if (removal.outcome === 'already_gone') return 'already gone';
      if (removal.outcome === 'failed') return `removal failed: ${removal.error ?? 'no reason given'}`;
      if (removal.outcome === 'removing') return 'removal in progress';
      if (removal.decision === 'rejected') return 'kept: an owner rejected the removal on the deprovision report';
      if (removal.decision === 'resolved') return 'closed by itself on the deprovision report';
      return 'waiting for an owner on the deprovision report';
    }
  }
}

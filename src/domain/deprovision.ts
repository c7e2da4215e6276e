// Deprovision reports: which members belong on a hub's report, which items resolved by themselves, and the
// removal safeguard. Pure: src/services/report-build.ts loads the rows and applies the plan.
import type { MatchState, MemberKind } from './matching.js';

export type ReportDecision = 'pending' | 'approved' | 'rejected' | 'resolved';
export type RemovalOutcome = 'removing' | 'removed' | 'already_gone' | 'failed';

/** Why an item is on the report. Other features (IdP group removals) bring their own reasons. */
export const DIRECTORY_REASONS = ['directory_deactivated', 'directory_deleted'] as const;

/** Why an item closed by itself. */
export type ResolvedReason = 'reactivated' | 'gone_from_meta' | 'exempted' | 'removal_requested' | 'removed_elsewhere' | 'rematched';

export type DirectoryPerson = { id: string; active: boolean; deletedAt: Date | null };

/** A member as the report sees it, with the directory person it is matched to. */
export type ReportMember = {
  id: string;
  kind: MemberKind;
  state: MatchState;
  goneAt: Date | null;
  directoryUserId: string | null;
  directory: DirectoryPerson | null;
};

export type ExistingItem = {
  id: string;
  memberId: string;
  reason: string;
  directoryUserId: string | null;
  decision: ReportDecision;
  outcome: RemovalOutcome | null;
};

export type ReportPlan = {
  /** Members to put on the report, with their reason. */
  add: Array<{ memberId: string; reason: string }>;
  /** Items that closed earlier (or were kept) whose member belongs on the report again. */
  reopen: Array<{ itemId: string; reason: string }>;
  close: Array<{ itemId: string; why: ResolvedReason }>;
  /** Open items whose details (role, access) should be refreshed from the snapshot. */
  refresh: string[];
};

const PEOPLE: ReadonlySet<MemberKind> = new Set(['business_user', 'invitation']);

/** Gone from the directory: deactivated, or deleted over SCIM. */
export function isInactive(person: DirectoryPerson | null): boolean {
  return person !== null && (!person.active || person.deletedAt !== null);
}

/**
 * Whether a member belongs on the report: a person (not a service account) still in Meta, matched to a
 * directory user who is deactivated or deleted, and neither exempted nor already being removed.
 */
export function directoryReason(member: ReportMember): string | null {
  if (!PEOPLE.has(member.kind) || member.goneAt !== null || member.state !== 'onboarded') return null;
  if (!member.directory || member.directory.id !== member.directoryUserId || !isInactive(member.directory)) return null;
  return member.directory.deletedAt !== null ? 'directory_deleted' : 'directory_deactivated';
}

/** An item nobody has to look at again: decided and done, or closed by itself. */
export function isSettled(item: Pick<ExistingItem, 'decision' | 'outcome'>): boolean {
  if (item.decision === 'rejected' || item.decision === 'resolved') return true;
  return item.decision === 'approved' && (item.outcome === 'removed' || item.outcome === 'already_gone');
}

/** Why an open item no longer belongs on the report, or null while it still does. */
export function resolution(item: ExistingItem, member: ReportMember | undefined): ResolvedReason | null {
  if (!member) return 'gone_from_meta';
  if (member.goneAt !== null) return 'gone_from_meta';
  if (member.state === 'exempted') return 'exempted';
  if (member.state === 'removed') return 'removed_elsewhere';
  if (member.state === 'removal_pending') return 'removal_requested';
  if (!(DIRECTORY_REASONS as readonly string[]).includes(item.reason)) return null;
  if (member.directoryUserId === item.directoryUserId && member.directory && !isInactive(member.directory)) return 'reactivated';
  return directoryReason(member) === null ? 'rematched' : null;
}

/**
 * Plans one check's changes to the open report: members newly deactivated are added (or an earlier item of
 * theirs reopened), items that resolved by themselves are closed, and items still waiting are refreshed.
 * Items whose removal is under way are left to the removal; settled items are never touched.
 */
export function planReport(members: readonly ReportMember[], items: readonly ExistingItem[]): ReportPlan {
  const plan: ReportPlan = { add: [], reopen: [], close: [], refresh: [] };
  const byMember = new Map(members.map((member) => [member.id, member]));
  const itemOf = new Map(items.map((item) => [item.memberId, item]));
  for (const item of items) {
    if (isSettled(item) || item.outcome === 'removing') continue;
    const why = resolution(item, byMember.get(item.memberId));
    if (why) plan.close.push({ itemId: item.id, why });
    else plan.refresh.push(item.id);
  }
  for (const member of members) {
    const reason = directoryReason(member);
    if (!reason) continue;
    const item = itemOf.get(member.id);
    if (!item) plan.add.push({ memberId: member.id, reason });
    else if (item.decision === 'resolved' || item.decision === 'rejected') plan.reopen.push({ itemId: item.id, reason });
  }
  return plan;
}

export type Safeguard = {
  /** Removals the report asks for (waiting or approved). */
  removals: number;
  members: number;
  thresholdPct: number;
  /** The most removals the threshold allows without a confirmation. */
  allowed: number;
  over: boolean;
  /** The share of members the removals are, rounded (what a person is shown). */
  percent: number;
  /** Over the threshold and not confirmed for this many: nothing may be approved. */
  held: boolean;
};

/**
 * The removal safeguard: a report that would remove more than `thresholdPct` of the hub's people is held
 * until an owner confirms the whole of it. A confirmation covers the count it was shown; more items hold it again.
 */
export function safeguard(input: { removals: number; members: number; thresholdPct: number; confirmedCount: number | null }): Safeguard {
  const members = Math.max(input.members, input.removals);
  const allowed = Math.floor((members * input.thresholdPct) / 100);
  const over = input.removals * 100 > members * input.thresholdPct;
  const held = over && (input.confirmedCount ?? 0) < input.removals;
  const percent = Math.round((input.removals / Math.max(1, members)) * 100);
  return { removals: input.removals, members, thresholdPct: input.thresholdPct, allowed, over, percent, held };
}

/** What decides whether a removed item still offers Re-invite. */
export type ReinviteCandidate = {
  outcome: RemovalOutcome | null;
  memberKind: MemberKind;
  email: string | null;
  metaRole: string | null;
  reinviteStatus: string | null;
  outcomeAt: Date | null;
};

/**
 * A person a report removed can be re-invited (same email and role) for a while after the removal, once: not
 * while a re-invitation is queued or after it went out.
 */
export function canReinvite(item: ReinviteCandidate, now: Date, windowMs: number): boolean {
  return item.outcome === 'removed' && item.memberKind === 'business_user' && Boolean(item.email && item.metaRole) &&
    item.reinviteStatus !== 'queued' && item.reinviteStatus !== 'invited' &&
    item.outcomeAt !== null && now.getTime() - item.outcomeAt.getTime() < windowMs;
}

export type Tally = {
  total: number;
  pending: number;
  removing: number;
  removed: number;
  alreadyGone: number;
  failed: number;
  rejected: number;
  resolved: number;
};

/** Counts a report's items by where they stand; `n` lets grouped rows count for several. */
export function tally(items: ReadonlyArray<Pick<ExistingItem, 'decision' | 'outcome'> & { n?: number }>): Tally {
  const t: Tally = { total: 0, pending: 0, removing: 0, removed: 0, alreadyGone: 0, failed: 0, rejected: 0, resolved: 0 };
  for (const item of items) {
    const n = item.n ?? 1;
    t.total += n;
    if (item.decision === 'pending') t.pending += n;
    else if (item.decision === 'rejected') t.rejected += n;
    else if (item.decision === 'resolved') t.resolved += n;
    else if (item.outcome === 'removed') t.removed += n;
    else if (item.outcome === 'already_gone') t.alreadyGone += n;
    else if (item.outcome === 'failed') t.failed += n;
    else t.removing += n;
  }
  return t;
}

/** Removals the safeguard counts: items waiting for a decision, and approved ones. */
export function removalsAsked(t: Tally): number {
  return t.pending + t.removing + t.removed + t.alreadyGone + t.failed;
}

import type { MatchCounts } from './matching.js';
import { plural } from './wording.js';

export const MEMBER_STATES = ['unmatched', 'onboarded', 'guest', 'exempted', 'removal_pending', 'removed'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

const STATE_COUNT_WORDS: Readonly<Record<MemberState, [one: string, many: string]>> = {
  unmatched: ['unmatched', 'unmatched'],
  onboarded: ['onboarded', 'onboarded'],
  guest: ['guest', 'guests'],
  exempted: ['exempted', 'exempted'],
  removal_pending: ['removal pending', 'removals pending'],
  removed: ['removed', 'removed'],
};

/** How many members are in a state, as a person reads it: "12 unmatched", "1 guest", "2 guests". */
export function stateCount(state: MemberState, count: number): string {
  return plural(count, ...STATE_COUNT_WORDS[state]);
}

export type SyncSummary = {
  membersByState: Record<MemberState, number>;
  membersByKind: Record<string, number>;
  assetsByKind: Record<string, number>;
  newMembers: Array<{ name: string | null; email: string | null }>;
  goneMembers: Array<{ name: string | null; email: string | null }>;
  newMemberCount: number;
  goneMemberCount: number;
  durationMs: number;
  requests: number;
  /** What Meta would not tell us (e.g. no permission on one edge), in plain words. */
  warnings: string[];
  /** What automatic matching found; with it, membersByState counts people only (service accounts apart). */
  matching?: MatchCounts;
  /** The hub's open deprovision report after this check: items waiting, added and closed by it, held by the safeguard. */
  report?: { pending: number; added: number; closed: number; held: boolean };
  /** Set on the first check after someone switched the login method (it re-matched everyone). */
  loginSwitch?: { to: 'sso' | 'password'; by: string };
  /**
   * With SSO: people and invitations that match no work account in the directory (unmatched or guests), each
   * with what Meta says it is; never assumed to be personal profiles (a work email may simply be missing from
   * the directory, an invitation may be for a work account).
   */
  notOnWorkAccount?: { count: number; sample: NotOnWorkAccount[] };
};

export type NotOnWorkAccount = {
  name: string | null;
  email: string | null;
  kind: 'business_user' | 'invitation';
  accountType: 'work' | 'personal' | null;
};

export function emptyStateCounts(): Record<MemberState, number> {
  return Object.fromEntries(MEMBER_STATES.map((state) => [state, 0])) as Record<MemberState, number>;
}

/** The part of a sync summary that matching decides: people by state, and the matching counts themselves. */
export function matchingSummary(counts: MatchCounts): Pick<SyncSummary, 'membersByState' | 'matching'> {
  return {
    membersByState: {
      unmatched: counts.unmatched,
      onboarded: counts.onboarded,
      guest: counts.guest,
      exempted: counts.exempted,
      removal_pending: counts.removalPending,
      removed: counts.removed,
    },
    matching: counts,
  };
}

// Automatic matching: members × directory users × Slack workspace accounts → a plan of changes. Pure: the
// caller loads the rows and applies the plan (src/services/matching.ts). Benchmarked by bench/match.

export type MatchState = 'unmatched' | 'onboarded' | 'guest' | 'exempted' | 'removal_pending' | 'removed';
export type MemberKind = 'business_user' | 'invitation' | 'system_user' | 'partner' | 'partner_user';
export type MatchNote = 'ambiguous' | 'directory_inactive';

export type MatchMember = {
  id: string;
  kind: MemberKind;
  email: string | null;
  pendingEmail: string | null;
  state: MatchState;
  directoryUserId: string | null;
  workspaceAccountId: string | null;
  matchNote: string | null;
  /** A person settled this member by hand; automatic matching never changes it. */
  manual: boolean;
};

export type MatchDirectoryUser = {
  id: string;
  /** Active in the IdP and not deleted over SCIM. */
  active: boolean;
  userName: string;
  workEmail: string | null;
  /** Every email the IdP sent (work email included). */
  emails: readonly string[];
};

export type MatchWorkspaceAccount = { slackUserId: string; email: string | null };

export type MatchInput = {
  members: readonly MatchMember[];
  directory: readonly MatchDirectoryUser[];
  workspace: readonly MatchWorkspaceAccount[];
  loginMethod: 'sso' | 'password';
};

export type MatchChange = {
  memberId: string;
  state: 'unmatched' | 'onboarded' | 'guest';
  directoryUserId: string | null;
  workspaceAccountId: string | null;
  matchNote: MatchNote | null;
};

export type MatchCounts = {
  /** People (business users and invitations) by state after the plan is applied. */
  onboarded: number;
  guest: number;
  unmatched: number;
  exempted: number;
  removalPending: number;
  removed: number;
  /** Unmatched because two or more directory people share their email. */
  ambiguous: number;
  /** Linked to a directory person who is deactivated or deleted (the deprovision report's business). */
  directoryInactive: number;
  /** Settled by hand, left as they were. */
  manual: number;
  /** System users and partners: service accounts, listed apart and never matched. */
  serviceAccounts: number;
  /** With SSO: people who did not match the directory by their work account (they all should). */
  ssoNotInDirectory: number;
};

export type MatchPlan = { changes: MatchChange[]; counts: MatchCounts };

/** Emails compare trimmed and case-folded. */
export function normalizeEmail(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.toLowerCase() : null;
}

const NONE = -1;
const AMBIGUOUS = -2;
const AUTOMATIC_STATES: ReadonlySet<MatchState> = new Set(['unmatched', 'onboarded', 'guest']);

/**
 * Who each wanted email belongs to. The index is built from the members' emails (the smaller side) and the
 * directory and Slack accounts stream past it, so most of their emails cost one lookup and no insert.
 */
class EmailSlots {
  readonly slots = new Map<string, number>();
  active: Int32Array = new Int32Array(0);
  inactive: Int32Array = new Int32Array(0);
  slack: Int32Array = new Int32Array(0);

  slot(email: string | null): number {
    if (email === null) return NONE;
    let slot = this.slots.get(email);
    if (slot === undefined) this.slots.set(email, (slot = this.slots.size));
    return slot;
  }

  seal(): void {
    const size = this.slots.size;
    this.active = new Int32Array(size).fill(NONE);
    this.inactive = new Int32Array(size).fill(NONE);
    this.slack = new Int32Array(size).fill(NONE);
  }

  /** Records that directory user `at` has this raw email; a second, different user makes it ambiguous. */
  claim(hits: Int32Array, raw: string | null, at: number): void {
    const slot = this.slots.get(normalizeEmail(raw) ?? '');
    if (slot === undefined) return;
    const seen = hits[slot]!;
    if (seen === NONE) hits[slot] = at;
    else if (seen !== at) hits[slot] = AMBIGUOUS;
  }
}

/** The one directory user both of a member's emails point to, AMBIGUOUS, or NONE. */
function lookup(hits: Int32Array, first: number, second: number): number {
  const a = first === NONE ? NONE : hits[first]!;
  const b = second === NONE ? NONE : hits[second]!;
  if (a === NONE) return b;
  if (b === NONE || a === b) return a;
  return AMBIGUOUS;
}

function indexDirectory(slots: EmailSlots, directory: readonly MatchDirectoryUser[], loginMethod: MatchInput['loginMethod']): void {
  for (let i = 0; i < directory.length; i++) {
    const user = directory[i]!;
    const hits = user.active ? slots.active : slots.inactive;
    slots.claim(hits, user.workEmail, i);
    if (user.userName !== user.workEmail) slots.claim(hits, user.userName, i);
    // With SSO people log in with their work account: only the work email and userName identify them.
    if (loginMethod !== 'password') continue;
    for (const email of user.emails) if (email !== user.workEmail && email !== user.userName) slots.claim(hits, email, i);
  }
}

type Outcome = Omit<MatchChange, 'memberId'>;

/**
 * Plans automatic matching: an active directory user with the member's email (or pending email) → onboarded;
 * otherwise a Slack workspace account with it → guest; otherwise unmatched. Two directory people sharing the
 * email is ambiguous and never matched. Manual decisions, exemptions and removals are left untouched.
 */
export function planMatches(input: MatchInput): MatchPlan {
  const { members, directory, workspace, loginMethod } = input;
  const counts: MatchCounts = {
    onboarded: 0, guest: 0, unmatched: 0, exempted: 0, removalPending: 0, removed: 0,
    ambiguous: 0, directoryInactive: 0, manual: 0, serviceAccounts: 0, ssoNotInDirectory: 0,
  };
  const slots = new EmailSlots();
  const automatic: MatchMember[] = [];
  const keys: number[] = [];
  const linked = new Set<string>();
  for (const member of members) {
    if (member.kind === 'partner_user') {
      // A partner's person belongs to the partner: never matched, and no member of the business to count.
      continue;
    } else if (member.kind === 'system_user' || member.kind === 'partner') {
      counts.serviceAccounts++;
    } else if (member.manual || !AUTOMATIC_STATES.has(member.state)) {
      if (member.manual) counts.manual++;
      countState(counts, member.state, loginMethod);
    } else {
      automatic.push(member);
      keys.push(slots.slot(normalizeEmail(member.email)), slots.slot(normalizeEmail(member.pendingEmail)));
      if (member.state === 'onboarded' && member.directoryUserId !== null) linked.add(member.directoryUserId);
    }
  }
  slots.seal();
  indexDirectory(slots, directory, loginMethod);
  const inactiveLinked = new Set<string>();
  if (linked.size > 0) for (const user of directory) if (!user.active && linked.has(user.id)) inactiveLinked.add(user.id);
  for (let i = 0; i < workspace.length; i++) {
    const slot = slots.slots.get(normalizeEmail(workspace[i]!.email) ?? '');
    if (slot !== undefined && slots.slack[slot] === NONE) slots.slack[slot] = i;
  }

  const decide = (member: MatchMember, email: number, pending: number): Outcome => {
    const hit = lookup(slots.active, email, pending);
    if (hit === AMBIGUOUS) return unmatched('ambiguous');
    if (hit !== NONE) return { state: 'onboarded', directoryUserId: directory[hit]!.id, workspaceAccountId: null, matchNote: null };
    // Linked to someone the IdP has since deactivated: keep the link so the deprovision report finds them.
    if (member.state === 'onboarded' && member.directoryUserId !== null && inactiveLinked.has(member.directoryUserId)) {
      return { state: 'onboarded', directoryUserId: member.directoryUserId, workspaceAccountId: null, matchNote: 'directory_inactive' };
    }
    const gone = lookup(slots.inactive, email, pending);
    if (gone === AMBIGUOUS) return unmatched('ambiguous');
    if (gone !== NONE) return { state: 'onboarded', directoryUserId: directory[gone]!.id, workspaceAccountId: null, matchNote: 'directory_inactive' };
    const account = email !== NONE && slots.slack[email] !== NONE ? slots.slack[email]! : pending !== NONE ? slots.slack[pending]! : NONE;
    if (account !== NONE) return { state: 'guest', directoryUserId: null, workspaceAccountId: workspace[account]!.slackUserId, matchNote: null };
    return unmatched(null);
  };

  const changes: MatchChange[] = [];
  for (let i = 0; i < automatic.length; i++) {
    const member = automatic[i]!;
    const outcome = decide(member, keys[2 * i]!, keys[2 * i + 1]!);
    countState(counts, outcome.state, loginMethod);
    if (outcome.matchNote === 'ambiguous') counts.ambiguous++;
    if (outcome.matchNote === 'directory_inactive') counts.directoryInactive++;
    if (
      outcome.state !== member.state ||
      outcome.directoryUserId !== member.directoryUserId ||
      outcome.workspaceAccountId !== member.workspaceAccountId ||
      outcome.matchNote !== member.matchNote
    ) {
      changes.push({ memberId: member.id, ...outcome });
    }
  }
  return { changes, counts };
}

function unmatched(note: MatchNote | null): Outcome {
  return { state: 'unmatched', directoryUserId: null, workspaceAccountId: null, matchNote: note };
}

function countState(counts: MatchCounts, state: MatchState, loginMethod: MatchInput['loginMethod']): void {
  switch (state) {
    case 'onboarded': counts.onboarded++; break;
    case 'guest': counts.guest++; break;
    case 'unmatched': counts.unmatched++; break;
    case 'exempted': counts.exempted++; break;
    case 'removal_pending': counts.removalPending++; break;
    case 'removed': counts.removed++; break;
  }
  if (loginMethod === 'sso' && (state === 'unmatched' || state === 'guest')) counts.ssoNotInDirectory++;
}

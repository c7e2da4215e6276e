import type { MatchState, MemberKind } from './matching.js';
import { plural } from './wording.js';

/** What a person can do to one member from Slack. */
/** `access`: see what the member holds asset by asset, and change it one asset at a time. */
export type MemberAction = 'match' | 'unmatch' | 'exempt' | 'end_exemption' | 'remove' | 'change_role' | 'access';

export type MemberRef = { kind: MemberKind; state: MatchState };

const BY_STATE: Record<MatchState, readonly MemberAction[]> = {
  unmatched: ['match', 'exempt', 'change_role', 'remove'],
  guest: ['match', 'exempt', 'change_role', 'remove'],
  onboarded: ['match', 'unmatch', 'change_role', 'remove'],
  exempted: ['match', 'end_exemption', 'change_role', 'remove'],
  removal_pending: [],
  removed: [],
};

/**
 * System users and partners are service accounts, and a partner's people belong to the partner: all are listed
 * apart, never matched, put on a report or removed from Slack.
 */
export function isServiceAccount(kind: MemberKind): boolean {
  return kind === 'system_user' || kind === 'partner' || kind === 'partner_user';
}

/** Who holds assets: people and system users by assignment, partners by permission; never an invitation. */
function mayHoldAssets(member: MemberRef): boolean {
  return member.kind !== 'invitation' && member.state !== 'removal_pending' && member.state !== 'removed';
}

/** The actions that fit a member's kind and state, in the order the list shows them. */
export function actionsFor(member: MemberRef): readonly MemberAction[] {
  const base = isServiceAccount(member.kind) ? [] : BY_STATE[member.state];
  return mayHoldAssets(member) ? [...base, 'access'] : base;
}

/** The states an action may start from: the compare-and-set guard of every decision. */
export function statesAllowing(action: MemberAction): MatchState[] {
  return (Object.keys(BY_STATE) as MatchState[]).filter((state) => BY_STATE[state].includes(action));
}

export type Holding = { kind: 'ad_account' | 'page' | 'pixel' | 'catalog'; count: number };

const NOUNS: Record<Holding['kind'], [string, string]> = {
  ad_account: ['ad account', 'ad accounts'],
  page: ['page', 'pages'],
  pixel: ['pixel', 'pixels'],
  catalog: ['catalog', 'catalogs'],
};
const ORDER: Holding['kind'][] = ['ad_account', 'page', 'pixel', 'catalog'];

/** What a member holds, e.g. "ADMIN · 3 ad accounts, 2 pages". */
export function describeHoldings(metaRole: string | null, holdings: readonly Holding[]): string {
  const assets = ORDER.flatMap((kind) => {
    const count = holdings.filter((h) => h.kind === kind).reduce((sum, h) => sum + h.count, 0);
    return count > 0 ? [plural(count, ...NOUNS[kind])] : [];
  });
  const role = metaRole ?? 'no role';
  return assets.length ? `${role} · ${assets.join(', ')}` : `${role} · no assets`;
}

import type { MatchState, MemberKind } from './matching.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The lists `/hub members` shows, in the order `/hub help` and the README name them. */
export const MEMBER_FILTERS = ['unmatched', 'onboarded', 'guests', 'exempted', 'invitations', 'system', 'all'] as const;
export type MemberFilter = (typeof MEMBER_FILTERS)[number];

/** Rows per page: two blocks each, so a page stays well under Block Kit's 50 blocks per message. */
export const MEMBERS_PER_PAGE = 15;

const STATES: Record<Exclude<MemberFilter, 'system'>, readonly MatchState[] | 'any'> = {
  unmatched: ['unmatched'],
  onboarded: ['onboarded'],
  guests: ['guest'],
  exempted: ['exempted'],
  all: 'any',
  invitations: ['unmatched', 'onboarded', 'guest', 'exempted', 'removal_pending'],
};

const PEOPLE: readonly MemberKind[] = ['business_user', 'invitation'];

export type FilterScope =
  | { serviceAccounts: true }
  | { serviceAccounts: false; states: readonly MatchState[] | 'any'; kinds: readonly MemberKind[] };

/** Which members a filter shows: people in some states (or pending invitations), or the service accounts listed apart. */
export function filterScope(filter: MemberFilter): FilterScope {
  if (filter === 'system') return { serviceAccounts: true };
  return { serviceAccounts: false, states: STATES[filter], kinds: filter === 'invitations' ? ['invitation'] : PEOPLE };
}

const ALIASES: Record<string, MemberFilter> = {
  guest: 'guests', exempt: 'exempted', matched: 'onboarded', 'system-users': 'system', invitation: 'invitations', invited: 'invitations', pending: 'invitations',
};

/** `/hub members [hub] [filter]`: the filter is the last word when it names one; the rest is the hub. */
export function parseMembersArgs(args: readonly string[]): { hubName: string | undefined; filter: MemberFilter } {
  const last = args.at(-1)?.toLowerCase();
  const filter = last && ((MEMBER_FILTERS as readonly string[]).includes(last) ? (last as MemberFilter) : ALIASES[last]);
  const rest = filter ? args.slice(0, -1) : args;
  return { hubName: rest.join(' ').trim() || undefined, filter: filter || 'unmatched' };
}

/** The page to show when the list shrank under someone's feet (e.g. the last member of a page was settled). */
export function clampPage(page: number, total: number): number {
  const last = Math.max(0, Math.ceil(total / MEMBERS_PER_PAGE) - 1);
  return Math.min(Math.max(0, Math.floor(page)), last);
}

/** What the Next/Previous buttons carry (a button value is at most 2,000 characters). */
export type ListPosition = { hubId: string; filter: MemberFilter; page: number };

export function encodePosition(position: ListPosition): string {
  return `${position.hubId}|${position.filter}|${position.page}`;
}

export function decodePosition(value: string | undefined): ListPosition | undefined {
  const [hubId, filter, page] = (value ?? '').split('|');
  if (!hubId || !UUID.test(hubId) || !(MEMBER_FILTERS as readonly string[]).includes(filter ?? '') || !/^\d{1,6}$/.test(page ?? '')) return undefined;
  return { hubId, filter: filter as MemberFilter, page: Number(page) };
}

/** What a member's buttons carry: the member, the revision the person saw, and where the list was. */
export type RowAction = { memberId: string; revision: number; position: ListPosition };

export function encodeRowAction(action: RowAction): string {
  return `${action.memberId}|${action.revision}|${encodePosition(action.position)}`;
}

export function decodeRowAction(value: string | undefined): RowAction | undefined {
  const [memberId, revision, ...position] = (value ?? '').split('|');
  const decoded = decodePosition(position.join('|'));
  if (!memberId || !UUID.test(memberId) || !/^\d{1,9}$/.test(revision ?? '') || !decoded) return undefined;
  return { memberId, revision: Number(revision), position: decoded };
}

export const MEMBER_STATES = ['unmatched', 'onboarded', 'guest', 'exempted', 'removal_pending', 'removed'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

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
};

export function emptyStateCounts(): Record<MemberState, number> {
  return Object.fromEntries(MEMBER_STATES.map((state) => [state, 0])) as Record<MemberState, number>;
}

/** Human wording for a duration, e.g. "1 min 4 s" or "850 ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}

/** "1 member" / "3 members". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralNoun}`;
}

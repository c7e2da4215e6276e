// Sentences and word helpers that several features show a person; one place, so they never drift apart.

/** A hub that was disconnected (or never existed) while someone still had a message or modal about it. */
export const HUB_GONE = 'This hub is no longer connected.';

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

export type MemberKindName = 'business_user' | 'invitation' | 'system_user' | 'partner' | 'partner_user';

/**
 * What Meta says a member is: "work account", "personal account", "pending invitation for a work account", "system
 * user", "partner". Meta does not report the account type of a person who already joined, so for them this is
 * "" unless it is known: never a guess such as "personal profile".
 */
export function memberKindWords(kind: MemberKindName, accountType: 'work' | 'personal' | null | undefined): string {
  const account = accountType ? `${accountType} account` : '';
  switch (kind) {
    case 'business_user': return account;
    case 'invitation': return account ? `pending invitation for a ${account}` : 'pending invitation';
    case 'system_user': return 'system user';
    case 'partner': return 'partner';
    case 'partner_user': return 'person of a partner';
  }
}

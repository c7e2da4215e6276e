// Rules for inviting people to a hub: reading the emails someone typed, what counts as "already there",
// batching a directory burst, and the words for Meta's roles. Pure: no I/O.

/** At most this many emails in one invitation request (one modal, one task). */
export const MAX_INVITES_PER_REQUEST = 50;
/** A burst from a mapped group is split into tasks of at most this many invitations (one message each). */
export const INVITES_PER_BATCH = 50;

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;

/** Whether a string looks like an email address Meta would accept. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/**
 * The emails someone typed: one per line, or separated by commas, semicolons or spaces; "Ana <ana@x.com>"
 * works too. Trimmed, lower-cased and de-duplicated in the order typed; anything that is not an email is
 * returned apart so the form can name it.
 */
export function parseEmailList(text: string | null | undefined): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  const named = /<[^<>]+@[^<>]+>/.test(text ?? '');
  const cleaned = (text ?? '').replace(/<([^<>]+)>/g, ' $1 ').replace(/mailto:/gi, ' ');
  for (const word of cleaned.split(/[\s,;]+/)) {
    const candidate = word.trim().replace(/^["'(]+|["'.)]+$/g, '');
    if (!candidate) continue;
    if (!candidate.includes('@')) {
      // Names around an address ("Ana Brown <ana@x.com>") are not emails, and not mistakes either.
      if (!named) invalid.push(candidate);
      continue;
    }
    const email = candidate.toLowerCase();
    if (!isEmail(email)) invalid.push(candidate);
    else if (!emails.includes(email)) emails.push(email);
  }
  return { emails, invalid };
}

/** Why an email was not (or will not be) invited. */
export type InviteNote = 'member' | 'invited' | 'in_flight' | 'deactivated' | 'left_group' | 'unmapped';

/** Someone with access to the hub now, as far as inviting cares. */
export type CurrentAccess = { email: string; kind: 'business_user' | 'invitation' | 'in_flight' };

/** Splits emails into those to invite and those already there (a member, a pending invitation, or on the way). */
export function classifyInvitees(emails: readonly string[], current: readonly CurrentAccess[]) {
  const byEmail = new Map<string, InviteNote>();
  for (const access of current) {
    const note: InviteNote = access.kind === 'business_user' ? 'member' : access.kind === 'invitation' ? 'invited' : 'in_flight';
    // A member outranks an invitation: "already a member" is the stronger answer.
    if (byEmail.get(access.email) !== 'member') byEmail.set(access.email, note);
  }
  const fresh: string[] = [];
  const duplicates: Array<{ email: string; note: InviteNote }> = [];
  for (const email of emails) {
    const note = byEmail.get(email);
    if (note) duplicates.push({ email, note });
    else fresh.push(email);
  }
  return { fresh, duplicates };
}

/** Cuts a list into consecutive batches of at most `size`. */
export function batches<T>(items: readonly T[], size = INVITES_PER_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Groups a hub's waiting group invitations into tasks: one role and account type per task (a message says
 * "as Employee"), in arrival order, at most `size` each.
 */
export function planInviteBatches<T extends { metaRole: string; invitedUserType: string }>(waiting: readonly T[], size = INVITES_PER_BATCH): T[][] {
  const byKind = new Map<string, T[]>();
  for (const invite of waiting) {
    const key = `${invite.metaRole}/${invite.invitedUserType}`;
    byKind.set(key, [...(byKind.get(key) ?? []), invite]);
  }
  return [...byKind.values()].flatMap((group) => batches(group, size));
}

const ROLE_WORDS: Readonly<Record<string, string>> = { ADMIN: 'Admin', EMPLOYEE: 'Employee', ADS_RIGHTS_REVIEWER: 'Ads rights reviewer' };

/** Meta's role as people say it: ADMIN → "Admin", FINANCE_EDITOR → "Finance editor". */
export function roleLabel(role: string | null | undefined): string {
  if (!role) return 'no role';
  const known = ROLE_WORDS[role];
  if (known) return known;
  const words = role.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What each role lets a person do, for the pickers (Meta documents Admin and Employee only). */
export const ROLE_HINTS: Readonly<Record<string, string>> = {
  ADMIN: 'Full control: business settings, people and every asset.',
  EMPLOYEE: 'Sees business settings; works on the assets assigned to them.',
  FINANCE_EDITOR: 'Edits payment methods, invoices and spend limits.',
  FINANCE_ANALYST: 'Views payment methods, invoices and spend; changes nothing.',
  FINANCE_EDIT: 'Finance edit access: billing and spend.',
  FINANCE_VIEW: 'Finance view access: billing and spend.',
  ADS_RIGHTS_REVIEWER: 'Reviews ads for rights and brand-safety issues.',
  DEVELOPER: 'Works on apps and integrations of the business.',
  PARTNER_CENTER_ADMIN: 'Manages the Partner Center of the business.',
  PARTNER_CENTER_ANALYST: 'Views Partner Center data.',
  PARTNER_CENTER_OPERATIONS: 'Runs Partner Center operations.',
  PARTNER_CENTER_MARKETING: 'Runs Partner Center marketing.',
  PARTNER_CENTER_EDUCATION: 'Manages Partner Center education content.',
  MANAGE: 'Meta does not document what this role grants; check in Meta.',
  DEFAULT: 'Meta does not document what this role grants; check in Meta.',
};

/**
 * The account type an invitation asks for: under single sign-on a managed work account (MWA), the only kind the
 * IdP can provision and remove; with username and password a personal account (FB), Meta's own default.
 */
export function invitedUserTypeFor(loginMethod: 'sso' | 'password'): 'FB' | 'MWA' {
  return loginMethod === 'sso' ? 'MWA' : 'FB';
}

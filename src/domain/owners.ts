// Who may own a hub, and the rule that a hub always keeps one. Pure: the owners service asks Slack about the
// accounts and applies the change.

/** What Slack says about an account, as far as ownership cares. */
export type SlackAccount = { id: string; isRestricted: boolean; isUltraRestricted: boolean; isBot: boolean; deleted: boolean; email?: string | undefined };

/** The sentence a Slack guest hears wherever ownership is refused to them (adding, claiming, `/hub owners`). */
export const GUESTS_CANNOT_OWN = "Slack guests can't own a hub.";

/** Whether Slack calls the account a guest (a single- or multi-channel guest: restricted or ultra-restricted). */
export const isSlackGuest = (account: SlackAccount | undefined): boolean => Boolean(account && !account.deleted && (account.isRestricted || account.isUltraRestricted));

/** Why an account can't own a hub, or undefined when it can. Guests (restricted accounts) never own one. */
export function whyNotOwner(account: SlackAccount | undefined): string | undefined {
  if (!account || account.deleted) return 'is not an active member of this Slack workspace';
  if (account.isBot) return 'is an app, not a person';
  if (isSlackGuest(account)) return `is a Slack guest. ${GUESTS_CANNOT_OWN.slice(0, -1)}`;
  return undefined;
}

export type OwnerChange = { add: string[]; remove: string[] };

/** The owners after a change, or why the change is refused: a hub always keeps at least one owner. */
export function ownersAfter(current: readonly string[], change: OwnerChange): { ok: true; owners: string[] } | { ok: false; reason: string } {
  const owners = [...new Set([...current.filter((id) => !change.remove.includes(id)), ...change.add])];
  if (owners.length === 0) return { ok: false, reason: 'A hub always keeps at least one owner. Add someone else before removing the last one.' };
  return { ok: true, owners };
}

/**
 * Why someone can't ask to become an owner of a hub, or undefined when they can: they must be able to own one,
 * not own it already, and be matched (by their directory account) to a member Meta lists as an Admin.
 */
export function whyNoClaim(input: { account: SlackAccount | undefined; isOwner: boolean; matchedAdmin: boolean }): string | undefined {
  if (isSlackGuest(input.account)) return `${GUESTS_CANNOT_OWN} You are a guest in this Slack workspace.`;
  const notOwner = whyNotOwner(input.account);
  if (notOwner) return `You ${notOwner.replace(/^is /, 'are ')}.`;
  if (input.isOwner) return 'You already own this hub.';
  if (!input.matchedAdmin) return 'Only people whose directory account is matched to an Admin of the business at Meta can ask to become an owner.';
  return undefined;
}

/** Whether someone may decide a claim: anyone who may change the hub's owners, except the one who asked. */
export function whyNotDecider(deciderId: string, claimantId: string, mayChangeOwners: boolean): string | undefined {
  if (deciderId === claimantId) return 'You cannot decide your own request: another owner or an admin must.';
  return mayChangeOwners ? undefined : 'Only owners of the hub and Hubkeeper admins can decide who becomes an owner.';
}

const DAY_MS = 86_400_000;

/** How long a request to become an owner waits for a decision before it expires unanswered. */
export const CLAIM_EXPIRES_DAYS = 30;

/** How long someone whose request was declined waits before asking again for the same hub. */
export const ASK_AGAIN_AFTER_DAYS = 7;

/** When a request made at `createdAt` expires if nobody decides it. */
export function claimExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + CLAIM_EXPIRES_DAYS * DAY_MS);
}

/** Whether a request made at `createdAt` has expired by `now`: it can no longer be approved or declined. */
export function claimExpired(createdAt: Date, now: Date): boolean {
  return now.getTime() >= claimExpiresAt(createdAt).getTime();
}

/** When someone declined at `declinedAt` may ask again. */
export function askAgainFrom(declinedAt: Date): Date {
  return new Date(declinedAt.getTime() + ASK_AGAIN_AFTER_DAYS * DAY_MS);
}

/** When someone whose last request was declined at `declinedAt` may ask again, or undefined when they may now. */
export function askAgainAt(declinedAt: Date | undefined, now: Date): Date | undefined {
  if (!declinedAt) return undefined;
  const from = askAgainFrom(declinedAt);
  return now.getTime() < from.getTime() ? from : undefined;
}

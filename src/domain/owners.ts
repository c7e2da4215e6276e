// Who may own a hub, and the rule that a hub always keeps one. Pure: the owners service asks Slack about the
// accounts and applies the change.

/** What Slack says about an account, as far as ownership cares. */
export type SlackAccount = { id: string; isRestricted: boolean; isUltraRestricted: boolean; isBot: boolean; deleted: boolean };

/** Why an account can't own a hub, or undefined when it can. Guests (restricted accounts) never own one. */
export function whyNotOwner(account: SlackAccount | undefined): string | undefined {
  if (!account || account.deleted) return 'is not an active member of this Slack workspace';
  if (account.isBot) return 'is an app, not a person';
  if (account.isRestricted || account.isUltraRestricted) return 'is a Slack guest; guests cannot own a hub';
  return undefined;
}

export type OwnerChange = { add: string[]; remove: string[] };

/** The owners after a change, or why the change is refused: a hub always keeps at least one owner. */
export function ownersAfter(current: readonly string[], change: OwnerChange): { ok: true; owners: string[] } | { ok: false; reason: string } {
  const owners = [...new Set([...current.filter((id) => !change.remove.includes(id)), ...change.add])];
  if (owners.length === 0) return { ok: false, reason: 'A hub always keeps at least one owner. Add someone else before removing the last one.' };
  return { ok: true, owners };
}

// Per-hub settings an owner or admin chooses in `/hub settings`: what values are allowed, and where report cards
// go. Pure: the settings service loads and saves the hub; the modal shows these errors inline.

/** Where a hub's deprovision report cards go. */
export type CardDestination = 'channel' | 'owners' | 'both';
export const CARD_DESTINATIONS: readonly CardDestination[] = ['channel', 'owners', 'both'];

export type HubSettings = {
  /** The removal safeguard: a report removing more than this share of members waits for a confirmation. */
  safeguardThresholdPct: number;
  remindAfterHours: number;
  escalateAfterHours: number;
  /** "HH:MM" of the daily check, in `dailySyncTz`. */
  dailySyncAt: string;
  /** An IANA time zone such as Europe/Paris. */
  dailySyncTz: string;
  cardsTo: CardDestination;
  adminsMayDecide: boolean;
  /** Scheduled access reviews: how often, over whom, reviewed by whom, and how many days each one lasts. */
  reviewEvery: ReviewEvery;
  reviewScope: 'all' | 'admins';
  reviewReviewers: 'owners' | 'managers';
  reviewDays: number;
};

export type ReviewEvery = 'off' | 'month' | 'quarter';
export const REVIEW_EVERY: readonly ReviewEvery[] = ['off', 'month', 'quarter'];

export type SettingsField = keyof HubSettings;

/** What the form sends, unchecked. */
export type SettingsInput = { [K in SettingsField]: string | boolean | undefined };

export type SettingsCheck = { ok: true; settings: HubSettings } | { ok: false; errors: Partial<Record<SettingsField, string>> };

const MAX_HOURS = 90 * 24;
/** As long as a campaign started by hand may last (`MAX_CAMPAIGN_DAYS`). */
const MAX_REVIEW_DAYS = 90;

/** Whether the runtime knows this IANA time zone (Slack gives people one such as America/Los_Angeles). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function wholeNumber(value: unknown, min: number, max: number): number | undefined {
  const text = String(value ?? '').trim();
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const number = Number(text);
  return number >= min && number <= max ? number : undefined;
}

/** Checks every field at once, so the modal can show each problem beside its field. */
export function checkHubSettings(input: SettingsInput): SettingsCheck {
  const errors: Partial<Record<SettingsField, string>> = {};
  const threshold = wholeNumber(input.safeguardThresholdPct, 1, 100);
  if (threshold === undefined) errors.safeguardThresholdPct = 'Enter a whole percentage from 1 to 100.';
  const remind = wholeNumber(input.remindAfterHours, 1, MAX_HOURS);
  if (remind === undefined) errors.remindAfterHours = `Enter a whole number of hours from 1 to ${MAX_HOURS}.`;
  const escalate = wholeNumber(input.escalateAfterHours, 1, MAX_HOURS);
  if (escalate === undefined) errors.escalateAfterHours = `Enter a whole number of hours from 1 to ${MAX_HOURS}.`;
  else if (remind !== undefined && escalate <= remind) errors.escalateAfterHours = `Escalate later than the reminder (more than ${remind} hours).`;
  const time = String(input.dailySyncAt ?? '').trim();
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.dailySyncAt = 'Enter a time as HH:MM, such as 06:30.';
  const tz = String(input.dailySyncTz ?? '').trim();
  if (!isTimeZone(tz)) errors.dailySyncTz = 'Enter a time zone such as Europe/Paris, America/New_York or UTC.';
  const cardsTo = CARD_DESTINATIONS.find((value) => value === input.cardsTo);
  if (!cardsTo) errors.cardsTo = 'Choose where report cards go.';
  const reviewEvery = REVIEW_EVERY.find((value) => value === input.reviewEvery);
  if (!reviewEvery) errors.reviewEvery = 'Choose how often an access review starts, or off.';
  const reviewScope = (['all', 'admins'] as const).find((value) => value === input.reviewScope);
  if (!reviewScope) errors.reviewScope = 'Choose who scheduled reviews cover.';
  const reviewReviewers = (['owners', 'managers'] as const).find((value) => value === input.reviewReviewers);
  if (!reviewReviewers) errors.reviewReviewers = 'Choose who reviews.';
  const reviewDays = wholeNumber(input.reviewDays, 1, MAX_REVIEW_DAYS);
  if (reviewDays === undefined) errors.reviewDays = `Enter a whole number of days from 1 to ${MAX_REVIEW_DAYS}.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      safeguardThresholdPct: threshold!, remindAfterHours: remind!, escalateAfterHours: escalate!,
      dailySyncAt: time, dailySyncTz: tz, cardsTo: cardsTo!, adminsMayDecide: input.adminsMayDecide === true,
      reviewEvery: reviewEvery!, reviewScope: reviewScope!, reviewReviewers: reviewReviewers!, reviewDays: reviewDays!,
    },
  };
}

/** The settings that differ, by name, from → to (what the audit event and the answer name). */
export function settingsChanges(before: HubSettings, after: HubSettings): Partial<Record<SettingsField, { from: unknown; to: unknown }>> {
  const changes: Partial<Record<SettingsField, { from: unknown; to: unknown }>> = {};
  for (const key of Object.keys(after) as SettingsField[]) {
    if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/** Who gets a hub's report cards: its channel, its owners' DMs, or both (plus owners who asked for DMs). */
export function cardTargets(cardsTo: CardDestination, channelId: string, ownerIds: readonly string[], dmOptIns: readonly string[]): string[] {
  const dms = cardsTo === 'channel' ? dmOptIns : ownerIds;
  return [...new Set([...(cardsTo === 'owners' ? [] : [channelId]), ...dms])];
}

import { checkHubSettings, type HubSettings, type SettingsField } from '../../domain/hub-settings.js';
import { SettingsFields as F } from '../ids.js';
import { checked } from './access-forms.js';
import { read } from './member-forms.js';
import type { ViewStateValues } from './view-state.js';

export type SettingsForm = { ok: true; input: HubSettings } | { ok: false; errors: Record<string, string> };

/** The `/hub settings` modal: every field checked by the domain's rules, each error beside its field. */
export function parseSettingsSubmission(values: ViewStateValues): SettingsForm {
  const text = (field: SettingsField) => read(values, F[field]);
  const check = checkHubSettings({
    safeguardThresholdPct: text('safeguardThresholdPct'),
    remindAfterHours: text('remindAfterHours'),
    escalateAfterHours: text('escalateAfterHours'),
    dailySyncAt: text('dailySyncAt'),
    dailySyncTz: text('dailySyncTz'),
    cardsTo: text('cardsTo'),
    adminsMayDecide: checked(values, F.adminsMayDecide).includes('yes'),
    reviewEvery: text('reviewEvery'),
    reviewScope: text('reviewScope'),
    reviewReviewers: text('reviewReviewers'),
    reviewDays: text('reviewDays'),
  });
  if (check.ok) return { ok: true, input: check.settings };
  const errors = Object.fromEntries(Object.entries(check.errors).map(([field, message]) => [F[field as SettingsField].block, message!]));
  return { ok: false, errors };
}

import type { CardDestination, HubSettings } from '../../domain/hub-settings.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { SettingsFields as F, Views } from '../ids.js';
import { context, escapeMrkdwn, plain, section } from './text.js';

const DESTINATIONS: Record<CardDestination, { label: string; hint: string }> = {
  channel: { label: "The hub's channel", hint: 'Owners who ran `/hub prefs dm on` also get them by direct message.' },
  owners: { label: "Owners' direct messages", hint: 'Every owner gets the card; the channel hears only the closing summary.' },
  both: { label: 'Both', hint: 'The channel, and every owner by direct message.' },
};

const textInput = (field: { block: string; action: string }, label: string, value: string, hint: string, max = 10) => ({
  type: 'input' as const,
  block_id: field.block,
  label: plain(label),
  hint: plain(hint),
  element: { type: 'plain_text_input' as const, action_id: field.action, initial_value: value, max_length: max },
});

/** `/hub settings`: every per-hub setting, filled with what applies now. */
export function settingsModal(hub: { id: string; label: string; channelId: string }, current: HubSettings) {
  const options = (Object.keys(DESTINATIONS) as CardDestination[]).map((value) => ({
    text: plain(DESTINATIONS[value].label), value, description: plain(DESTINATIONS[value].hint),
  }));
  const adminsOption = { text: plain('Hubkeeper admins may approve or reject removals too'), value: 'yes', description: plain('Off: only owners decide. Cards always say who decided, and as what.') };
  return {
    type: 'modal' as const,
    callback_id: Views.hubSettings,
    private_metadata: encodeHubContext({ hubId: hub.id }),
    title: plain('Hub settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Settings of *${escapeMrkdwn(hub.label)}*. Changes apply from the next check or reminder.`),
      textInput(F.safeguardThresholdPct, 'Removal safeguard (% of members)', String(current.safeguardThresholdPct), 'A report that would remove more than this share waits for an owner to confirm the count.', 3),
      textInput(F.remindAfterHours, 'Remind owners after (hours)', String(current.remindAfterHours), 'Owners are reminded once a day of report items waiting this long.', 4),
      textInput(F.escalateAfterHours, 'Escalate after (hours)', String(current.escalateAfterHours), 'Items waiting this long go to the team-wide channel or the admins.', 4),
      textInput(F.dailySyncAt, 'Daily check at (HH:MM)', current.dailySyncAt, 'When Hubkeeper checks the hub for updates every day.', 5),
      textInput(F.dailySyncTz, 'Time zone of the daily check', current.dailySyncTz, 'An IANA time zone, such as Europe/Paris or America/New_York.', 64),
      {
        type: 'input',
        block_id: F.cardsTo.block,
        label: plain('Deprovision report cards go to'),
        element: { type: 'radio_buttons', action_id: F.cardsTo.action, options, initial_option: options.find((o) => o.value === current.cardsTo) },
      },
      {
        type: 'input',
        optional: true,
        block_id: F.adminsMayDecide.block,
        label: plain('When owners are away'),
        element: { type: 'checkboxes', action_id: F.adminsMayDecide.action, options: [adminsOption], ...(current.adminsMayDecide ? { initial_options: [adminsOption] } : {}) },
      },
      ...reviewScheduleBlocks(current),
      context(`The channel is <#${hub.channelId}>. Defaults for new hubs come from the environment (REPORT_REMIND_AFTER_HOURS, REPORT_ESCALATE_AFTER_HOURS).`),
    ],
  };
}

const radio = (field: { block: string; action: string }, label: string, choices: Array<[string, string]>, current: string) => {
  const options = choices.map(([value, text]) => ({ text: plain(text), value }));
  return { type: 'input' as const, block_id: field.block, label: plain(label), element: { type: 'radio_buttons' as const, action_id: field.action, options, initial_option: options.find((o) => o.value === current) } };
};

/** Scheduled access reviews: how often, over whom, by whom, how long. */
function reviewScheduleBlocks(current: HubSettings) {
  return [
    { type: 'divider' as const },
    radio(F.reviewEvery, 'Start an access review', [['off', 'Never (start one with /hub review)'], ['month', 'Every month, on the 1st'], ['quarter', 'Every quarter, on Jan 1, Apr 1, Jul 1, Oct 1']], current.reviewEvery),
    radio(F.reviewScope, 'Scheduled reviews cover', [['all', 'All members'], ['admins', 'Members with the Admin role']], current.reviewScope),
    radio(F.reviewReviewers, 'Scheduled reviews are reviewed by', [['owners', 'The owners'], ['managers', "Each person's manager in the directory (else the owners)"]], current.reviewReviewers),
    textInput(F.reviewDays, 'Scheduled reviews last (days)', String(current.reviewDays), 'They start at the daily check time and never remove anyone without a decision.', 2),
  ];
}

const NAMES: Record<keyof HubSettings, string> = {
  safeguardThresholdPct: 'removal safeguard', remindAfterHours: 'reminder after', escalateAfterHours: 'escalation after',
  dailySyncAt: 'daily check time', dailySyncTz: 'time zone', cardsTo: 'where cards go', adminsMayDecide: 'admins may decide',
  reviewEvery: 'access reviews every', reviewScope: 'scheduled reviews cover', reviewReviewers: 'scheduled reviews by', reviewDays: 'scheduled review days',
};

/** "Saved: removal safeguard 20 → 10, time zone UTC → Europe/Paris." */
export function settingsSavedText(hub: { label: string }, changes: Partial<Record<keyof HubSettings, { from: unknown; to: unknown }>>): string {
  const words = (value: unknown) => (typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value));
  const parts = Object.entries(changes).map(([key, change]) => `${NAMES[key as keyof HubSettings]} ${words(change!.from)} → ${words(change!.to)}`);
  return `Saved the settings of *${escapeMrkdwn(hub.label)}*: ${parts.join(', ')}.`;
}

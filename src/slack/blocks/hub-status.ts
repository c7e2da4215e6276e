import type { Hub } from '../../services/hub-setup/hubs.js';
import type { Task } from '../../services/tasks/types.js';
import type { countHub } from '../../services/sync/snapshot.js';
import { bounded, context, escapeMrkdwn, section, slackDate } from './text.js';
import { brokenChannelNote } from '../../domain/slack-errors.js';

const LOGIN = { sso: 'Single sign-on (SSO)', password: 'Username and password' } as const;
const STATUS = {
  active: ':large_green_circle: Active',
  token_invalid: ':red_circle: Access token rejected by Meta — an admin must reconnect with `/hub connect`',
  paused: ':double_vertical_bar: Paused',
} as const;

/** What Meta said about the App ID when the hub was last connected. */
const APP_CHECK = {
  confirmed: 'the business owns this app at Meta',
  unlisted: "not among the business's own apps at Meta; it may belong to a parent business. Check it, and reconnect with the right one if it is wrong",
  unchecked: 'not checked: Meta did not list the business\'s apps to this token',
} as const;

type Counts = Awaited<ReturnType<typeof countHub>>;

export function hubStatusBlocks(input: { hub: Hub; counts: Counts; owners: string[]; lastTask?: Task }) {
  const { hub, counts, owners, lastTask } = input;
  // System users and partners are never matched: count them apart rather than as unmatched people.
  // A partner's people are the partner's: counted under it, never as the business's unmatched people.
  const service = (counts.membersByKind.system_user ?? 0) + (counts.membersByKind.partner ?? 0);
  const partnerPeople = counts.membersByKind.partner_user ?? 0;
  const people = { ...counts.membersByState, unmatched: Math.max(0, counts.membersByState.unmatched - service - partnerPeople) };
  const states = [
    ...Object.entries(people).map(([state, n]) => `${state.replace('_', ' ')}: *${n}*`),
    `service accounts: *${service}*`,
    ...(partnerPeople > 0 ? [`people of partners: *${partnerPeople}*`] : []),
  ].join(' · ');
  const lastCheck = hub.lastSyncedAt ? slackDate(hub.lastSyncedAt) : 'never';
  const lastOutcome = lastTask && lastTask.status === 'failed' ? `\n:warning: The last check failed: ${escapeMrkdwn(lastTask.error ?? '')}` : '';
  return {
    text: `${escapeMrkdwn(hub.label)}: ${LOGIN[hub.loginMethod]}, last checked ${hub.lastSyncedAt?.toISOString() ?? 'never'}`,
    blocks: [
      section(`*${escapeMrkdwn(hub.label)}* (business ${hub.businessId})\n${STATUS[hub.status]}${hub.channelBrokenError ? `\n${brokenChannelNote(hub.channelId, hub.channelBrokenError)}` : ''}`),
      section(
        `*Login method:* ${LOGIN[hub.loginMethod]}\n*Last check for updates:* ${lastCheck}${lastOutcome}\n*Daily check:* ${hub.dailySyncAt} ${hub.dailySyncTz} · *Channel:* <#${hub.channelId}>\n*App ID:* ${hub.appId} (${APP_CHECK[hub.appIdCheck]})`,
      ),
      section(`*Members:* ${states}`),
      context(`Owners: ${bounded(owners.map((id) => `<@${id}>`), 20, (n) => `and ${n} more`).join(', ') || 'none'}`),
    ],
  };
}

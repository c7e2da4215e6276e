import { stateCount, type MemberState } from '../../domain/sync-summary.js';
import { plural } from '../../domain/wording.js';
import { brokenChannelNote } from '../../domain/slack-errors.js';
import type { HomeData, HubCard } from '../../services/notifications/home-data.js';
import { Actions, HomeBlocks } from '../ids.js';
import { context, escapeMrkdwn, fit, plain, section, slackDate } from './text.js';
import { homeClaimBlocks } from './owner-claim.js';

/** Slack's limit for a Home tab. */
export const HOME_MAX_BLOCKS = 100;
/** Hubs shown as full cards (4 blocks each); the rest are listed a line each. */
const FULL_CARDS = 15;
const LINES_PER_SECTION = 12;
const MAX_LIST_SECTIONS = 15;

const LOGIN = { sso: 'Single sign-on', password: 'Username and password' } as const;
const STATE_ORDER: readonly MemberState[] = ['onboarded', 'unmatched', 'guest', 'exempted', 'removal_pending', 'removed'];

const divider = { type: 'divider' as const };
const button = (actionId: string, text: string, value: string, style?: 'primary') => ({
  type: 'button' as const, action_id: actionId, text: plain(text, 75), value, ...(style ? { style } : {}),
});

/** Hubs that need someone come first: a rejected token, failures, then unmatched members. */
function attention(card: HubCard): number {
  return (card.hub.status === 'token_invalid' || card.hub.channelBrokenAt ? 4 : 0) + (card.failedTasks > 0 ? 2 : 0) + (card.membersByState.unmatched > 0 ? 1 : 0);
}

function lastCheckWords(card: HubCard): string {
  const task = card.lastCheck;
  if (!task) return 'never checked';
  if (task.status === 'queued') return 'check queued';
  if (task.status === 'running') return 'checking now…';
  const at = task.finishedAt ? slackDate(task.finishedAt) : '';
  return task.status === 'completed' ? `last checked ${at} :white_check_mark:` : `last check failed ${at} :x:`;
}

function card(entry: HubCard) {
  const { hub } = entry;
  const states = STATE_ORDER.filter((state) => entry.membersByState[state] > 0).map((state) => stateCount(state, entry.membersByState[state]));
  const status = (hub.status === 'token_invalid' ? '\n:red_circle: Meta rejected the access token: an admin must reconnect with `/hub connect`.' : hub.status === 'paused' ? '\n:double_vertical_bar: Paused' : '')
    + (hub.channelBrokenError ? `\n${brokenChannelNote(hub.channelId, hub.channelBrokenError)}` : '');
  const failures = entry.failedTasks > 0
    ? `\n:warning: ${plural(entry.failedTasks, 'task')} failed this week; latest: ${escapeMrkdwn(fit(entry.lastFailure?.error ?? 'unknown error', 300))}`
    : '';
  const reports = entry.pendingReportItems > 0 ? `\n:inbox_tray: ${plural(entry.pendingReportItems, 'report item')} waiting for you` : '';
  const unmatched = entry.membersByState.unmatched;
  return [
    section(`*${escapeMrkdwn(hub.label)}* · ${LOGIN[hub.loginMethod]} · ${lastCheckWords(entry)} · <#${hub.channelId}>${status}`),
    section(
      `*Members:* ${states.join(' · ') || 'none yet'}${entry.serviceAccounts ? ` · ${plural(entry.serviceAccounts, 'service account')}` : ''}${failures}${reports}`,
    ),
    {
      type: 'actions' as const,
      block_id: `${HomeBlocks.hubPrefix}${hub.id}`,
      elements: [
        button(Actions.homeSync, 'Check for updates', hub.id),
        ...(unmatched > 0 ? [button(Actions.homeReviewUnmatched, `Review ${unmatched.toLocaleString('en-US')} unmatched`, hub.id, 'primary')] : []),
        button(Actions.homeMembers, 'Members', hub.id),
      ],
    },
    divider,
  ];
}

function listLine(entry: HubCard): string {
  const flags = [entry.failedTasks > 0 ? `:warning: ${plural(entry.failedTasks, 'failure')}` : '', entry.membersByState.unmatched > 0 ? `${entry.membersByState.unmatched} unmatched` : '']
    .filter(Boolean)
    .join(' · ');
  return `• *${escapeMrkdwn(fit(entry.hub.label, 80))}* — ${lastCheckWords(entry)}${flags ? ` · ${flags}` : ''}`;
}

function strangerView(admins: string[]) {
  const who = admins.length ? admins.map((id) => `<@${id}>`).join(', ') : 'your Slack workspace admins';
  return [
    { type: 'header' as const, text: plain('Hubkeeper', 150) },
    section('Hubkeeper keeps who can reach the company\'s Meta business hubs in line with the company directory: it imports each hub\'s people and assets, matches them to the directory, and lets hub owners and admins match, exempt or remove members from Slack.'),
    section(`You don't own a business hub, so there is nothing here for you yet. Hubkeeper admins: ${who}.`),
    context('Type `/hub help` to see what you can ask.'),
  ];
}

/** The Home tab of one person; never more than Slack's 100 blocks, however many hubs there are. */
export function homeView(data: HomeData) {
  const claims = data.claims.length ? [divider, section('*Hubs you can ask to own*'), ...homeClaimBlocks(data.claims)] : [];
  if (data.kind === 'stranger') return { type: 'home' as const, blocks: [...strangerView(data.admins), ...claims] };
  const cards = [...data.cards].sort((a, b) => attention(b) - attention(a) || a.hub.label.localeCompare(b.hub.label));
  const intro = data.isAdmin ? 'You are a Hubkeeper admin: every hub is listed.' : 'The business hubs you own.';
  const blocks: unknown[] = [
    { type: 'header' as const, text: plain('Your business hubs', 150) },
    context(`${intro} ${plural(cards.length, 'hub')}. Type \`/hub help\` for every command.`),
    divider,
  ];
  if (cards.length === 0) blocks.push(section('No business hub is connected yet. Connect one with `/hub connect`.'));
  for (const entry of cards.slice(0, FULL_CARDS)) blocks.push(...card(entry));
  const rest = cards.slice(FULL_CARDS);
  if (rest.length) {
    blocks.push(section(`*${plural(rest.length, 'more hub')}* (\`/hub status <hub>\` shows one in full):`));
    const shown = rest.slice(0, LINES_PER_SECTION * MAX_LIST_SECTIONS);
    for (let i = 0; i < shown.length; i += LINES_PER_SECTION) blocks.push(section(shown.slice(i, i + LINES_PER_SECTION).map(listLine).join('\n')));
    if (rest.length > shown.length) blocks.push(context(`…and ${(rest.length - shown.length).toLocaleString('en-US')} more.`));
  }
  // The claims come first, so the 100-block cut never hides them.
  return { type: 'home' as const, blocks: [...blocks.slice(0, 3), ...claims, ...blocks.slice(3)].slice(0, HOME_MAX_BLOCKS) };
}

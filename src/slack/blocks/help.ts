import { ANNOUNCE_WORDS } from '../../domain/announcements.js';
import { MEMBER_FILTERS } from '../../domain/member-list.js';
import { context, escapeMrkdwn, section } from './text.js';

/**
 * Every subcommand, its usage and what it does: the one list `/hub help` shows and the README's "Commands"
 * section repeats (test/unit/slack/help.test.ts holds them together). The options come from the tables the
 * commands themselves parse with.
 */
export const SUBCOMMANDS: ReadonlyArray<[usage: string, what: string]> = [
  ['/hub connect', 'Connect a Meta business hub (admins).'],
  ['/hub sync [hub]', 'Check a hub for updates now (admins and hub owners).'],
  ['/hub status [hub]', 'Login method, last check and members by state.'],
  ['/hub tasks [hub]', 'The automation log: recent tasks and their outcome.'],
  [`/hub members [hub] [${MEMBER_FILTERS.join('|')}]`, 'Review members: match, exempt, change role or remove them (admins and hub owners).'],
  ['/hub members [hub] [filter] export', 'A CSV of the member list, sent to your DM (admins and hub owners).'],
  ['/hub invite [hub]', 'Invite people by work email or from the directory, with a Meta role (admins and hub owners).'],
  ['/hub login [hub]', 'Switch between single sign-on and username and password (admins and hub owners).'],
  ['/hub groups [hub]', 'Identity-provider groups mapped to the hub: their people are invited with a role (admins map them).'],
  ['/hub report [hub]', 'The open deprovision report: approve or reject removals (hub owners decide).'],
  ['/hub review [hub]', "Start an access review: each reviewer gets a card to keep, remove or change each person's access; a CSV of the evidence when it closes (admins and hub owners)."],
  ['/hub prefs [dm on|off]', 'Also get deprovision reports by direct message (hub owners).'],
  ['/hub schedule HH:MM [hub]', "Move the daily check for updates (in the hub's time zone; admins and hub owners)."],
  ['/hub owners [hub]', 'Who owns the hub and why; add or remove owners (admins and hub owners).'],
  ['/hub settings [hub]', 'Safeguard, reminder and escalation hours, daily check time and time zone, where cards go, whether admins may decide (admins and hub owners).'],
  ['/hub audit [hub] [7d|24h|YYYY-MM-DD]', 'The last actions, and a CSV of the period in your DM (admins and hub owners).'],
  [`/hub announce [hub] [${ANNOUNCE_WORDS.join('|')} …]`, 'Choose which task results a hub announces in channels.'],
  ['/hub help', 'This list.'],
];

/** The list of subcommands, led by a note when the person typed one we don't know. */
export function helpBlocks(unknown?: string) {
  const lead = unknown ? `I don't know \`${escapeMrkdwn(unknown)}\`. ` : '';
  const lines = SUBCOMMANDS.map(([usage, what]) => `\`${usage}\` — ${what}`).join('\n');
  return {
    text: `${lead}Hubkeeper commands: ${SUBCOMMANDS.map(([usage]) => usage).join(', ')}`,
    blocks: [
      section(`${lead}*Hubkeeper* keeps your Meta business hubs in line with the company directory.`),
      section(lines),
      context('With one hub connected you can leave out its name; with several, add the hub label.'),
    ],
  };
}

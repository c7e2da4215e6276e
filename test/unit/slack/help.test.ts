// `/hub help`, the members filter list and the README list the same options: one table (SUBCOMMANDS, built from
// the tables the commands parse with), and the README's "Commands" section must say exactly what it says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANNOUNCE_WORDS, parseAnnounceArgs } from '../../../src/domain/announcements.js';
import { MEMBER_FILTERS, parseMembersArgs } from '../../../src/domain/member-list.js';
import { helpBlocks, SUBCOMMANDS } from '../../../src/slack/blocks/help.js';
import { membersListMessage } from '../../../src/slack/blocks/members-list.js';
import { blockText } from '../../support/harness.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The README's "## Commands" list: `usage` — what, one a line. */
function readmeCommands(): Array<[string, string]> {
  const start = readme.indexOf('\n## Commands\n');
  expect(start, 'README.md has a "## Commands" section').toBeGreaterThan(0);
  const body = readme.slice(start + 1).split(/\n## /)[0]!.split('\n').slice(1);
  return body.flatMap((line) => {
    const match = /^- `([^`]+)` — (.+)$/.exec(line);
    return match ? [[match[1]!, match[2]!] as [string, string]] : [];
  });
}

/** The options of a usage's `[a|b|c]` list, e.g. the member filters. */
const options = (usage: string) => /\[([a-z-]+(?:\|[a-z-]+)+)(?: …)?\]/.exec(usage)?.[1]?.split('|');

describe('/hub help and the README', () => {
  it('list the same commands, with the same usage and words, in the same order', () => {
    expect(readmeCommands()).toEqual(SUBCOMMANDS.map(([usage, what]) => [usage, what]));
  });

  it('every other mention of a command in the README offers the same options as /hub help', () => {
    const mentions = [...readme.matchAll(/`(\/hub [a-z]+)([^`]*)`/g)].map((m) => `${m[1]}${m[2]}`).filter((usage) => options(usage));
    expect(mentions.length).toBeGreaterThan(0);
    for (const usage of mentions) {
      const command = usage.split(' ').slice(0, 2).join(' ');
      const helped = SUBCOMMANDS.map(([u]) => u).filter((u) => u.startsWith(`${command} `) && options(u));
      expect(helped.map(options), usage).toContainEqual(options(usage));
    }
  });

  it('offers exactly the member lists /hub members understands, and the words /hub announce understands', () => {
    const members = SUBCOMMANDS.find(([usage]) => usage.startsWith('/hub members [hub] ['))!;
    expect(options(members[0])).toEqual([...MEMBER_FILTERS]);
    for (const filter of options(members[0])!) expect(parseMembersArgs(['Acme', filter])).toEqual({ hubName: 'Acme', filter });
    const announce = SUBCOMMANDS.find(([usage]) => usage.startsWith('/hub announce'))!;
    expect(options(announce[0])).toEqual([...ANNOUNCE_WORDS]);
    for (const word of options(announce[0])!) expect(parseAnnounceArgs(['Acme', word]).hubName).toBe('Acme');
  });

  it('fits one Block Kit section', () => {
    const help = helpBlocks();
    expect((help.blocks[1] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
    expect(blockText(help.blocks)).toContain(`/hub members [hub] [${MEMBER_FILTERS.join('|')}]`);
  });

  it('the members list names the other lists from the same table', () => {
    const empty = membersListMessage({ id: 'h', label: 'Acme' }, { filter: 'guests', page: 0, pages: 1, total: 0, serviceAccounts: 0, members: [] }, 'U1');
    const named = [...blockText(empty.blocks).split('Other lists:')[1]!.matchAll(/`([a-z]+)`/g)].map((m) => m[1]);
    expect(named).toEqual(MEMBER_FILTERS.filter((filter) => filter !== 'guests'));
  });
});

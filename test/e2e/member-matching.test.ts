import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubOwners } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import {
  buttonValue, clickInList, connectAndSync, database, matchValues, memberByEmail, membersList, okModals, openedModal,
  mustRowButton, responseBody, rowButton, seedDirectory, syncAgain,
} from '../support/members.js';

const business = generateBusiness({
  id: '1111111111', members: 40, invitations: 3, systemUsers: 2, partners: 1, adAccounts: 3, pages: 2,
  adminShare: 0, personalEmailShare: 0.3, seed: 11,
});
const work = business.users.filter((user) => user.email.endsWith('@acme.example'));
const personal = business.users.filter((user) => !user.email.endsWith('@acme.example'));
const people = business.users.length + business.invitations.length;
const GUEST = 'UGUEST0001';

let h: Harness;
let ids: Map<string, string>;

beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  h.slack.addUser({ id: GUEST, name: 'agency', realName: 'Agency Person', email: personal[0]!.email.toUpperCase(), isRestricted: true });
  ids = await seedDirectory(h, [
    ...work.slice(0, 5).map((user) => ({ userName: user.email, displayName: user.name })),
    // Found through userName, written differently.
    { userName: `  ${work[5]!.email.toUpperCase()} `, displayName: work[5]!.name, emails: [`${work[5]!.first_name}@other.example`] },
    // Two people share one address: never matched automatically.
    { userName: 'shared.one@acme.example', displayName: 'Shared One', emails: ['shared.one@acme.example', work[6]!.email] },
    { userName: 'shared.two@acme.example', displayName: 'Shared Two', emails: ['shared.two@acme.example', work[6]!.email] },
    { userName: 'otto@acme.example', displayName: 'Otto Owner', givenName: 'Otto', familyName: 'Owner' },
  ]);
  await connectAndSync(h);
});
afterAll(async () => {
  expect(h.logs.filter((line) => h.secrets.some((secret) => line.includes(secret)))).toEqual([]);
  await h.close();
});

describe('automatic matching on every check for updates', () => {
  it('onboards directory matches, finds Slack guests, holds back ambiguous ones and says so', async () => {
    const result = blockText(h.slack.messagesIn(HUB_CHANNEL)[0]!.blocks);
    expect(result).toContain(`${people - 7} unmatched, 6 onboarded, 1 guest ·`);
    expect(result).toContain('3 service accounts (system users, partners) listed apart');
    expect(result).toContain('1 member not matched: two or more directory people share their email.');
    expect(result).toContain(`Review ${people - 7} unmatched`);

    const first = await memberByEmail(h, work[0]!.email);
    expect(first).toMatchObject({ state: 'onboarded', directoryUserId: ids.get(work[0]!.email), matchedBy: 'auto', manual: false });
    expect(await memberByEmail(h, work[5]!.email)).toMatchObject({ state: 'onboarded' });
    expect(await memberByEmail(h, work[6]!.email)).toMatchObject({ state: 'unmatched', matchNote: 'ambiguous', directoryUserId: null });
    expect(await memberByEmail(h, personal[0]!.email)).toMatchObject({ state: 'guest', workspaceAccountId: GUEST });
  });

  it('opens the unmatched list from "Review … unmatched" on the result, privately', async () => {
    const message = h.slack.messagesIn(HUB_CHANNEL)[0]!;
    const before = h.slack.responses.length;
    await h.client.blockAction({
      userId: ADMIN, actionId: 'members_review', container: { type: 'message', channelId: HUB_CHANNEL, messageTs: message.ts },
    });
    const list = await responseBody(h, before);
    expect(list.replace_original).toBe(false);
    expect(blockText(list.blocks)).toMatch(/Members of Acme Ads\* — unmatched: \*\d+\*/);
  });
});

describe('the member list', () => {
  it('refuses people who are neither admins nor owners', async () => {
    expect((await membersList(h, STRANGER)).text).toMatch(/Only owners of Acme Ads and Hubkeeper admins can do that/);
  });

  it('pages with Next and Previous, within Block Kit limits, every member once', async () => {
    const first = await membersList(h, ADMIN, 'members unmatched');
    expect(blockText(first.blocks)).toContain(`unmatched: *${people - 7}* · page 1 of 3`);
    expect(first.blocks!.length).toBeLessThanOrEqual(50);
    expect(first.text).toContain('page 1 of 3');
    const shown = new Set<string>();
    const emailsOf = (blocks: unknown) => [...blockText(blocks).matchAll(/· ([\w.+-]+@[\w.-]+)/g)].map((m) => m[1]!);
    emailsOf(first.blocks).forEach((email) => shown.add(email));

    let page = first;
    for (const expected of [2, 3]) {
      const { before } = await clickInList(h, ADMIN, 'members_page_next', buttonValue(page.blocks, 'members_page_next')!);
      page = await responseBody(h, before);
      expect(page.replace_original).toBe(true);
      expect(blockText(page.blocks)).toContain(`page ${expected} of 3`);
      expect(page.blocks!.length).toBeLessThanOrEqual(50);
      emailsOf(page.blocks).forEach((email) => shown.add(email));
    }
    expect(buttonValue(page.blocks, 'members_page_next')).toBeUndefined();
    expect(shown.size).toBe(people - 7);

    const { before } = await clickInList(h, ADMIN, 'members_page_previous', buttonValue(page.blocks, 'members_page_previous')!);
    expect(blockText((await responseBody(h, before)).blocks)).toContain('page 2 of 3');
  });

  it('lists system users and partners apart, with only their Access to assets to act on', async () => {
    const list = await membersList(h, ADMIN, 'members Acme Ads system');
    expect(blockText(list.blocks)).toContain('service accounts (system users and partners): *3*');
    const rows = list.blocks!.filter((block) => block.type === 'actions' && block.block_id !== 'members_navigation');
    expect(rows).toHaveLength(3);
    expect(rows.flatMap((block) => (block.elements ?? []).map((element) => element.action_id))).toEqual(['member_access', 'member_access', 'member_access']);
  });

  it('/hub help, an empty list and the README offer the same lists, and each one works', async () => {
    const lists = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').match(/`\/hub members \[hub\] \[([a-z|]+)\]`/)![1]!.split('|');
    const help = blockText((await membersList(h, ADMIN, 'help')).blocks);
    expect(help).toContain(`\`/hub members [hub] [${lists.join('|')}]\``);
    const empty = blockText((await membersList(h, ADMIN, 'members Acme Ads exempted')).blocks);
    expect(empty).toContain('No exempted in *Acme Ads*.');
    expect([...empty.split('Other lists:')[1]!.matchAll(/`([a-z]+)`/g)].map((m) => m[1])).toEqual(lists.filter((list) => list !== 'exempted'));
    for (const list of lists) expect(blockText((await membersList(h, ADMIN, `members Acme Ads ${list}`)).blocks)).toMatch(/^\*Members of Acme Ads\* — |^No .+ in \*Acme Ads\*\./);
  });
});

describe('matching by hand', () => {
  let email = '';
  const target = () => ({ email });

  it('searches the directory and matches as Owner, making their Slack account an owner of the hub', async () => {
    expect((await membersList(h, OWNER)).text).toMatch(/Only owners of Acme Ads/);
    const list = await membersList(h, ADMIN, 'members unmatched');
    email = personal.map((user) => user.email).find((candidate) => rowButton(list.blocks, candidate, 'member_match'))!;
    const value = mustRowButton(list.blocks, target().email, 'member_match');
    const modals = okModals(h);
    await clickInList(h, ADMIN, 'member_match', value, list.blocks);
    const modal = await openedModal(h, modals);
    expect(modal.view.callback_id).toBe('match_member');

    const search = await h.client.blockSuggestion({ userId: ADMIN, actionId: 'directory_search', blockId: 'match_person', value: 'own', viewId: modal.id });
    const options = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(options.map((option) => option.text.text)).toContain('Otto Owner — otto@acme.example');
    const byEmail = await h.client.blockSuggestion({ userId: ADMIN, actionId: 'directory_search', blockId: 'match_person', value: 'shared.t', viewId: modal.id });
    expect((byEmail.json as { options: unknown[] }).options).toHaveLength(1);

    const before = h.slack.responses.length;
    const otto = options.find((option) => option.value === ids.get('otto@acme.example'))!;
    const submitted = await h.client.viewSubmission({
      userId: ADMIN, callbackId: 'match_member', viewId: modal.id, values: matchValues({ text: otto.text.text, value: otto.value }, 'owner'),
    });
    expect(submitted.json ?? submitted.body).toBe('');
    expect(await memberByEmail(h, target().email)).toMatchObject({
      state: 'onboarded', directoryUserId: otto.value, hubRole: 'owner', manual: true, matchedBy: ADMIN, workspaceAccountId: OWNER,
    });
    await h.slack.waitFor(() => h.slack.responses.slice(before).find((r) => /is now an owner/.test(String(r.body.text))), 10_000);
    const redrawn = h.slack.responses.slice(before).find((r) => r.body.replace_original === true)!;
    expect(blockText(redrawn.body.blocks)).toContain(`unmatched: *${people - 8}*`);
    expect(blockText(redrawn.body.blocks)).not.toContain(target().email);
    expect((await membersList(h, OWNER)).blocks).toBeDefined(); // now an owner, so allowed
  });

  it('tells a late clicker on a stale list who did what, and changes nothing', async () => {
    const member = await memberByEmail(h, target().email);
    const stale = `${member!.id}|${member!.revision - 1}|${member!.hubId}|unmatched|0`;
    const { before } = await clickInList(h, OWNER, 'member_exempt', stale);
    const answers = await h.slack.waitFor((fake) => (fake.responses.length >= before + 2 ? fake.responses.slice(before) : undefined), 10_000);
    expect(String(answers.at(-1)!.body.text)).toMatch(/^Nothing changed\. Someone got there first: <@UADMIN01> matched \*/);
    expect(answers[0]!.body.replace_original).toBe(true);
    expect(await memberByEmail(h, target().email)).toMatchObject({ state: 'onboarded', revision: member!.revision });
  });

  it('keeps hand decisions through later checks for updates', async () => {
    await syncAgain(h);
    expect(await memberByEmail(h, target().email)).toMatchObject({ state: 'onboarded', manual: true, hubRole: 'owner' });
    expect(await memberByEmail(h, work[6]!.email)).toMatchObject({ state: 'unmatched', matchNote: 'ambiguous' });
  });

  it('unmatches, taking back the ownership the match gave', async () => {
    const list = await membersList(h, ADMIN, 'members onboarded');
    expect(blockText(list.blocks)).toContain('Onboarded → *Otto Owner* (otto@acme.example) · Owner · matched by you');
    const { before } = await clickInList(h, ADMIN, 'member_unmatch', mustRowButton(list.blocks, target().email, 'member_unmatch'), list.blocks);
    const redrawn = await responseBody(h, before);
    expect(redrawn.replace_original).toBe(true);
    expect(await memberByEmail(h, target().email)).toMatchObject({ state: 'unmatched', manual: true, directoryUserId: null, hubRole: null });
    const { db, close } = database(h);
    const owners = await db.select().from(hubOwners).where(eq(hubOwners.slackUserId, OWNER));
    await close();
    expect(owners).toEqual([]);
    await syncAgain(h);
    expect(await memberByEmail(h, target().email)).toMatchObject({ state: 'unmatched', manual: true });
  });

  it('gives a stranger neither the modal nor any search results', async () => {
    const list = await membersList(h, ADMIN, 'members');
    const value = mustRowButton(list.blocks, work[6]!.email, 'member_match');
    const { before } = await clickInList(h, STRANGER, 'member_match', value);
    expect(String((await responseBody(h, before)).text)).toMatch(/Only owners of Acme Ads and Hubkeeper admins/);
    const modals = okModals(h);
    await clickInList(h, ADMIN, 'member_match', value);
    const modal = await openedModal(h, modals);
    const search = await h.client.blockSuggestion({ userId: STRANGER, actionId: 'directory_search', blockId: 'match_person', value: 'otto', viewId: modal.id });
    expect(search.json).toEqual({ options: [] });
  });
});

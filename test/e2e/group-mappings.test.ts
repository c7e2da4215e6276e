import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubOwners, reportItems } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync, database, memberByEmail, okModals, openedModal, responseBody } from '../support/members.js';
import { scimCreateUsers, scimSetActive } from '../support/reports.js';
import { audits, channelMessage, eventually, channelMessages, commandAnswer, groupValues, hubRow, noticeText, patchMembers, scim, submit, tasksOf } from '../support/access.js';

const business = generateBusiness({ id: '1111111111', members: 4, invitations: 0, systemUsers: 1, adminShare: 0, personalEmailShare: 0, seed: 8 });
const existing = business.users[1]!;
const people = ['ines.okafor', 'tariq.novak', 'wen.haddad', 'zoe.brown'].map((stem) => `${stem}@acme.example`);

let h: Harness;
let ids: Map<string, string>;
let marketing: string;
let sales: string;

beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  ids = await scimCreateUsers(h, [...people, existing.email].map((email) => ({ email, name: email.split('@')[0]! })));
  const group = (displayName: string) => scim(h, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName });
  marketing = String((await group('Marketing')).json!.id);
  sales = String((await group('Sales')).json!.id);
  await connectAndSync(h);
  const { db, close } = database(h);
  await db.insert(hubOwners).values({ hubId: (await hubRow(h)).id, slackUserId: OWNER, source: 'matched' });
  await close();
});
afterAll(async () => {
  await h.close();
});

const invitation = (email: string) => business.invitations.find((i) => i.email === email);
const invitePosts = () => h.meta.requests.filter((r) => r.method === 'POST' && r.route.endsWith('/business_users'));
type Block = { block_id?: string; elements?: Array<Record<string, unknown>>; accessory?: Record<string, unknown> };

async function groupsList(userId: string) {
  return commandAnswer(h, userId, 'groups') as Promise<{ text?: string; blocks?: Block[] }>;
}

async function clickGroups(userId: string, actionId: string, value: string) {
  const before = h.slack.responses.length;
  await h.client.blockAction({
    userId, actionId, value, container: { type: 'message', channelId: HUB_CHANNEL, messageTs: '1700000000.000200', isEphemeral: true },
    message: { type: 'message', ts: '1700000000.000200', text: '' },
  });
  return before;
}

async function openMapModal() {
  const list = await groupsList(ADMIN);
  const add = list.blocks!.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'groups_add')!;
  const modals = okModals(h);
  const before = await clickGroups(ADMIN, 'groups_add', String(add.value));
  return { modal: await openedModal(h, modals), before };
}

async function reportReasons(email: string) {
  const member = await memberByEmail(h, email);
  const { db, close } = database(h);
  try {
    return (await db.select().from(reportItems).where(eq(reportItems.memberId, member!.id))).map((item) => item.reason);
  } finally {
    await close();
  }
}

describe('/hub groups', () => {
  it('lists nothing yet, and only for owners and admins', async () => {
    expect((await groupsList(STRANGER)).text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    expect((await groupsList(OWNER)).text).toBe('No identity-provider groups are mapped to Acme Ads yet.');
  });

  it('lets only Hubkeeper admins add a mapping', async () => {
    const list = await groupsList(OWNER);
    const add = list.blocks!.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'groups_add')!;
    const before = await clickGroups(OWNER, 'groups_add', String(add.value));
    expect((await responseBody(h, before)).text).toMatch(/^Only Hubkeeper admins \(Slack workspace admins and owners\) can map identity-provider groups to Acme Ads\./);
    const forged = await submit(h, OWNER, 'map_group', groupValues({ text: 'Marketing', value: marketing }), undefined, JSON.stringify({ h: (await hubRow(h)).id }));
    expect(noticeText(forged)).toMatch(/^Only Hubkeeper admins/);
  });

  it('maps a group found by search to a role, and redraws the list', async () => {
    const { modal, before } = await openMapModal();
    expect(modal.view.title.text).toBe('Map a group');
    const search = await h.client.blockSuggestion({ userId: ADMIN, actionId: 'group_search', blockId: 'group_pick', value: 'mark', viewId: modal.id });
    expect((search.json as { options: Array<{ text: { text: string }; value: string }> }).options).toEqual([
      { text: { type: 'plain_text', text: 'Marketing', emoji: true }, value: marketing },
    ]);
    const owners = await h.client.blockSuggestion({ userId: OWNER, actionId: 'group_search', blockId: 'group_pick', value: 'mark', viewId: modal.id });
    expect((owners.json as { options: unknown[] }).options).toEqual([]);

    expect((await submit(h, ADMIN, 'map_group', groupValues(null), modal.id)).errors).toEqual({ group_pick: 'Search for the group and pick it from the list.' });
    const answer = await submit(h, ADMIN, 'map_group', groupValues({ text: 'Marketing', value: marketing }), modal.id);
    expect(noticeText(answer)).toBe(`Mapped *Marketing* to *Acme Ads* as Employee. Progress shows in <#${HUB_CHANNEL}>.`);
    const redrawn = await h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => r.body.replace_original === true), 10_000);
    expect(blockText(redrawn.body.blocks)).toContain('*Marketing* → Employee · 0 people');
    expect((await audits(h, 'hub.group_mapped'))[0]).toMatchObject({ actor: ADMIN, detail: { groupId: marketing, role: 'EMPLOYEE' } });
  });

  it('says inline when the group is already mapped', async () => {
    const { modal } = await openMapModal();
    expect((await submit(h, ADMIN, 'map_group', groupValues({ text: 'Marketing', value: marketing }, 'ADMIN'), modal.id)).errors).toEqual({
      group_pick: 'Marketing is already mapped to Acme Ads as Employee (by you). Remove it first to change the role.',
    });
  });

  it('invites people added to the group: a burst of SCIM PATCHes becomes one paced task', async () => {
    const added = [...people, existing.email].map((email) => ids.get(email)!);
    const statuses = await Promise.all(added.map((id) => scim(h, 'PATCH', `/Groups/${marketing}`, patchMembers('add', [id])).then((r) => r.status)));
    expect(statuses).toEqual(added.map(() => 204));
    const message = await channelMessage(h, /^Invited 4 people to Acme Ads as Employee/, 20_000);
    expect(blockText(message.blocks)).toContain('joined the identity-provider group *Marketing*');
    expect(message.text).toBe('Invited 4 people to Acme Ads as Employee.');
    expect(await tasksOf(h, 'invite_member')).toHaveLength(1);
    for (const email of people) expect(invitation(email)).toMatchObject({ role: 'EMPLOYEE' });
    expect(invitePosts().filter((r) => r.body.email === existing.email)).toHaveLength(0); // already a member
    expect(await memberByEmail(h, people[0]!)).toMatchObject({ kind: 'invitation', state: 'onboarded', directoryUserId: ids.get(people[0]!) });
  });

  it('puts someone removed from the group on the deprovision report, and removes nobody', async () => {
    expect((await scim(h, 'PATCH', `/Groups/${marketing}`, patchMembers('remove', [ids.get(people[0]!)!]))).status).toBe(204);
    await eventually(async () => ((await reportReasons(people[0]!)).length ? true : undefined));
    expect(await reportReasons(people[0]!)).toEqual(['group_removed']);
    expect(invitation(people[0]!)).toBeDefined(); // still invited in Meta: the owners decide
    expect(await memberByEmail(h, people[0]!)).toMatchObject({ state: 'onboarded', goneAt: null });
    expect((await audits(h, 'hub.group_members_left'))[0]).toMatchObject({ actor: 'directory', detail: { reportItems: 1 } });
  });

  it('does not report someone another mapped group still covers', async () => {
    const { modal } = await openMapModal();
    await submit(h, ADMIN, 'map_group', groupValues({ text: 'Sales', value: sales }), modal.id);
    await scim(h, 'PATCH', `/Groups/${sales}`, patchMembers('add', [ids.get(people[1]!)!]));
    await scim(h, 'PATCH', `/Groups/${marketing}`, patchMembers('remove', [ids.get(people[1]!)!]));
    expect(await reportReasons(people[1]!)).toEqual([]);
  });

  it('puts someone the directory deactivates on the report too, after the check it triggers', async () => {
    expect(await scimSetActive(h, ids.get(people[2]!)!, false)).toBe(200);
    await eventually(async () => ((await reportReasons(people[2]!)).length ? true : undefined), 20_000);
    expect(await reportReasons(people[2]!)).toEqual(['directory_deactivated']);
    expect(invitation(people[2]!)).toBeDefined();
  });

  it('removes a mapping once; a late second click is told, and the group stops inviting', async () => {
    const list = await groupsList(ADMIN);
    const remove = list.blocks!.find((b) => b.accessory?.action_id === 'groups_remove' && JSON.stringify(b).includes('Marketing'))!.accessory!;
    const first = await clickGroups(ADMIN, 'groups_remove', String(remove.value));
    await h.slack.waitFor((fake) => fake.responses[first + 1], 10_000);
    expect(blockText(h.slack.responses[first]!.body.blocks)).not.toContain('Marketing');
    expect(h.slack.responses[first + 1]!.body.text).toBe('Removed the mapping of *Marketing* from *Acme Ads*. Nobody lost access.');
    const second = await clickGroups(ADMIN, 'groups_remove', String(remove.value));
    await h.slack.waitFor((fake) => fake.responses[second + 1], 10_000);
    expect(h.slack.responses[second + 1]!.body.text).toMatch(/^Nothing changed: someone already removed that mapping\./);
    expect(await audits(h, 'hub.group_unmapped')).toHaveLength(1);

    const posts = invitePosts().length;
    await scim(h, 'PATCH', `/Groups/${marketing}`, patchMembers('add', [ids.get(people[0]!)!]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(invitePosts()).toHaveLength(posts);
    expect(channelMessages(h, /^Invited/)).toHaveLength(1);
  });

  it('refuses a stranger removing a mapping', async () => {
    const list = await groupsList(ADMIN);
    const remove = list.blocks!.find((b) => b.accessory?.action_id === 'groups_remove')!.accessory!;
    const before = await clickGroups(OWNER, 'groups_remove', String(remove.value));
    expect((await responseBody(h, before)).text).toMatch(/^Only Hubkeeper admins/);
    expect((await groupsList(ADMIN)).text).toContain('Sales');
  });
});

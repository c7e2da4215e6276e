import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, hubs, memberAssets, members } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { audits, channelMessage, channelMessages, hubRow, submit, tasksOf } from '../support/access.js';
import { clickInList, connectAndSync, database, memberByEmail, mustRowButton, okModals, openedModal, syncAgain } from '../support/members.js';
import { stateValues } from '../support/slack-requests.js';

// Two ad accounts, a Page, a pixel; one partner; one system user that manages the Page (so Meta gives a Page token).
const business = generateBusiness({
  id: '1111111111', members: 4, invitations: 0, systemUsers: 1, partners: 1, adAccounts: 2, pages: 1, pixels: 1,
  adminShare: 0, personalEmailShare: 0, seed: 21,
});
const [, ana, ben, cara] = business.users;
const [brand, spring, page, pixel] = business.assets;
const robot = business.systemUsers[0]!;
const partner = business.partners[0]!;
for (const asset of business.assets) asset.assigned = [];
brand!.assigned = [{ userId: ana!.id, tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'] }];
spring!.assigned = [{ userId: ana!.id, tasks: ['ANALYZE'] }];
page!.assigned = [{ userId: robot.id, tasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'] }, { userId: ben!.id, tasks: ['ADVERTISE', 'ANALYZE'] }];
pixel!.assigned = [{ userId: ana!.id, tasks: ['ANALYZE'] }];
partner.adaccount_permissions = [{ id: brand!.id, permitted_tasks: ['ADVERTISE', 'ANALYZE'], access_status: 'CONFIRMED' }];
partner.page_permissions = [{ id: page!.id, permitted_tasks: ['ADVERTISE', 'ANALYZE'], access_status: 'CONFIRMED' }];
partner.productcatalog_permissions = [];
// Ana has the Spring ad account through a business asset group: Meta refuses to take it away asset by asset.
business.assetGroups = [{ id: '7000000000000001', name: 'Spring campaign', assetIds: [spring!.id], users: [{ userId: ana!.id, tasks: { ad_account: ['ANALYZE'] } }] }];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  await connectAndSync(h);
});
afterAll(async () => {
  await h.close();
});

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string }; elements?: Array<{ action_id: string; value: string }> };
type Modal = Awaited<ReturnType<typeof openedModal>>;

type Answer = { text?: string; blocks?: Block[] };

/** A private answer after `before` whose text matches (earlier actions' notes and redraws may arrive meanwhile). */
async function answerAfter(before: number, pattern: RegExp): Promise<Answer> {
  const found = await h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => pattern.test(String(r.body.text ?? ''))), 10_000);
  return found.body as Answer;
}

/** `/hub members <filter>` as the admin: the list itself. */
async function list(filter: string): Promise<Answer> {
  const before = h.slack.responses.length;
  await h.client.command({ userId: ADMIN, text: `members ${filter}`, channelId: HUB_CHANNEL });
  return answerAfter(before, /^(Members of|No )/);
}

/** Opens the Access view of the member whose row (in `filter`) shows `key` (an email or a name). */
async function openAccess(key: string, filter = 'all', userId = ADMIN): Promise<Modal> {
  const shown = await list(filter);
  const modals = okModals(h);
  const { before } = await clickInList(h, userId, 'member_access', mustRowButton(shown.blocks as never, key, 'member_access'), shown.blocks as never);
  if (userId !== ADMIN) throw new Error(String((await answerAfter(before, /^Only /)).text));
  return openedModal(h, modals);
}

/** The value of the Revoke/Remove button beside an asset in the Access view. */
function assetButton(modal: Modal, assetName: string): string {
  const block = (modal.view.blocks as Block[]).find((b) => b.type === 'section' && b.text?.text.startsWith(`*${assetName}*`) && b.accessory);
  if (!block) throw new Error(`no button for ${assetName}`);
  return block.accessory!.value;
}

/** Clicks a button inside a modal; returns the view Hubkeeper pushed on top of it. */
async function clickInModal(modal: Modal, actionId: string, value: string, userId = ADMIN) {
  const pushes = h.slack.callsTo('views.push').length;
  await h.client.blockAction({ userId, actionId, value, container: { type: 'view', viewId: modal.id } });
  const call = await h.slack.waitFor((fake) => fake.callsTo('views.push')[pushes], 10_000);
  const view = (call.response as { view?: { id: string } }).view;
  return { id: String(view?.id), view: call.args.view as { callback_id: string; blocks: Block[] } };
}

const reasonValues = (reason: string | null = null) => ({ asset_reason: { asset_reason_input: stateValues.plainTextInput(reason) } });
const grantValues = (assetId: string, tasks: string[]) => ({
  asset_pick: { asset_pick_input: stateValues.staticSelect({ text: 'asset', value: assetId }) },
  asset_tasks: { asset_tasks_input: stateValues.checkboxes(tasks.map((task) => ({ text: task, value: task }))) },
});

const deletes = (path: RegExp) => h.meta.requests.filter((r) => r.method === 'DELETE' && path.test(r.path));
const posts = (path: RegExp) => h.meta.requests.filter((r) => r.method === 'POST' && path.test(r.path));
const holders = (assetIndex: number) => business.assets[assetIndex]!.assigned.map((a) => a.userId);

async function heldTasks(memberEmail: string, assetMetaId: string) {
  const member = (await memberByEmail(h, memberEmail))!;
  const { db, close } = database(h);
  try {
    const [row] = await db
      .select({ tasks: memberAssets.tasks })
      .from(memberAssets)
      .innerJoin(assets, eq(assets.id, memberAssets.assetId))
      .where(and(eq(memberAssets.memberId, member.id), eq(assets.metaId, assetMetaId)));
    return row?.tasks;
  } finally {
    await close();
  }
}

describe('access to one asset', () => {
  it('shows each asset a person holds with its tasks, and no Revoke for a pixel', async () => {
    const modal = await openAccess(ana!.email);
    const shown = blockText(modal.view.blocks);
    expect(shown).toContain(`*${brand!.name}* · ad account\nManage, Advertise and Analyze`);
    expect(shown).toContain(`*${spring!.name}* · ad account\nAnalyze`);
    expect(shown).toContain("Meta's API can't take a pixel away from one person");
    expect(() => assetButton(modal, pixel!.name)).toThrow();
  });

  it('revokes one asset after a confirmation that says what goes; a double click revokes once', async () => {
    const access = await openAccess(ana!.email);
    const value = assetButton(access, brand!.name);
    const [one, two] = [await clickInModal(access, 'asset_revoke', value), await clickInModal(access, 'asset_revoke', value)];
    expect(blockText(one.view.blocks)).toContain(`*They lose:* Manage, Advertise and Analyze on *${brand!.name}* (ad account).`);
    expect(blockText(one.view.blocks)).toContain('their other assets stay as they are');
    const answers = await Promise.all([
      submit(h, ADMIN, 'asset_revoke', reasonValues('Left the brand team'), one.id),
      submit(h, ADMIN, 'asset_revoke', reasonValues('Left the brand team'), two.id),
    ]);
    expect(answers.filter((a) => a.view)).toHaveLength(1);
    expect(blockText(answers.find((a) => a.view)!.view!.blocks)).toMatch(/^Nothing changed: (that change is already under way \(asked by you\)|.* no longer has access)/);
    const message = await channelMessage(h, new RegExp(`^Took ${brand!.name} \\(ad account\\) away from ${ana!.name}`));
    expect(blockText(message.blocks)).toContain(`Took *${brand!.name}* (ad account) away from *${ana!.name}* in *Acme Ads*: they no longer have Manage, Advertise and Analyze on it.`);
    expect(blockText(message.blocks)).toContain('reason: “Left the brand team”');
    expect(message.history[0]!.text).toMatch(/^Taking /);
    expect(holders(0)).not.toContain(ana!.id);
    expect(deletes(new RegExp(`/${brand!.id}/assigned_users$`))).toHaveLength(1);
    expect(await heldTasks(ana!.email, brand!.id)).toBeUndefined();
    expect((await audits(h, 'member.asset_access_changed'))[0]).toMatchObject({ actor: ADMIN, reason: 'Left the brand team', detail: { op: 'revoke', held: ['MANAGE', 'ADVERTISE', 'ANALYZE'] } });
    // A third confirmation, now that it is gone, changes nothing either.
    const late = await submit(h, ADMIN, 'asset_revoke', reasonValues(), one.id);
    expect(blockText(late.view?.blocks)).toContain(`Nothing changed: ${ana!.name} no longer has access to ${brand!.name}.`);
    expect(deletes(new RegExp(`/${brand!.id}/assigned_users$`))).toHaveLength(1);
  });

  it('explains in words that an asset in a business asset group must be changed in the group, and changes nothing', async () => {
    const access = await openAccess(ana!.email);
    const confirm = await clickInModal(access, 'asset_revoke', assetButton(access, spring!.name));
    expect(await submit(h, ADMIN, 'asset_revoke', reasonValues(), confirm.id)).toEqual({ response_action: 'clear' });
    const message = await channelMessage(h, /^Could not take /);
    const text = blockText(message.blocks);
    expect(text).toContain(`Meta refused: ${ana!.name} has ${spring!.name} through the business asset group “Spring campaign”`);
    expect(text).toContain('Remove');
    expect(text).toContain('(Business settings → Business asset groups), then try again.');
    expect(text).toContain('They still have Analyze on it.');
    expect(holders(1)).toContain(ana!.id);
    expect(await heldTasks(ana!.email, spring!.id)).toEqual(['ANALYZE']);
    expect((await audits(h, 'member.asset_access_failed'))[0]).toMatchObject({ actor: ADMIN, outcome: 'failed' });
  });

  it('grants an asset with chosen tasks, refusing a set Meta does not take; a Page goes through its Page token', async () => {
    const access = await openAccess(cara!.email);
    const grant = await clickInModal(access, 'asset_grant', 'x');
    const options = JSON.stringify(grant.view.blocks);
    const assetId = (name: string) => new RegExp(`"text":"${name}","emoji":true},"value":"([0-9a-f-]{36})"`).exec(options)![1]!;
    const bad = await submit(h, ADMIN, 'asset_grant', grantValues(assetId(brand!.name), ['MANAGE', 'DRAFT']), grant.id);
    expect(bad.errors?.asset_tasks).toMatch(/^Meta accepts these sets of tasks on an ad account: Admin \(Manage, Advertise and Analyze\); Advertiser \(Advertise and Analyze\)/);
    const foreign = await submit(h, ADMIN, 'asset_grant', grantValues(assetId(page!.name), ['DRAFT']), grant.id);
    expect(foreign.errors?.asset_tasks).toMatch(/^A Page has no Draft task\./);
    const answers = await Promise.all([
      submit(h, ADMIN, 'asset_grant', grantValues(assetId(brand!.name), ['ANALYZE', 'ADVERTISE']), grant.id),
      submit(h, ADMIN, 'asset_grant', grantValues(assetId(brand!.name), ['ANALYZE', 'ADVERTISE']), grant.id),
    ]);
    expect(answers.filter((a) => a.view || a.errors)).toHaveLength(1);
    const message = await channelMessage(h, new RegExp(`^Gave ${cara!.name} Advertise and Analyze on ${brand!.name}`));
    expect(blockText(message.blocks)).toContain(`Gave *${cara!.name}* Advertise and Analyze on *${brand!.name}* (ad account) in *Acme Ads*.`);
    expect(business.assets[0]!.assigned).toContainEqual({ userId: cara!.id, tasks: ['ADVERTISE', 'ANALYZE'] });
    expect(posts(new RegExp(`/${brand!.id}/assigned_users$`))).toHaveLength(1);
    expect(await heldTasks(cara!.email, brand!.id)).toEqual(['ADVERTISE', 'ANALYZE']);
    const again = await submit(h, ADMIN, 'asset_grant', grantValues(assetId(brand!.name), ['ADVERTISE', 'ANALYZE']), grant.id);
    expect(again.errors?.asset_tasks).toBe(`${cara!.name} already has exactly Advertise and Analyze on ${brand!.name}.`);

    // Pages: Meta refuses the older task names (Manage, Create content, …); the form offers the ones it takes.
    expect(options).not.toMatch(/"text":"(Create content|Moderate|Messaging)"/);
    expect(options).toContain('"text":"Full control"');
    const legacy = await submit(h, ADMIN, 'asset_grant', grantValues(assetId(page!.name), ['MANAGE']), grant.id);
    expect(legacy.errors?.asset_tasks).toMatch(/^A Page has no Manage task\. It takes: Full control, Content, Messages, Community activity, Advertise and Analyze\./);
    expect(await submit(h, ADMIN, 'asset_grant', grantValues(assetId(page!.name), ['ANALYZE', 'CONTENT']), grant.id)).toEqual({ response_action: 'clear' });
    await channelMessage(h, new RegExp(`^Gave ${cara!.name} Content and Analyze on ${page!.name}`));
    expect(business.assets[2]!.assigned).toContainEqual({ userId: cara!.id, tasks: ['CONTENT', 'ANALYZE'] });
    const pagePost = posts(new RegExp(`/${page!.id}/assigned_users$`))[0]!;
    expect(pagePost.status).toBe(200);
    expect(pagePost.body).toMatchObject({ tasks: '["CONTENT","ANALYZE"]', business: business.id });
  });

  it('refuses a stranger both the Access button and a forged confirmation', async () => {
    await expect(openAccess(ana!.email, 'all', STRANGER)).rejects.toThrow(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    const member = (await memberByEmail(h, ana!.email))!;
    const forged = await submit(h, STRANGER, 'asset_revoke', reasonValues(), undefined, JSON.stringify({ m: member.id, h: member.hubId, a: member.id }));
    expect(blockText(forged.view?.blocks)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
  });
});

describe('partners and system users', () => {
  it('lists system users and partners apart, as what they are, never as unmatched people', async () => {
    const unmatched = blockText((await list('unmatched')).blocks);
    expect(unmatched).not.toContain(robot.name);
    expect(unmatched).not.toContain(partner.name);
    expect(unmatched).toContain('2 service accounts (system users, partners) are listed apart');
    const system = blockText((await list('system')).blocks);
    expect(system).toContain(`*${robot.name}* (system user)`);
    expect(system).toContain('System user of the business — a service account, never matched to a person or put on a report');
    expect(system).toContain(`*${partner.name}* (partner)`);
    expect(system).toContain('PARTNER · 1 ad account, 1 page');
  });

  it("shows a partner's asset permissions and takes one asset away from it after a confirmation", async () => {
    const access = await openAccess(partner.name, 'system');
    expect(blockText(access.view.blocks)).toContain(`*${brand!.name}* · ad account\nAdvertise and Analyze`);
    const confirm = await clickInModal(access, 'asset_revoke', assetButton(access, brand!.name));
    expect(blockText(confirm.view.blocks)).toContain(`*${partner.name} loses:* Advertise and Analyze on *${brand!.name}* (ad account).`);
    expect(await submit(h, ADMIN, 'asset_revoke', reasonValues(), confirm.id)).toEqual({ response_action: 'clear' });
    await channelMessage(h, new RegExp(`^Took ${brand!.name} \\(ad account\\) away from the partner ${partner.name}`));
    expect(partner.adaccount_permissions).toEqual([]);
    expect(deletes(new RegExp(`/${brand!.id}/agencies$`))).toHaveLength(1);
  });

  it('removes a partner from the whole business once, however often it is confirmed', async () => {
    const [first, second] = [await openAccess(partner.name, 'system'), await openAccess(partner.name, 'system')];
    const one = await clickInModal(first, 'partner_remove', 'x');
    const two = await clickInModal(second, 'partner_remove', 'x');
    expect(blockText(one.view.blocks)).toContain(`Remove the partner *${partner.name}* from *Acme Ads*?`);
    expect(blockText(one.view.blocks)).toContain(`• Page *${page!.name}*: Advertise and Analyze`);
    const answers = await Promise.all([submit(h, ADMIN, 'partner_remove', reasonValues('Contract ended'), one.id), submit(h, ADMIN, 'partner_remove', reasonValues(), two.id)]);
    expect(answers.filter((a) => a.view)).toHaveLength(1);
    const message = await channelMessage(h, new RegExp(`^Removed the partner ${partner.name} from Acme Ads`));
    expect(blockText(message.blocks)).toContain('it no longer has access to any asset of the business (it had 1 page).');
    expect(business.partners).toEqual([]);
    expect(deletes(/^\/v\d+\.\d+\/1111111111\/agencies$/)).toHaveLength(1);
    expect(channelMessages(h, new RegExp(`^Removed the partner ${partner.name}`))).toHaveLength(1);
    const removal = (await audits(h, 'member.asset_access_changed')).filter((a) => (a.detail as { op?: string }).op === 'partner_remove');
    expect(removal).toHaveLength(1);
    expect((await tasksOf(h, 'asset_access')).filter((t) => (t.input as { op?: string }).op === 'partner_remove')).toHaveLength(1);
    const system = blockText((await list('system')).blocks);
    expect(system).not.toContain(partner.name);
  });
});

describe("Hubkeeper's own system user", () => {
  const robotPage = () => business.assets[2]!.assigned.find((a) => a.userId === robot.id);
  async function robotMember() {
    const { db, close } = database(h);
    try {
      return (await db.select().from(members).where(eq(members.metaId, robot.id)))[0]!;
    } finally {
      await close();
    }
  }
  async function pageRowId() {
    const { db, close } = database(h);
    try {
      return (await db.select({ id: assets.id }).from(assets).where(eq(assets.metaId, page!.id)))[0]!.id;
    } finally {
      await close();
    }
  }

  it('knows which system user its token belongs to, from Meta at connect', async () => {
    expect((await hubRow(h)).tokenUserId).toBe(robot.id);
    expect(h.meta.requests.some((r) => r.method === 'GET' && /\/me$/.test(r.path) && r.query.fields === 'id,name')).toBe(true);
  });

  it('offers no Revoke for its own assets, and says why', async () => {
    const access = await openAccess(robot.name, 'system');
    const shown = blockText(access.view.blocks);
    expect(shown).toContain(`*${page!.name}* · Page\nManage, Create content, Moderate, Advertise and Analyze`);
    expect(shown).toContain("This is the system user Hubkeeper's access token belongs to: Hubkeeper works through its access, so it never takes that access away or reduces it.");
    expect(() => assetButton(access, page!.name)).toThrow();
    // A click forged from an older view gets the reason, not a confirmation.
    const pushed = await clickInModal(access, 'asset_revoke', await pageRowId());
    expect(blockText(pushed.view.blocks)).toMatch(/^This is the system user Hubkeeper's access token belongs to\. Hubkeeper reads and changes who holds a Page through it/);
  });

  it('refuses a forged confirmation to revoke it, and a grant that would reduce it, in words; Meta is never asked', async () => {
    const member = await robotMember();
    const context = JSON.stringify({ m: member.id, h: member.hubId, a: await pageRowId() });
    const forged = await submit(h, ADMIN, 'asset_revoke', reasonValues(), undefined, context);
    expect(blockText(forged.view?.blocks)).toMatch(/^Nothing changed: This is the system user Hubkeeper's access token belongs to\. .*every later change to this Page would fail\. Hubkeeper never takes its own access away or reduces it/);
    const reduced = await submit(h, ADMIN, 'asset_grant', grantValues(await pageRowId(), ['ADVERTISE', 'ANALYZE']), undefined, context);
    expect(reduced.errors?.asset_tasks).toMatch(/^This is the system user Hubkeeper's access token belongs to\./);
    expect(deletes(new RegExp(`/${page!.id}/assigned_users$`)).filter((r) => String(r.query.user ?? r.body.user) === robot.id)).toEqual([]);
    expect(posts(new RegExp(`/${page!.id}/assigned_users$`)).filter((r) => String(r.query.user ?? r.body.user) === robot.id)).toEqual([]);
    expect(robotPage()?.tasks).toEqual(['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE']);
    expect((await tasksOf(h, 'asset_access')).filter((t) => (t.input as { memberId?: string }).memberId === member.id)).toEqual([]);
  });

  it('learns it at the next check for updates when it is not known (a hub connected before Hubkeeper asked)', async () => {
    const { db, close } = database(h);
    try {
      await db.update(hubs).set({ tokenUserId: null });
    } finally {
      await close();
    }
    expect(blockText((await openAccess(robot.name, 'system')).view.blocks)).not.toContain("Hubkeeper's access token belongs to");
    await syncAgain(h);
    expect((await hubRow(h)).tokenUserId).toBe(robot.id);
  });
});

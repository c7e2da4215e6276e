import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, memberAssets, members } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, type Harness } from '../support/harness.js';
import { channelMessage, submit } from '../support/access.js';
import { clickInList, connectAndSync, database, mustRowButton, okModals, openedModal } from '../support/members.js';
import { stateValues } from '../support/slack-requests.js';

// A partner with two people of its own on the hub's assets, one ad account it holds, one it has only asked for
// (still waiting for the client's answer at Meta), and a Page it holds.
const business = generateBusiness({
  id: '1111111111', members: 3, invitations: 0, systemUsers: 1, partners: 1, partnerPeople: 2, adAccounts: 2, pages: 1,
  adminShare: 0, personalEmailShare: 0, seed: 33,
});
const [brand, spring, page] = business.assets;
const partner = business.partners[0]!;
const [pia, paul] = partner.people!;
partner.adaccount_permissions = [
  { id: brand!.id, permitted_tasks: ['ADVERTISE', 'ANALYZE'], access_status: 'CONFIRMED' },
  { id: spring!.id, permitted_tasks: ['ANALYZE'], access_status: 'CLIENT_RESPONSE_PENDING' },
];
partner.page_permissions = [{ id: page!.id, permitted_tasks: ['ADVERTISE', 'ANALYZE'], access_status: 'CONFIRMED' }];
partner.productcatalog_permissions = [];

let h: Harness;
let checked: Awaited<ReturnType<typeof connectAndSync>>;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  checked = await connectAndSync(h);
});
afterAll(async () => {
  await h.close();
});

type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: { action_id: string; value: string }; elements?: Array<{ action_id: string; value: string }> };
type Modal = Awaited<ReturnType<typeof openedModal>>;
type Answer = { text?: string; blocks?: Block[] };

async function list(filter: string): Promise<Answer> {
  const before = h.slack.responses.length;
  await h.client.command({ userId: ADMIN, text: `members ${filter}`, channelId: HUB_CHANNEL });
  const found = await h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => /^(Members of|No )/.test(String(r.body.text ?? ''))), 10_000);
  return found.body as Answer;
}

async function openAccess(name: string): Promise<Modal> {
  const shown = await list('system');
  const modals = okModals(h);
  await clickInList(h, ADMIN, 'member_access', mustRowButton(shown.blocks as never, `*${name}*`, 'member_access'), shown.blocks as never);
  return openedModal(h, modals);
}

async function clickInModal(modal: Modal, actionId: string, value: string) {
  const pushes = h.slack.callsTo('views.push').length;
  await h.client.blockAction({ userId: ADMIN, actionId, value, container: { type: 'view', viewId: modal.id } });
  const call = await h.slack.waitFor((fake) => fake.callsTo('views.push')[pushes], 10_000);
  const view = (call.response as { view?: { id: string } }).view;
  return { id: String(view?.id), view: call.args.view as { callback_id: string; blocks: Block[] } };
}

const assetButton = (modal: Modal, assetName: string) =>
  (modal.view.blocks as Block[]).find((b) => b.type === 'section' && b.text?.text.startsWith(`*${assetName}*`))?.accessory?.value;
const reasonValues = () => ({ asset_reason: { asset_reason_input: stateValues.plainTextInput(null) } });

async function rows() {
  const { db, close } = database(h);
  try {
    const people = await db.select().from(members).where(eq(members.kind, 'partner_user'));
    const statuses = await db
      .select({ asset: assets.metaId, status: memberAssets.accessStatus })
      .from(memberAssets)
      .innerJoin(assets, eq(assets.id, memberAssets.assetId))
      .innerJoin(members, and(eq(members.id, memberAssets.memberId), eq(members.kind, 'partner')));
    return { people, statuses };
  } finally {
    await close();
  }
}

describe("a partner's people", () => {
  it('are imported from the assets Meta lists them on, under their partner, and never matched', async () => {
    const { people } = await rows();
    expect(people.map((p) => [p.metaId, p.name, p.partnerMetaId, p.directoryUserId]).sort()).toEqual(
      [[pia!.id, pia!.name, partner.id, null], [paul!.id, paul!.name, partner.id, null]].sort(),
    );
    const assigned = h.meta.requests.flatMap((r) => r.batch ?? []).filter((op) => op.route.endsWith('/assigned_users'));
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((op) => op.query.fields?.split(',').includes('business'))).toBe(true);
  });

  it('are never shown as unmatched people to deprovision: they are listed under their partner', async () => {
    // Nor as new or unmatched members of the business in the check's result.
    const result = `${String(checked.text)}\n${blockText(checked.blocks)}`;
    expect(result).not.toContain(pia!.name);
    expect(result).toContain('*5 members*: 3 unmatched · 2 service accounts (system users, partners) listed apart');
    expect(result).toContain('New: 5 members (');
    const unmatched = blockText((await list('unmatched')).blocks);
    expect(unmatched).not.toContain(pia!.name);
    expect(unmatched).not.toContain(paul!.name);
    expect(unmatched).toContain('2 service accounts (system users, partners) and 2 people of partners, under their partner are listed apart');
    const everyone = blockText((await list('all')).blocks);
    expect(everyone).not.toContain(pia!.name);

    const shown = await list('system');
    const text = blockText(shown.blocks);
    expect(text).toContain('service accounts (system users and partners) and people of partners');
    // The partner comes first, its people right under it.
    const at = (needle: string) => text.indexOf(needle);
    expect(at(`*${partner.name}* (partner)`)).toBeGreaterThan(-1);
    for (const person of [pia!, paul!]) {
      expect(at(`*${person.name}* (person of a partner)`)).toBeGreaterThan(at(`*${partner.name}* (partner)`));
      expect(text).toContain(`Person of the partner *${partner.name}* — reaches this hub's assets through it`);
    }
    expect(text).toContain(`Partner business — Meta lists 2 of its people on this hub's assets`);
    // A person of a partner has Access to look at, and nothing to act on.
    const personRow = (shown.blocks as Block[]).findIndex((b) => b.text?.text.includes(`*${pia!.name}*`));
    expect((shown.blocks as Block[])[personRow + 1]!.elements!.map((e) => e.action_id)).toEqual(['member_access']);
  });

  it("show what they hold, say it comes through the partner, and offer nothing to change; a forged change is refused", async () => {
    const access = await openAccess(pia!.name);
    const text = blockText(access.view.blocks);
    expect(text).toContain(`*${brand!.name}* · ad account\nAdvertise and Analyze`);
    expect(text).toContain(`They reach these assets through the partner *${partner.name}*, which manages its own people.`);
    expect(JSON.stringify(access.view.blocks)).not.toMatch(/asset_revoke|asset_grant|partner_remove/);
    const forged = await submit(h, ADMIN, 'asset_revoke', reasonValues(), undefined, JSON.stringify({ m: await personId(pia!.id), h: await hubIdOf(), a: await assetIdOf(brand!.id) }));
    expect(blockText(forged.view?.blocks)).toMatch(/^A partner's people reach the hub's assets through their partner/);
    expect(h.meta.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });
});

describe("a partner's pending permissions", () => {
  it('are stored with their status and shown as pending, not as held', async () => {
    const { statuses } = await rows();
    expect(statuses).toContainEqual({ asset: spring!.id, status: 'CLIENT_RESPONSE_PENDING' });
    expect(statuses).toContainEqual({ asset: brand!.id, status: 'CONFIRMED' });
    const shown = blockText((await list('system')).blocks);
    expect(shown).toContain('PARTNER · 1 ad account, 1 page');
    expect(shown).toContain('1 asset request still waiting at Meta, not held');

    const access = await openAccess(partner.name);
    const text = blockText(access.view.blocks);
    expect(text).toContain(`*${spring!.name}* · ad account\nAnalyze\n_Pending: requested, still waiting for approval at Meta, so not access it holds yet._`);
    expect(assetButton(access, spring!.name)).toBeUndefined();
    expect(assetButton(access, brand!.name)).toBeDefined();
    expect(text).toContain(`People of this partner Meta lists on this hub's assets (2):`);
  });

  it('are left out of what removing the partner takes away', async () => {
    const access = await openAccess(partner.name);
    const confirm = await clickInModal(access, 'partner_remove', 'x');
    const text = blockText(confirm.view.blocks);
    expect(text).toContain(`ad account *${brand!.name}*: Advertise and Analyze`);
    expect(text).toContain(`Page *${page!.name}*: Advertise and Analyze`);
    expect(text).not.toContain(spring!.name);
    expect(text).toContain('1 request of this partner is still waiting at Meta and is not access it holds, so it is not listed.');
  });

  it('a forged removal of a pending one changes nothing and says why', async () => {
    const forged = await submit(h, ADMIN, 'asset_revoke', reasonValues(), undefined, JSON.stringify({ m: await partnerId(), h: await hubIdOf(), a: await assetIdOf(spring!.id) }));
    expect(blockText(forged.view?.blocks)).toMatch(new RegExp(`^Nothing changed: ${partner.name}'s access to ${spring!.name} is still a request waiting at Meta`));
    expect(h.meta.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });
});

describe("taking a Page away from a partner", () => {
  it("goes to Meta with the system user's token (DELETE on a Page's agencies), and the partner's people lose it with it", async () => {
    const access = await openAccess(partner.name);
    const confirm = await clickInModal(access, 'asset_revoke', assetButton(access, page!.name)!);
    expect(blockText(confirm.view.blocks)).toContain(`Its people lose it with it`);
    expect(await submit(h, ADMIN, 'asset_revoke', reasonValues(), confirm.id)).toEqual({ response_action: 'clear' });
    await channelMessage(h, new RegExp(`^Took ${page!.name} \\(Page\\) away from the partner ${partner.name}`));
    const removal = h.meta.requests.find((r) => r.method === 'DELETE' && r.path.endsWith(`/${page!.id}/agencies`))!;
    expect(removal.status).toBe(200);
    expect(partner.page_permissions).toEqual([]);
    expect(page!.assigned.map((a) => a.userId)).not.toContain(pia!.id);
  });
});

async function lookup<T>(query: (db: ReturnType<typeof database>['db']) => Promise<T>): Promise<T> {
  const { db, close } = database(h);
  try {
    return await query(db);
  } finally {
    await close();
  }
}
const personId = (metaId: string) => lookup(async (db) => (await db.select().from(members).where(eq(members.metaId, metaId)))[0]!.id);
const partnerId = () => personId(partner.id);
const hubIdOf = () => lookup(async (db) => (await db.select().from(members).where(eq(members.metaId, partner.id)))[0]!.hubId);
const assetIdOf = (metaId: string) => lookup(async (db) => (await db.select().from(assets).where(eq(assets.metaId, metaId)))[0]!.id);

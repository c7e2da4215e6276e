import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import {
  ADMIN, blockText, HUB_CHANNEL, META_TOKEN, responseAfter, startHarness, STRANGER, submitConnect, type Harness,
} from '../support/harness.js';

const business = generateBusiness({
  id: '1111111111', members: 23, invitations: 7, systemUsers: 3, partners: 2,
  adAccounts: 4, clientAdAccounts: 3, pages: 3, pixels: 3, catalogs: 3, seed: 7,
});
const expectedMembers = business.users.length + business.invitations.length + business.systemUsers.length + business.partners.length;

let h: Harness;
beforeAll(async () => {
  // Three items a page and an empty page now and then: the client must follow `next`, not count.
  h = await startHarness({ meta: { business, maxLimit: 3, pageFaults: { emptyEvery: 4 } } });
});
afterAll(async () => {
  expect(h.logs.filter((line) => h.secrets.some((secret) => line.includes(secret)))).toEqual([]);
  await h.close();
});

const taskMessages = () => h.slack.messagesIn(HUB_CHANNEL);

describe('connect a hub and check it for updates', () => {
  it('refuses /hub connect to someone who is not an admin, privately, naming who can', async () => {
    const before = h.slack.responses.length;
    expect((await h.client.command({ userId: STRANGER, text: 'connect' })).status).toBe(200);
    const answer = await responseAfter(h.slack, before);
    expect(answer).toMatch(/Only Hubkeeper admins/);
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('opens the connect modal for an admin', async () => {
    const response = await h.client.command({ userId: ADMIN, text: 'connect', channelId: HUB_CHANNEL });
    expect(response.status).toBe(200);
    const opened = await h.slack.waitFor((fake) => fake.callsTo('views.open').find((call) => call.response.ok), 5_000);
    const view = opened.args.view as { callback_id: string; blocks: Array<{ block_id: string }> };
    expect(view.callback_id).toBe('connect_hub');
    expect(view.blocks.map((block) => block.block_id)).toEqual(['label', 'access_token', 'business_id', 'app_id', 'app_secret', 'login_method', 'channel']);
  });

  it('answers bad input inline in the modal and stores nothing', async () => {
    const response = await submitConnect(h.client, ADMIN, { label: 'x', token: 'short', businessId: 'act_1', appId: '12' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: {
        label: expect.stringMatching(/at least 2/),
        access_token: expect.stringMatching(/too short/),
        business_id: expect.stringMatching(/digits/),
        app_id: expect.stringMatching(/digits/),
      },
    });
    const before = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'status' });
    expect(await responseAfter(h.slack, before)).toMatch(/No business hub is connected yet/);
  });

  it('connects, imports every page of every edge, and edits one progress message into the result', async () => {
    const response = await submitConnect(h.client, ADMIN, { label: 'Acme Ads', token: META_TOKEN, businessId: business.id });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');

    const result = await h.slack.waitFor(
      () => taskMessages().find((message) => /checked for updates/.test(String(message.text))),
      20_000,
    );
    expect(taskMessages()).toHaveLength(1); // edited in place, never re-posted
    expect(result.history.length).toBeGreaterThanOrEqual(2);
    expect(result.history[0]!.text).toMatch(/queued|Checking/);
    const shown = blockText(result.blocks);
    expect(shown).toContain(`${expectedMembers} members`);
    // No directory here: every person is unmatched; system users and partners are listed apart.
    const people = business.users.length + business.invitations.length;
    expect(shown).toContain(`${people} unmatched · ${expectedMembers - people} service accounts`);
    expect(shown).toContain(`Review ${people} unmatched`);
    expect(shown).toContain(`${business.assets.length} assets`);
    expect(shown).toContain(`New: ${expectedMembers} members`);

    // Every edge was paged to its end: several requests each, and asset access came through batches.
    const routes = h.meta.counts().byRoute;
    expect(routes['GET /{id}/business_users']).toBeGreaterThanOrEqual(Math.ceil(business.users.length / 3));
    expect(routes['GET /{id}/pending_users']).toBeGreaterThanOrEqual(3);
    expect(h.meta.counts().batchRequests).toBeGreaterThan(0);
    expect(h.meta.counts().maxInFlightByBusiness[business.id]).toBeLessThanOrEqual(8);

    // The connector got a private confirmation; the token is nowhere in Slack.
    const dm = h.slack.messagesIn(ADMIN).map((message) => String(message.text)).join('\n');
    expect(dm).toMatch(/Connected \*Acme Ads\*/);
    expect(JSON.stringify(h.slack.calls)).not.toContain(META_TOKEN);
  });

  it('shows status and the automation log', async () => {
    let before = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'status' });
    await responseAfter(h.slack, before);
    const status = blockText(h.slack.responses.at(-1)!.body.blocks);
    expect(status).toContain('Username and password');
    const people = business.users.length + business.invitations.length;
    expect(status).toContain(`unmatched: *${people}*`);
    expect(status).toContain(`service accounts: *${expectedMembers - people}*`);

    before = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'tasks Acme Ads' });
    await responseAfter(h.slack, before);
    const log = blockText(h.slack.responses.at(-1)!.body.blocks);
    expect(log).toMatch(/Check for updates\* — completed/);
    expect(log).toContain('<@UADMIN01>');
  });

  it('marks members that left Meta as gone, and counts new ones', async () => {
    const leaving = business.users.pop()!;
    business.users.push({ ...business.users[0]!, id: '9999999999', name: 'Nina New', email: 'nina@acme.example' });
    const before = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'sync' });
    expect(await responseAfter(h.slack, before)).toMatch(/Queued a check for updates of \*Acme Ads\*/);
    const second = await h.slack.waitFor(
      () => (taskMessages().length === 2 && /checked for updates/.test(String(taskMessages()[1]!.text)) ? taskMessages()[1] : undefined),
      20_000,
    );
    const shown = blockText(second.blocks);
    expect(shown).toContain('New: 1 member (Nina New)');
    expect(shown).toContain(`Gone from Meta: 1 member (${leaving.name})`);
    expect(shown).toContain(`${expectedMembers} members`);
  });

  it('runs one check at a time: two /hub sync at once and a Slack retry make one task', async () => {
    h.meta.setLatency(150);
    const before = h.slack.responses.length;
    const [a, b] = await Promise.all([
      h.client.command({ userId: ADMIN, text: 'sync' }),
      h.client.command({ userId: ADMIN, text: 'sync', retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await responseAfter(h.slack, before + 1);
    const answers = h.slack.responses.slice(before).map((response) => String(response.body.text));
    expect(answers.filter((text) => /^Queued/.test(text))).toHaveLength(1);
    expect(answers.filter((text) => /already (running|queued): started by you/.test(text))).toHaveLength(1);
    await h.slack.waitFor(() => taskMessages().length === 3 && /checked for updates/.test(String(taskMessages()[2]!.text)), 20_000);
    h.meta.setLatency(0);
  });

  it('refuses /hub sync to a stranger and lists help for unknown subcommands', async () => {
    let before = h.slack.responses.length;
    await h.client.command({ userId: STRANGER, text: 'sync' });
    expect(await responseAfter(h.slack, before)).toMatch(/Only owners of Acme Ads and Hubkeeper admins can do that\. Ask one of them \(owners: <@UADMIN01>/);
    before = h.slack.responses.length;
    await h.client.command({ userId: STRANGER, text: 'frobnicate' });
    expect(await responseAfter(h.slack, before)).toMatch(/I don't know `frobnicate`.*\/hub sync/);
  });

  it('lets the "Check again" button queue a check like the command', async () => {
    const message = taskMessages().at(-1)!;
    const before = h.slack.responses.length;
    const hubId = (message.blocks as Array<{ elements?: Array<{ value?: string }> }>).find((block) => block.elements)?.elements?.[0]?.value;
    const response = await h.client.blockAction({
      userId: ADMIN, actionId: 'sync_hub', value: hubId, container: { type: 'message', channelId: HUB_CHANNEL, messageTs: message.ts },
    });
    expect(response.status).toBe(200);
    expect(await responseAfter(h.slack, before)).toMatch(/Queued a check for updates|already/);
  });
});

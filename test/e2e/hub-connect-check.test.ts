import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubs } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { audits, commandAnswer, commandModal, eventually, hubRow, tasksOf } from '../support/access.js';
import { ADMIN, blockText, META_TOKEN, startHarness, submitConnect, type Harness } from '../support/harness.js';
import { withDb } from '../support/reports.js';

// Connecting asks Meta first (the business and its name, the token's right to read people, the App ID among the
// business's apps) and saves nothing when Meta refuses or is slow; a new hub's daily check follows its connector.
const business = generateBusiness({ id: '1111111111', members: 4, invitations: 0, systemUsers: 0, partners: 0, seed: 71 });
const NEW_YORKER = 'UADMINNY1';
const NEW_TOKEN = 'EAABnew0' + 'q7'.repeat(30);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  h.slack.addUser({ id: NEW_YORKER, name: 'nora', realName: 'Nora York', email: 'nora@acme.example', isAdmin: true, tz: 'America/New_York' });
});
afterAll(async () => {
  await h.close();
});

const hubCount = () => withDb(h, async (db) => (await db.select().from(hubs)).length);
const dms = (userId: string, pattern: RegExp) => h.slack.messagesIn(userId).filter((m) => pattern.test(String(m.text)));
const publishesFor = (userId: string) => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === userId && c.response.ok);
/** Waits until the newest check for updates has finished as `status`. */
const lastSyncEnds = (status: 'completed' | 'failed') => eventually(async () => {
  const newest = (await tasksOf(h, 'sync')).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return newest?.status === status ? newest : undefined;
}, 20_000);
async function openHome(userId: string) {
  const before = publishesFor(userId).length;
  await h.client.event({ type: 'app_home_opened', user: userId, channel: `D${userId.slice(1)}`, tab: 'home' });
  await h.slack.waitFor(() => publishesFor(userId).length > before, 10_000);
  return blockText(h.slack.homeView(userId)?.view.blocks);
}

describe('/hub connect checks the token with Meta before saving', () => {
  it('says inline that Meta does not accept a bad token, saves nothing and sends no "Connected"', async () => {
    const answer = await submitConnect(h.client, NEW_YORKER, { token: 'EAABwrong' + 'x'.repeat(40) });
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: { access_token: 'Meta does not accept this access token: it is mistyped, expired or revoked. Generate a new system-user token and paste it again. Nothing was saved.' },
    });
    expect(await hubCount()).toBe(0);
    expect(dms(NEW_YORKER, /Connected/)).toEqual([]);
  });

  it('says inline that the business ID is not one the token can see', async () => {
    const answer = await submitConnect(h.client, NEW_YORKER, { businessId: '9999999999' });
    expect(answer.json).toMatchObject({ response_action: 'errors', errors: { business_id: expect.stringMatching(/^Meta has no business 9999999999 that this token can see\./) } });
    expect(await hubCount()).toBe(0);
  });

  it("says inline when the token can't read the business's people", async () => {
    h.meta.faults.failPath(/\/business_users$/, { code: 200, message: '(#200) Requires business_management permission to manage the object', method: 'GET', times: 1 });
    const answer = await submitConnect(h.client, NEW_YORKER, {});
    expect(answer.json).toMatchObject({ response_action: 'errors', errors: { access_token: expect.stringMatching(/^This token can't read the business's people \(Meta refused business_users\)/) } });
    expect(await hubCount()).toBe(0);
  });

  it('answers within Slack\'s 3 seconds when Meta is slow, saying so inline', async () => {
    h.meta.setLatency(2_500);
    const started = Date.now();
    const answer = await submitConnect(h.client, NEW_YORKER, {});
    const took = Date.now() - started;
    h.meta.setLatency(0);
    expect(took).toBeLessThan(2_500);
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: { access_token: 'Meta did not answer in time, so the token could not be checked. Nothing was saved; press Connect again in a minute.' },
    });
    expect(await hubCount()).toBe(0);
  });

  it('connects a good token: the daily check follows the connector\'s Slack time zone, the App ID is confirmed and shown', async () => {
    expect((await submitConnect(h.client, NEW_YORKER, {})).json).toBeUndefined();
    expect(await hubRow(h)).toMatchObject({ dailySyncTz: 'America/New_York', appId: '2000000002', appIdCheck: 'confirmed', status: 'active' });
    await h.slack.waitFor(() => dms(NEW_YORKER, /^Connected \*Acme Ads\*/)[0], 10_000);
    const schedulers = await h.app.ctx.queues.get('sync').getJobSchedulers();
    const hubId = (await hubRow(h)).id;
    expect(schedulers.find((s) => s.key === `daily-${hubId}`)).toMatchObject({ pattern: '0 6 * * *', tz: 'America/New_York' });
    const status = blockText((await commandAnswer(h, NEW_YORKER, 'status')).blocks);
    expect(status).toContain('*Daily check:* 06:00 America/New_York');
    expect(status).toContain('*App ID:* 2000000002 (the business owns this app at Meta)');
    const settings = await commandModal(h, NEW_YORKER, 'settings');
    expect(JSON.stringify(settings.view.blocks)).toContain('"initial_value":"America/New_York"');
    expect((await audits(h, 'hub.connected'))[0]).toMatchObject({ actor: NEW_YORKER, detail: { dailySyncTz: 'America/New_York' } });
  });

  it('keeps an App ID Meta does not list, and says so in /hub status rather than refusing it', async () => {
    await lastSyncEnds('completed');
    expect((await submitConnect(h.client, ADMIN, { appId: '3000000003' })).json).toBeUndefined();
    expect(await hubRow(h)).toMatchObject({ appId: '3000000003', appIdCheck: 'unlisted', dailySyncTz: 'America/New_York' });
    expect(blockText((await commandAnswer(h, ADMIN, 'status')).blocks)).toContain("*App ID:* 3000000003 (not among the business's own apps at Meta");
    h.meta.faults.failPath(/\/owned_apps$/, { code: 200, message: '(#200) Permissions error', times: 1 });
    expect((await submitConnect(h.client, ADMIN, {})).json).toBeUndefined();
    expect(await hubRow(h)).toMatchObject({ appId: '2000000002', appIdCheck: 'unchecked' });
  });
});

describe('Home after a reconnect', () => {
  it('shows the failure while the token is refused, and none once a new token is connected', async () => {
    await lastSyncEnds('completed');
    h.meta.faults.expireToken(META_TOKEN);
    await h.client.command({ userId: ADMIN, text: 'sync' });
    await lastSyncEnds('failed');
    expect(await openHome(ADMIN)).toMatch(/:warning: 1 task failed this week/);

    h.meta.addToken(NEW_TOKEN);
    expect((await submitConnect(h.client, ADMIN, { token: NEW_TOKEN })).json).toBeUndefined();
    await lastSyncEnds('completed');
    const home = await openHome(ADMIN);
    expect(home).not.toMatch(/failed/);
    expect(home).not.toMatch(/rejected the access token/);
    expect(home).toMatch(/last checked .*:white_check_mark:/);
  });
});

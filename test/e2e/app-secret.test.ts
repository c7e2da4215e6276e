import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { hubRow } from '../support/access.js';
import { withDb } from '../support/reports.js';
import { hubs } from '../../db/schema.js';
import { ADMIN, HUB_CHANNEL, startHarness, submitConnect, type Harness } from '../support/harness.js';

// The app requires an app secret proof ("Require App Secret" on): every call must carry it.
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const business = generateBusiness({ id: '1111111111', members: 5, invitations: 1, systemUsers: 0, partners: 0, adAccounts: 1, pages: 1, seed: 51 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business, appSecretProof: { '1111111111': APP_SECRET } } });
  h.secrets.push(APP_SECRET);
});
afterAll(async () => {
  expect(h.logs.filter((line) => line.includes(APP_SECRET))).toEqual([]);
  await h.close();
});

const hubCount = () => withDb(h, async (db) => (await db.select().from(hubs)).length);
const results = () => h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates|could not check|requires an app secret proof/i.test(String(m.text)));

describe('an app that requires an app secret proof', () => {
  it('without the App secret, the connect modal says inline to add it, and nothing is saved', async () => {
    const answer = await submitConnect(h.client, ADMIN, {});
    expect(answer.json).toEqual({
      response_action: 'errors',
      errors: { app_secret: 'This Meta app requires an app secret proof: fill in the app secret (App Dashboard → Settings → Basic). Nothing was saved.' },
    });
    expect(await hubCount()).toBe(0);
  });

  it('with a wrong App secret, says Meta refused it, and nothing is saved', async () => {
    const answer = await submitConnect(h.client, ADMIN, { appSecret: 'ffffffffffffffffffffffffffffffff' });
    expect(answer.json).toMatchObject({ response_action: 'errors', errors: { app_secret: expect.stringMatching(/^Meta refused this app secret/) } });
    expect(await hubCount()).toBe(0);
  });

  it('refuses a malformed App secret inline', async () => {
    const answer = await submitConnect(h.client, ADMIN, { appSecret: 'not-a-secret' });
    expect(answer.json).toMatchObject({ response_action: 'errors', errors: { app_secret: expect.stringMatching(/^An app secret is 32 letters and digits/) } });
  });

  it('with it, stores it sealed and sends the proof with every call', async () => {
    const before = h.meta.requests.length;
    expect((await submitConnect(h.client, ADMIN, { appSecret: APP_SECRET })).status).toBe(200);
    const row = await hubRow(h);
    expect(row.appSecretSealed).toMatch(/^v1\./);
    expect(row.appSecretSealed).not.toContain(APP_SECRET);
    await h.slack.waitFor(() => results().filter((m) => /checked for updates/i.test(String(m.text)) && !/could not/i.test(String(m.text))).length > 0, 20_000);
    const calls = h.meta.requests.slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => (call.query.appsecret_proof ?? call.body.appsecret_proof) !== undefined)).toBe(true);
  });
});

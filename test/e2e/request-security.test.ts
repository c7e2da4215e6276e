import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';
import { createSlackClient, signRequest } from '../support/slack-requests.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function nothingQueued() {
  const sql = postgres(h.config.DATABASE_URL, { max: 1 });
  try {
    const [row] = await sql`select count(*)::int as n from tasks`;
    const counts = await h.app.ctx.queues.get('sync').getJobCounts();
    return { tasks: row!.n as number, jobs: Object.values(counts).reduce((a, b) => a + b, 0) };
  } finally {
    await sql.end();
  }
}

const commandBody = new URLSearchParams({
  token: 'x', team_id: 'T0HUB', channel_id: 'C1', user_id: ADMIN, command: '/hub', text: 'sync', response_url: 'http://127.0.0.1:9/x', trigger_id: '1.2.3',
}).toString();

describe('requests that did not come from Slack', () => {
  it('rejects a forged signature, a stale timestamp and a wrong content type, and queues nothing', async () => {
    const forged = await h.client.raw({
      body: commandBody,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest('not-the-secret', commandBody) },
    });
    expect(forged.status).toBe(401);

    const staleTs = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await h.client.raw({
      body: commandBody,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(SIGNING_SECRET, commandBody, staleTs) },
    });
    expect(stale.status).toBe(401);

    const wrongType = await h.client.raw({
      body: commandBody,
      headers: { 'content-type': 'text/plain', ...signRequest(SIGNING_SECRET, commandBody) },
    });
    expect(wrongType.status).toBe(400);

    const unsigned = await h.client.raw({ body: commandBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unsigned.status).toBe(401);

    expect(h.slack.calls.filter((call) => !['auth.test', 'bots.info'].includes(call.method))).toEqual([]);
    expect(h.slack.responses).toEqual([]);
    expect(await nothingQueued()).toEqual({ tasks: 0, jobs: 0 });
  });

  it('refuses a timestamp more than 5 minutes in the future like a stale one', async () => {
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await h.client.raw({
      body: commandBody,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(SIGNING_SECRET, commandBody, future) },
    });
    expect(res.status).toBe(401);
    expect(await nothingQueued()).toEqual({ tasks: 0, jobs: 0 });
  });

  it('refuses signed requests for another workspace or another app', async () => {
    const other = createSlackClient({ eventsUrl: `${h.app.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: h.slack, teamId: 'T0OTHER' });
    expect((await other.command({ userId: ADMIN, text: 'sync' })).status).toBe(403);
    expect((await other.blockAction({ userId: ADMIN, actionId: 'home_sync', container: { type: 'view', viewId: 'V1' } })).status).toBe(403);
    expect((await other.event({ type: 'app_home_opened', user: ADMIN, channel: 'D1', tab: 'home' })).status).toBe(403);
    const otherApp = createSlackClient({ eventsUrl: `${h.app.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: h.slack, apiAppId: 'A0OTHER' });
    expect((await otherApp.command({ userId: ADMIN, text: 'sync' })).status).toBe(403);
    expect(await nothingQueued()).toEqual({ tasks: 0, jobs: 0 });
    // The installed workspace and app still get through.
    expect((await h.client.command({ userId: ADMIN, text: 'help' })).status).toBe(200);
  });

  it('answers a signed payload=null or broken JSON with 400 and keeps serving', async () => {
    for (const body of ['payload=null', 'payload=%7Bnot-json', 'payload=%5B%5D']) {
      const res = await h.client.raw({ body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(SIGNING_SECRET, body) } });
      expect(res.status, body).toBe(400);
    }
    const json = 'null';
    const res = await h.client.raw({ body: json, headers: { 'content-type': 'application/json', ...signRequest(SIGNING_SECRET, json) } });
    expect(res.status).toBe(400);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    expect((await h.client.urlVerification('abc')).json).toEqual({ challenge: 'abc' });
  });

  it('serves health and metrics on the same server', async () => {
    const health = await fetch(`${h.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, checks: h.config.REDIS_URL ? { postgres: 'ok', redis: 'ok' } : { postgres: 'ok' } });
    const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(metrics).toContain('hubkeeper_meta_requests_total');
  });
});

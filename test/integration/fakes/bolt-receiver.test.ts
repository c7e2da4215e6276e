// A real Bolt App behind a real HTTPReceiver (signature verification ON), driven by signed requests and
// talking to the fake Slack. Proves the harness itself: what Bolt accepts, what it rejects, and that
// listener side effects (views.open with the trigger, respond() to the response URL) reach the fake.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';
import { createSlackClient, signRequest, type SlackClient } from '../../support/slack-requests.js';

const SECRET = 'test-signing-secret';

let fake: FakeSlack;
let server: Server;
let slack: SlackClient;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: 'xoxb-test' });
  fake.addUser({ id: 'U0ANA', name: 'ana' });
  const receiver = new HTTPReceiver({ signingSecret: SECRET, unhandledRequestTimeoutMillis: 500, logLevel: LogLevel.ERROR });
  const app = new App({
    token: 'xoxb-test', receiver, logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/hub', async ({ ack, body, client, respond }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: {
      type: 'modal', callback_id: 'connect', title: { type: 'plain_text', text: 'Connect' },
      submit: { type: 'plain_text', text: 'Save' },
      blocks: [{ type: 'input', block_id: 'bm', label: { type: 'plain_text', text: 'Business' },
        element: { type: 'plain_text_input', action_id: 'id' } }],
    } });
    await respond({ response_type: 'ephemeral', text: `Opening for ${body.user_name}` });
  });
  app.view('connect', async ({ ack, view }) => {
    const id = view.state.values.bm?.id?.value ?? '';
    await ack(/^\d+$/.test(id) ? undefined : { response_action: 'errors', errors: { bm: 'Digits only' } });
  });
  app.action('approve', async ({ ack, body, action, respond }) => {
    await ack();
    const value = action.type === 'button' ? action.value : '';
    await respond({ replace_original: true, text: `Approved ${value} by <@${body.user.id}>` });
  });
  server = createServer(receiver.requestListener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  slack = createSlackClient({ eventsUrl, signingSecret: SECRET, fakeSlack: fake });
  await fake.waitFor((f) => f.callsTo('auth.test').length > 0); // Bolt verifies its token at construction
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await fake?.close();
});

describe('Bolt HTTPReceiver against signed requests', () => {
  it('acks a signed slash command with 200, and the listener reaches the fake', async () => {
    const res = await slack.command({ userId: 'U0ANA', text: 'connect' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const opened = await fake.waitFor((f) => f.callsTo('views.open')[0]);
    expect(opened.response).toMatchObject({ ok: true });
    const view = fake.view(String((opened.response.view as { id: string }).id))!;
    expect(view.view.callback_id).toBe('connect');
    await fake.waitFor((f) => f.responses[0]);
    expect(fake.responses[0]!.body).toMatchObject({ response_type: 'ephemeral', text: 'Opening for ana' });

    const bad = await slack.viewSubmission({ userId: 'U0ANA', callbackId: 'connect', viewId: view.id,
      values: { bm: { id: { type: 'plain_text_input', value: 'acme' } } } });
    expect([bad.status, bad.json]).toEqual([200, { response_action: 'errors', errors: { bm: 'Digits only' } }]);
  });

  it('a click on a posted card carries the card and its button; respond() replaces the card', async () => {
    const { channel, ts } = (await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST', headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0OPS', text: 'Remove bob?', blocks: [{ type: 'actions', block_id: 'decide',
        elements: [{ type: 'button', action_id: 'approve', value: 'removal-7', text: { type: 'plain_text', text: 'Approve' } }] }] }),
    }).then((r) => r.json())) as { channel: string; ts: string };
    const res = await slack.blockAction({ userId: 'U0ANA', actionId: 'approve', container: { type: 'message', channelId: channel, messageTs: ts } });
    expect(res.status).toBe(200);
    const card = await fake.waitFor((f) => f.messagesIn('C0OPS').find((m) => m.history.length === 2));
    expect(card.text).toBe('Approved removal-7 by <@U0ANA>');
    expect(card.history[1]!.via).toBe('response_url');
  });

  it('rejects a forged signature with 401', async () => {
    const body = 'token=x&team_id=T0HUB&user_id=U0ANA&command=%2Fhub&text=';
    const res = await slack.raw({ body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest('not-the-secret', body) } });
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed request older than 5 minutes with 401 (replay)', async () => {
    const first = await slack.command({ userId: 'U0ANA', text: 'help' });
    expect(first.status).toBe(200);
    const stale = Math.floor(Date.now() / 1000) - 301;
    const res = await slack.raw({ body: first.request.body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(SECRET, first.request.body, stale) } });
    expect(res.status).toBe(401);
  });

  it('answers 400 to a signed form with "; charset=utf-8" (Bolt compares the content type strictly)', async () => {
    const body = 'token=x&team_id=T0HUB&user_id=U0ANA&command=%2Fhub&text=';
    const res = await slack.raw({ body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...signRequest(SECRET, body) } });
    expect(res.status).toBe(400);
  });
});

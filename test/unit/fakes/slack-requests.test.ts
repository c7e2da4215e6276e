import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClient, signRequest, stateValues } from '../../support/slack-requests.js';

// Slack's documented signing example ("Verifying requests from Slack"); same bytes as
// the shared reference, slack-fixtures/01-slash-command.signed-request.slack-doc-vector.json.
const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('signRequest', () => {
  it("matches Slack's documented known-answer vector", () => {
    expect(signRequest(VECTOR.secret, VECTOR.body, VECTOR.timestamp)).toEqual({
      'x-slack-request-timestamp': VECTOR.timestamp,
      'x-slack-signature': VECTOR.signature,
    });
  });

  it('defaults the timestamp to now, in unix seconds', () => {
    const ts = Number(signRequest('s', 'b')['x-slack-request-timestamp']);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(2);
  });
});

describe('stateValues', () => {
  it("builds view.state.values entries in Slack's shapes", () => {
    expect(stateValues.plainTextInput(null)).toEqual({ type: 'plain_text_input', value: null });
    expect(stateValues.staticSelect({ text: 'Acme Ads', value: 'bm_1' })).toEqual({
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: 'Acme Ads', emoji: true }, value: 'bm_1' },
    });
    expect(stateValues.radioButtons(null)).toEqual({ type: 'radio_buttons', selected_option: null });
    expect(stateValues.channelsSelect('C1')).toEqual({ type: 'channels_select', selected_channel: 'C1' });
    expect(stateValues.conversationsSelect('D1')).toEqual({ type: 'conversations_select', selected_conversation: 'D1' });
    expect(stateValues.datepicker('2026-01-31')).toEqual({ type: 'datepicker', selected_date: '2026-01-31' });
  });
});

describe('createSlackClient wire format', () => {
  const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.end();
    });
  });
  let slack: ReturnType<typeof createSlackClient>;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    slack = createSlackClient({ eventsUrl: url, signingSecret: 'shh' });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends a slash command as a signed form in Slack's field order", async () => {
    await slack.command({ userId: 'U1', text: 'connect acme' });
    const req = seen.at(-1)!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(req.body).keys()]).toEqual(['token', 'team_id', 'team_domain', 'channel_id',
      'channel_name', 'user_id', 'user_name', 'command', 'text', 'api_app_id', 'is_enterprise_install', 'response_url', 'trigger_id']);
    expect(req.body).toContain('command=%2Fhub&text=connect+acme');
    expect(req.body).toContain('is_enterprise_install=false');
    expect(signRequest('shh', req.body, String(req.headers['x-slack-request-timestamp']))['x-slack-signature'])
      .toBe(req.headers['x-slack-signature']);
  });

  it('sends interactivity as payload=<urlencoded JSON> and events as JSON with retry headers', async () => {
    await slack.viewSubmission({ userId: 'U1', callbackId: 'cb', values: { b: { a: stateValues.plainTextInput('x') } } });
    const form = seen.at(-1)!;
    const payload = JSON.parse(new URLSearchParams(form.body).get('payload')!);
    expect(payload).toMatchObject({ type: 'view_submission', view: { callback_id: 'cb', state: { values: { b: { a: { value: 'x' } } } } } });

    await slack.event({ type: 'app_home_opened', user: 'U1', tab: 'home' }, { retryNum: 1 });
    const ev = seen.at(-1)!;
    expect(ev.headers['content-type']).toBe('application/json');
    expect(ev.headers['x-slack-retry-num']).toBe('1');
    expect(ev.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(JSON.parse(ev.body)).toMatchObject({ type: 'event_callback', authorizations: [{ user_id: 'UBOT', is_bot: true }] });
  });
});

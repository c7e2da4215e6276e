import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel, WebClient, type Logger, type WebAPIPlatformError } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';

let fake: FakeSlack;
let client: WebClient;
// The real WebClient logs Slack's [ERROR] response messages; these tests provoke them on purpose.
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (over: Record<string, unknown> = {}) => ({
  type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, value: 'v', ...over,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal', title: { type: 'plain_text', text: 'Connect' }, blocks: [section('hi')], ...over,
});

/** Calls the real WebClient and returns Slack's error body (data) or throws if the call succeeded. */
async function slackError(call: Promise<unknown>) {
  const err = (await call.then(
    () => { throw new Error('expected Slack to reject the call'); },
    (e: unknown) => e,
  )) as WebAPIPlatformError;
  expect(err.code).toBe('slack_webapi_platform_error');
  return err.data as { error: string; response_metadata?: { messages?: string[] } };
}

describe('fake Slack enforces message limits', () => {
  it('rejects text over 40,000 chars with msg_too_long and accepts exactly 40,000', async () => {
    expect((await slackError(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40001) }))).error).toBe('msg_too_long');
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40000) })).resolves.toMatchObject({ ok: true });
  });

  it('rejects a post with neither text nor blocks with no_text', async () => {
    expect((await slackError(client.chat.postMessage({ channel: 'C1' } as never))).error).toBe('no_text');
  });

  it('rejects 51 blocks with invalid_blocks and Slack-style messages, accepts 50', async () => {
    const data = await slackError(client.chat.postMessage({ channel: 'C1', text: 't', blocks: Array(51).fill(section('a')) }));
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toEqual(['[ERROR] must be less than 51 items [json-pointer:/blocks]']);
    await expect(client.chat.postMessage({ channel: 'C1', text: 't', blocks: Array(50).fill(section('a')) })).resolves.toMatchObject({ ok: true });
  });

  it.each([
    ['section text > 3000', [section('x'.repeat(3001))], '/blocks/0/text/text'],
    ['header text > 150', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], '/blocks/0/text/text'],
    ['button text > 75', [{ type: 'actions', elements: [button({ text: { type: 'plain_text', text: 'b'.repeat(76) } })] }], '/blocks/0/elements/0/text/text'],
    ['button value > 2000', [{ type: 'actions', elements: [button({ value: 'v'.repeat(2001) })] }], '/blocks/0/elements/0/value'],
    ['action_id > 255', [{ type: 'actions', elements: [button({ action_id: 'a'.repeat(256) })] }], '/blocks/0/elements/0/action_id'],
    ['block_id > 255', [{ ...section('a'), block_id: 'b'.repeat(256) }], '/blocks/0/block_id'],
    ['26 actions elements', [{ type: 'actions', elements: Array(26).fill(button()) }], '/blocks/0/elements'],
    ['option text > 75', [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v' }] }] }], '/blocks/0/elements/0/options/0/text/text'],
    ['option value > 75', [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'o' }, value: 'v'.repeat(76) }] }] }], '/blocks/0/elements/0/options/0/value'],
    ['101 select options', [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: Array(101).fill({ text: { type: 'plain_text', text: 'o' }, value: 'v' }) }] }], '/blocks/0/elements/0/options'],
  ])('rejects %s with invalid_blocks', async (_name, blocks, pointer) => {
    const data = await slackError(client.chat.postMessage({ channel: 'C1', text: 't', blocks: blocks as never }));
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages?.[0]).toMatch(/^\[ERROR\] must be less than \d+ (characters|items) \[json-pointer:.+\]$/);
    expect(data.response_metadata?.messages?.[0]).toContain(`[json-pointer:${pointer}]`);
  });

  it('accepts blocks at every limit exactly', async () => {
    const blocks = [
      { ...section('x'.repeat(3000)), block_id: 'b'.repeat(255) },
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button({ action_id: `${i}`.padEnd(255, 'a'), value: 'v'.repeat(2000), text: { type: 'plain_text', text: 'b'.repeat(75) } })) },
    ];
    await expect(client.chat.postMessage({ channel: 'C1', text: 't', blocks })).resolves.toMatchObject({ ok: true });
  });

  it('applies the same limits to chat.update', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'ok' });
    const data = await slackError(client.chat.update({ channel: 'C1', ts: ts!, text: 't', blocks: Array(51).fill(section('a')) }));
    expect(data.error).toBe('invalid_blocks');
  });
});

describe('fake Slack enforces view limits', () => {
  it('rejects a modal title over 24 chars with invalid_arguments', async () => {
    const data = await slackError(client.views.open({ trigger_id: fake.triggerId(), view: modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }) as never }));
    expect(data.error).toBe('invalid_arguments');
    expect(data.response_metadata?.messages).toEqual(['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]']);
  });

  it.each([
    ['submit > 24', modal({ submit: { type: 'plain_text', text: 's'.repeat(25) } })],
    ['close > 24', modal({ close: { type: 'plain_text', text: 'c'.repeat(25) } })],
    ['101 blocks', modal({ blocks: Array(101).fill(section('a')) })],
    ['private_metadata > 3000', modal({ private_metadata: 'p'.repeat(3001) })],
    ['input block without submit', modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'i' } }] })],
    ['section text > 3000', modal({ blocks: [section('x'.repeat(3001))] })],
    ['type home', modal({ type: 'home' })],
  ])('views.open rejects %s with invalid_arguments', async (_name, view) => {
    expect((await slackError(client.views.open({ trigger_id: fake.triggerId(), view: view as never }))).error).toBe('invalid_arguments');
  });

  it('accepts a modal at the limits (100 blocks, 24-char title/submit/close, 3000-char metadata)', async () => {
    const t = (n: number) => ({ type: 'plain_text', text: 'x'.repeat(n) });
    const res = await client.views.open({ trigger_id: fake.triggerId(), view: modal({ title: t(24), submit: t(24), close: t(24),
      private_metadata: 'p'.repeat(3000), blocks: Array(100).fill(section('a')) }) as never });
    expect(res.view?.id).toMatch(/^V/);
  });

  it('views.publish requires type home and at most 100 blocks', async () => {
    fake.addUser({ id: 'U1' });
    expect((await slackError(client.views.publish({ user_id: 'U1', view: modal() as never }))).error).toBe('invalid_arguments');
    const home = { type: 'home', blocks: Array(101).fill(section('a')) };
    expect((await slackError(client.views.publish({ user_id: 'U1', view: home as never }))).error).toBe('invalid_arguments');
    await expect(client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('a')] } as never })).resolves.toMatchObject({ ok: true });
  });
});

describe('fake Slack auth', () => {
  it('answers invalid_auth to a wrong token, even on auth.test', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect((await slackError(wrong.auth.test())).error).toBe('invalid_auth');
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true, team_id: 'T0HUB', user_id: 'UBOT', bot_id: 'BBOT' });
  });

  it('answers unknown_method for methods it does not model', async () => {
    expect((await slackError(client.apiCall('chat.scheduleMessage', { channel: 'C1', text: 'x', post_at: 1 }))).error).toBe('unknown_method');
  });
});

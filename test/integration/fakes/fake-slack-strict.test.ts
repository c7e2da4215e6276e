// The fake refuses what Slack refuses for channels and tokens, and serves Socket Mode (reference §13).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { SocketModeClient } from '@slack/socket-mode';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset({ directory: true }));

const errorOf = (call: Promise<unknown>) => call.then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error ?? String(e));
const post = (channel: string) => errorOf(client.chat.postMessage({ channel, text: 'hi' }));

describe('fake Slack: channels the bot cannot post to', () => {
  it('answers is_archived, channel_not_found for a private channel without the bot, and read-only refusals', async () => {
    fake.addChannel({ id: 'C1', name: 'open' });
    fake.addChannel({ id: 'G1', name: 'secret', isPrivate: true, botMember: false });
    fake.addChannel({ id: 'C2', name: 'announce', readOnly: true });
    expect(await post('C1')).toBe('ok');
    expect(await post('G1')).toBe('channel_not_found');
    expect(await errorOf(client.conversations.info({ channel: 'G1' }))).toBe('channel_not_found');
    expect(await post('C2')).toBe('restricted_action_read_only_channel');
    fake.updateChannel('C1', { isArchived: true });
    expect(await post('C1')).toBe('is_archived');
  });

  it('answers not_in_channel for a public channel without the bot when chat:write.public is missing', async () => {
    const narrow = await startFakeSlack({ scopes: ['chat:write'] });
    try {
      narrow.addChannel({ id: 'C1', name: 'open', botMember: false });
      const c = new WebClient(narrow.botToken, { slackApiUrl: narrow.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
      expect(await errorOf(c.chat.postMessage({ channel: 'C1', text: 'hi' }))).toBe('not_in_channel');
    } finally {
      await narrow.close();
    }
  });

  it('answers a broken token on every call until it is restored', async () => {
    fake.breakToken('token_revoked');
    expect(await errorOf(client.auth.test())).toBe('token_revoked');
    expect(await post('C9')).toBe('token_revoked');
    fake.restoreToken();
    expect(await errorOf(client.auth.test())).toBe('ok');
  });
});

describe('fake Slack: Socket Mode', () => {
  it('opens a socket, says hello, carries envelopes, reads acks, refuses late ones and survives a drop', async () => {
    const sm = new SocketModeClient({ appToken: fake.appToken, logger: quiet, clientPingTimeout: 200,
      clientOptions: { slackApiUrl: fake.apiUrl } });
    let delay = 0;
    sm.on('slash_commands', async ({ ack }) => {
      await new Promise((r) => setTimeout(r, delay));
      await ack({ text: 'hello back' });
    });
    await sm.start();
    try {
      const env = await fake.socket.send('slash_commands', { command: '/hub', text: '' });
      expect(env.ack).toEqual({ text: 'hello back' });
      delay = 3300;
      await expect(fake.socket.send('slash_commands', { command: '/hub' }, 4000)).rejects.toThrow(/late/);
      delay = 0;
      fake.socket.refuseConnections(2);
      fake.socket.drop();
      await fake.socket.waitForConnection(2);
      expect(fake.socket.refusedOpens).toBe(2);
      expect((await fake.socket.send('slash_commands', { command: '/hub' })).ack).toEqual({ text: 'hello back' });
    } finally {
      await sm.disconnect();
    }
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel, WebClient, WebClientEvent, type Logger, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
const webClient = (fake: FakeSlack, extra: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet, ...extra });
const errorOf = async (p: Promise<unknown>) => ((await p.then(() => { throw new Error('expected rejection'); }, (e: unknown) => e)) as WebAPIPlatformError).data?.error;

let clock = 1_700_000_000_000;
let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = await startFakeSlack({ now: () => clock });
  client = webClient(fake);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset({ directory: true });
  fake.addUser({ id: 'U0ANA', email: 'ana@acme.test', realName: 'Ana Ops', isAdmin: true, tz: 'America/New_York' });
});

describe('messages', () => {
  it('keeps the current state of each message and its history after updates', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0OPS', text: 'Removal pending', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'pending' } }] });
    await client.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'Approved by <@U0ANA>' });
    await client.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'Done', blocks: [] });

    const m = fake.message('C0OPS', posted.ts!)!;
    expect(m.text).toBe('Done');
    expect(m.blocks).toEqual([]); // [] clears blocks; omitting `blocks` (2nd update) kept them
    expect(m.history.map((h) => [h.via, h.text, h.blocks?.length])).toEqual([
      ['chat.postMessage', 'Removal pending', 1], ['chat.update', 'Approved by <@U0ANA>', 1], ['chat.update', 'Done', 0],
    ]);
    expect(fake.messagesIn('C0OPS')).toHaveLength(1);
    expect(fake.callsTo('chat.update')[0]!.args).toMatchObject({ channel: 'C0OPS', ts: posted.ts });
    expect(fake.callsTo('chat.postMessage')[0]!.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'pending' } }]);
  });

  it('issues unique, increasing ts values even for concurrent posts', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => client.chat.postMessage({ channel: 'C0OPS', text: 'x' })));
    const ts = all.map((r) => r.ts!);
    expect(new Set(ts).size).toBe(20);
    expect(ts.every((t) => /^\d{10}\.\d{6}$/.test(t))).toBe(true);
    expect([...ts].sort()).toEqual(fake.messagesIn('C0OPS').map((m) => m.ts));
  });

  it('rejects updates to unknown, foreign or ephemeral messages', async () => {
    expect(await errorOf(client.chat.update({ channel: 'C0OPS', ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    const foreign = fake.addMessage({ channel: 'C0OPS', user: 'U0ANA', text: 'hi' });
    expect(await errorOf(client.chat.update({ channel: 'C0OPS', ts: foreign.ts, text: 'x' }))).toBe('cant_update_message');
    const eph = await client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0ANA', text: 'only you' });
    expect(fake.ephemerals[0]).toMatchObject({ user: 'U0ANA', text: 'only you', messageTs: eph.message_ts });
    expect(await errorOf(client.chat.update({ channel: 'C0OPS', ts: eph.message_ts!, text: 'x' }))).toBe('message_not_found');
  });

  it('posts to a user id land in a stable DM channel that conversations.open also returns', async () => {
    const posted = await client.chat.postMessage({ channel: 'U0ANA', text: 'hello' });
    const opened = await client.conversations.open({ users: 'U0ANA' });
    expect(opened.channel?.id).toBe(posted.channel);
    expect(posted.channel).toMatch(/^D/);
    expect(fake.messagesIn('U0ANA')).toHaveLength(1);
    expect(await errorOf(client.conversations.open({ users: 'U0NOBODY' }))).toBe('user_not_found');
  });

  it('failNext answers one ok:false error, then recovers', async () => {
    fake.failNext('chat.postMessage', 'channel_not_found');
    expect(await errorOf(client.chat.postMessage({ channel: 'C0OPS', text: 'x' }))).toBe('channel_not_found');
    await expect(client.chat.postMessage({ channel: 'C0OPS', text: 'x' })).resolves.toMatchObject({ ok: true });
  });
});

describe('triggers and views', () => {
  const modal = { type: 'modal', title: { type: 'plain_text', text: 'Connect' }, blocks: [] } as never;

  it('accepts a trigger once within 3 s; expired, reused and unknown triggers fail like Slack', async () => {
    const fresh = fake.triggerId({ userId: 'U0ANA' });
    clock += 2999;
    const opened = await client.views.open({ trigger_id: fresh, view: modal });
    expect(fake.view(opened.view!.id!)).toMatchObject({ kind: 'modal', userId: 'U0ANA', openedWith: 'views.open' });
    expect(await errorOf(client.views.open({ trigger_id: fresh, view: modal }))).toBe('exchanged_trigger_id');

    const stale = fake.triggerId();
    clock += 3001;
    expect(await errorOf(client.views.open({ trigger_id: stale, view: modal }))).toBe('expired_trigger_id');
    expect(await errorOf(client.views.open({ trigger_id: '123.456.abc', view: modal }))).toBe('invalid_trigger_id');
  });

  it('views.update by id or external_id, with hash_conflict on a stale hash', async () => {
    const opened = await client.views.open({ trigger_id: fake.triggerId(), view: { ...(modal as object), external_id: 'connect-1' } as never });
    const v1 = opened.view!;
    const updated = await client.views.update({ external_id: 'connect-1', hash: v1.hash!, view: modal });
    expect(updated.view?.id).toBe(v1.id);
    expect(await errorOf(client.views.update({ view_id: v1.id!, hash: v1.hash!, view: modal }))).toBe('hash_conflict');
    expect(fake.view(v1.id!)!.history).toHaveLength(2);
    expect(await errorOf(client.views.update({ view_id: 'VNOPE', view: modal }))).toBe('not_found');
  });

  it('views.push stacks at most 3 views; views.publish keeps one home per user', async () => {
    const root = (await client.views.open({ trigger_id: fake.triggerId({ userId: 'U0ANA' }), view: modal })).view!;
    await client.views.push({ trigger_id: fake.triggerId({ viewId: root.id! }), view: modal });
    await client.views.push({ trigger_id: fake.triggerId({ viewId: root.id! }), view: modal });
    expect(await errorOf(client.views.push({ trigger_id: fake.triggerId({ viewId: root.id! }), view: modal }))).toBe('push_limit_reached');

    const home = { type: 'home', blocks: [] } as never;
    const a = await client.views.publish({ user_id: 'U0ANA', view: home });
    const b = await client.views.publish({ user_id: 'U0ANA', view: home });
    expect(b.view?.id).toBe(a.view?.id);
    expect(fake.homeView('U0ANA')!.history).toHaveLength(2);
  });
});

describe('rate limits', () => {
  it('answers 429 + Retry-After; WebClient waits and retries', async () => {
    fake.rateLimit('chat.postMessage', { times: 1, retryAfterSec: 1 });
    const retrying = webClient(fake, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const seen: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (sec: number) => seen.push(sec));
    const started = Date.now();
    await expect(retrying.chat.postMessage({ channel: 'C0OPS', text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(seen).toEqual([1]);
    expect(fake.callsTo('chat.postMessage').map((c) => [c.status, c.response.error])).toEqual([[429, 'ratelimited'], [200, undefined]]);
  });

  it('paces chat.postMessage at one per second per channel when asked', async () => {
    const paced = await startFakeSlack({ enforceChannelPace: true, now: () => clock });
    try {
      const c = webClient(paced, { rejectRateLimitedCalls: true });
      await c.chat.postMessage({ channel: 'C1', text: 'a' });
      await c.chat.postMessage({ channel: 'C2', text: 'a' });
      const err = (await c.chat.postMessage({ channel: 'C1', text: 'b' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
      expect(err.code).toBe('slack_webapi_rate_limited_error');
      expect(err.retryAfter).toBe(1);
      clock += 1000;
      await expect(c.chat.postMessage({ channel: 'C1', text: 'b' })).resolves.toMatchObject({ ok: true });
    } finally {
      await paced.close();
    }
  });
});

describe('response URLs', () => {
  const post = (url: string, body: object) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('accepts 5 posts per URL, then answers 404 used_url', async () => {
    const url = fake.responseUrl();
    for (let i = 0; i < 5; i++) expect((await post(url, { text: `r${i}` })).status).toBe(200);
    const sixth = await post(url, { text: 'r5' });
    expect([sixth.status, await sixth.text()]).toEqual([404, 'used_url']);
    expect(fake.responses.map((r) => r.body.text)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('replace_original rewrites the message the URL belongs to; delete_original removes it', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0OPS', text: 'card' });
    const url = fake.responseUrl({ channelId: 'C0OPS', messageTs: ts! });
    await post(url, { replace_original: true, text: 'decided' });
    expect(fake.message('C0OPS', ts!)!.text).toBe('decided');
    await post(url, { delete_original: true });
    expect(fake.messagesIn('C0OPS')).toHaveLength(0);
  });
});

describe('directory', () => {
  afterEach(() => fake.reset({ directory: true }));

  it('users.info / lookupByEmail / list with cursor paging; deactivated users are not found by email', async () => {
    fake.addUser({ id: 'U0BEN', email: 'ben@acme.test', deleted: true });
    fake.addUser({ id: 'U0CAL', email: 'cal@acme.test', isBot: true });
    const info = await client.users.info({ user: 'U0ANA' });
    expect(info.user).toMatchObject({ id: 'U0ANA', real_name: 'Ana Ops', is_admin: true, tz: 'America/New_York', profile: { email: 'ana@acme.test' } });
    expect((await client.users.lookupByEmail({ email: 'ANA@acme.test' })).user?.id).toBe('U0ANA');
    expect(await errorOf(client.users.lookupByEmail({ email: 'ben@acme.test' }))).toBe('users_not_found');
    expect(await errorOf(client.users.info({ user: 'U0NOPE' }))).toBe('user_not_found');

    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.users.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      ids.push(...page.members!.map((m) => m.id!));
      cursor = page.response_metadata?.next_cursor || undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toEqual(['USLACKBOT', 'UBOT', 'U0ANA', 'U0BEN', 'U0CAL']);
  });

  it('waitFor polls until a predicate holds', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'C0OPS', text: 'later' }), 50);
    const m = await fake.waitFor((f) => f.messagesIn('C0OPS').find((x) => x.text === 'later'), 1000);
    expect(m.text).toBe('later');
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/timed out/);
  });
});

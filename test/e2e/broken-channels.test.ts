// Channels that break (issue 13): checked when a hub is connected; a refused post marks the hub, tells its
// owners and admins once, sends results to the owners meanwhile, shows on Home and /hub status, and the next
// post that works clears it. Token-level errors stop the notify queue and are reported once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import {
  ADMIN, blockText, HUB_CHANNEL, OWNER, responseAfter, startHarness, submitConnect, type Harness,
} from '../support/harness.js';
import { sendMessage } from '../../src/services/notifications/send.js';

const business = generateBusiness({ id: '1111111111', members: 4, invitations: 1, seed: 3 });
const PRIVATE = 'G0PRIVATE1';
const ARCHIVED = 'C0ARCHIVED';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business }, env: { ADMIN_SLACK_USER_IDS: OWNER } });
  h.slack.addChannel({ id: PRIVATE, name: 'secret-ops', isPrivate: true, botMember: false });
  h.slack.addChannel({ id: ARCHIVED, name: 'old-ops', isArchived: true });
});
afterAll(() => h.close());

const dmTexts = (user: string) => h.slack.messagesIn(user).map((m) => String(m.text ?? ''));
const status = async () => {
  const before = h.slack.responses.length;
  await h.client.command({ userId: ADMIN, text: 'status' });
  await responseAfter(h.slack, before);
  return blockText(h.slack.responses.at(-1)!.body.blocks);
};
const sync = async () => {
  const before = h.slack.messages.length;
  await h.client.command({ userId: ADMIN, text: 'sync', channelId: HUB_CHANNEL });
  return before;
};

describe('a hub whose channel breaks', () => {
  it('refuses to connect to a private channel without the bot, or an archived one, inline with how to fix it', async () => {
    const hidden = await submitConnect(h.client, ADMIN, { channelId: PRIVATE, businessId: business.id });
    expect(hidden.json).toMatchObject({ response_action: 'errors', errors: { channel: expect.stringMatching(/private channel needs it invited.*\/invite @Hubkeeper/) } });
    const archived = await submitConnect(h.client, ADMIN, { channelId: ARCHIVED, businessId: business.id });
    expect(archived.json).toMatchObject({ response_action: 'errors', errors: { channel: expect.stringMatching(/archived.*Unarchive/) } });
    h.slack.updateChannel(PRIVATE, { botMember: true });
    expect((await submitConnect(h.client, ADMIN, { channelId: PRIVATE, businessId: business.id, label: 'Acme Ads' })).body).toBe('');
    // Back to the usual channel for the rest (a reconnect may change the channel; it is checked again).
    expect((await submitConnect(h.client, ADMIN, { channelId: HUB_CHANNEL, businessId: business.id, label: 'Acme Ads' })).body).toBe('');
    await h.slack.waitFor(() => [...h.slack.messagesIn(PRIVATE), ...h.slack.messagesIn(HUB_CHANNEL)]
      .find((m) => /checked for updates/.test(String(m.text))), 20_000);
  });

  it('marks the hub when its channel is archived, tells owners and admins once, and sends results to the owners', async () => {
    // OWNER is a configured admin here; ADMIN connected the hub, so owns it.
    h.slack.updateChannel(HUB_CHANNEL, { isArchived: true });
    await sync();
    const dm = await h.slack.waitFor(() => dmTexts(ADMIN).find((t) => /archived/.test(t)), 15_000);
    expect(dm).toMatch(/Acme Ads.*<#C0HUBCHAN> was archived.*Unarchive it.*\/hub connect/);
    await h.slack.waitFor(() => dmTexts(OWNER).find((t) => /archived/.test(t)), 10_000);
    // The result that could not go to the channel reaches the owner directly.
    await h.slack.waitFor(() => dmTexts(ADMIN).find((t) => /checked for updates|Acme Ads/.test(t) && !/archived/.test(t)), 20_000);
    expect(await status()).toMatch(/was archived.*report cards and results go to the owners by direct message/);

    // A second failure says nothing new.
    await sync();
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === HUB_CHANNEL && c.response.error === 'is_archived').length >= 2, 15_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(dmTexts(ADMIN).filter((t) => /was archived/.test(t))).toHaveLength(1);
    expect(dmTexts(OWNER).filter((t) => /was archived/.test(t))).toHaveLength(1);
  });

  it('shows the broken channel on Home', async () => {
    await h.client.event({ type: 'app_home_opened', user: ADMIN, channel: h.slack.dmChannelId(ADMIN), tab: 'home' });
    const home = await h.slack.waitFor(() => {
      const view = h.slack.homeView(ADMIN);
      return view && /was archived/.test(blockText(view.view.blocks)) ? view : undefined;
    }, 10_000);
    expect(blockText(home.view.blocks)).toMatch(/Unarchive it/);
  });

  it('clears the mark when a post to the channel works again', async () => {
    h.slack.updateChannel(HUB_CHANNEL, { isArchived: false });
    const before = h.slack.messagesIn(HUB_CHANNEL).length;
    await sync();
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).length > before, 15_000);
    for (let i = 0; i < 50 && /was archived/.test(await status()); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await status()).not.toMatch(/was archived/);
  });
});

describe('a refused bot token', () => {
  it('stops the notify queue instead of retrying each message, and reports it once (log, /healthz, metric)', async () => {
    h.slack.breakToken('token_revoked');
    const ctx = h.app.ctx;
    for (let i = 0; i < 5; i++) await sendMessage(ctx, `C0TOKEN${i}`, { text: `message ${i}` });
    await h.slack.waitFor(() => h.logs.find((line) => line.includes('Slack refused the bot token (token_revoked)')), 15_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await ctx.queues.get('notify').isPaused()).toBe(true);
    expect(h.logs.filter((line) => line.includes('Slack refused the bot token'))).toHaveLength(1);
    const attempts = h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('C0TOKEN'));
    expect(attempts.length).toBeLessThanOrEqual(5); // at most the jobs already running; none retried
    const health = await fetch(`${h.app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { checks: { slack?: string } }).checks.slack).toMatch(/token_revoked.*SLACK_BOT_TOKEN/);
    expect(await (await fetch(`${h.app.url}/metrics`)).text()).toMatch(/hubkeeper_slack_token_errors_total\{error="token_revoked"\} 1/);

    // A restart with a working token resumes, and nothing was lost.
    h.slack.restoreToken();
    const worker = await h.startProcess('worker');
    expect(await ctx.queues.get('notify').isPaused()).toBe(false);
    await h.slack.waitFor(() => [0, 1, 2, 3, 4].every((i) => h.slack.messagesIn(`C0TOKEN${i}`).length === 1), 20_000);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    await worker.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';
import { eq } from 'drizzle-orm';
import { tasks } from '../../db/schema.js';
import { sweepNotifications } from '../../src/services/notifications/sweep.js';
import { finishRemovals, insertFinishedRemovals } from '../support/task-results.js';

const TEAM = 'C0TEAMWIDE';
const business = generateBusiness({ id: '1111111111', members: 4, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, seed: 3 });

let h: Harness;
let hubId: string;
beforeAll(async () => {
  // The fake answers a second post to a channel within a second with 429, as Slack does.
  h = await startHarness({ meta: { business }, env: { NOTIFY_CHANNEL_ID: TEAM }, slack: { enforceChannelPace: true } });
  h.slack.addChannel({ id: TEAM, name: 'hubkeeper-news' });
  h.slack.addChannel({ id: HUB_CHANNEL, name: 'meta-access', members: [ADMIN, OWNER] });
  await connectAndSync(h);
  hubId = h.slack.messagesIn(HUB_CHANNEL)[0]!.blocks!.flatMap((b) => (b as { elements?: Array<{ value?: string }> }).elements ?? []).at(-1)!.value!;
  // The connect's own check announces in the team-wide channel; let that settle first.
  await h.slack.waitFor(() => h.slack.messagesIn(TEAM).length === 1, 10_000);
});
afterAll(async () => {
  await h.close();
});

const deps = () => ({ db: h.app.ctx.db, queues: h.app.ctx.queues });
const posts = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const rateLimited = () => h.slack.calls.filter((c) => c.status === 429);

describe('notifications', () => {
  it('announces a check in the team-wide channel, not again in the hub channel that shows its own message', () => {
    expect(String(h.slack.messagesIn(TEAM)[0]!.text)).toMatch(/Acme Ads checked: 4 members/);
    expect(h.slack.messagesIn(HUB_CHANNEL)).toHaveLength(1);
  });

  it('turns 300 removals that finish together into one digest per channel, within the pace', async () => {
    const hubBefore = h.slack.messagesIn(HUB_CHANNEL).length;
    const teamBefore = h.slack.messagesIn(TEAM).length;
    const postsBefore = h.slack.callsTo('chat.postMessage').length;
    const started = Date.now();
    await finishRemovals(deps(), { hubId, count: 300, requestedBy: OWNER, failEvery: 100 });
    const done = (channel: string) => h.slack.messagesIn(channel).find((m) => /297 members removed, 3 removals failed/.test(String(m.text)));
    const hubDigest = await h.slack.waitFor(() => done(HUB_CHANNEL), 20_000);
    const teamDigest = await h.slack.waitFor(() => done(TEAM), 20_000);
    expect(String(hubDigest.text)).toMatch(/^300 task results/);
    // The team channel's digest was still open (its check line came seconds ago), so it grew instead.
    expect(String(teamDigest.text)).toMatch(/^301 task results\. Acme Ads: 297 members removed, 3 removals failed, 1 check for updates done/);
    expect(h.slack.messagesIn(HUB_CHANNEL)).toHaveLength(hubBefore + 1);
    expect(h.slack.messagesIn(TEAM)).toHaveLength(teamBefore);
    expect(h.slack.callsTo('chat.postMessage').length - postsBefore).toBe(1);
    for (const digest of [hubDigest, teamDigest]) {
      const shown = blockText(digest.blocks);
      expect(shown).toContain('*Acme Ads*: 297 members removed, 3 removals failed');
      expect(shown).toMatch(/Could not remove \*Person 0100\*/); // failures lead the sample
      expect(digest.blocks!.length).toBeLessThanOrEqual(50);
      // Each version of the digest came at least a second after the one before.
      const times = digest.history.map((version) => version.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(990);
    }
    // The requester is in the hub's channel, so no DM; nobody hit Slack's per-channel limit.
    expect(h.slack.messagesIn(OWNER)).toHaveLength(0);
    expect(rateLimited()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('tells the requester privately when they are not in the hub channel', async () => {
    const [taskId] = await finishRemovals(deps(), { hubId, count: 1, requestedBy: STRANGER, namePrefix: 'Dora' });
    const dm = await h.slack.waitFor(() => h.slack.messagesIn(STRANGER).find((m) => /Dora 0001/.test(String(m.text))), 10_000);
    expect(String(dm.text)).toMatch(/Removed \*Dora 0001\* .* from Acme Ads/);
    expect(dm.blocks).toBeDefined();
    expect(taskId).toBeDefined();
  });

  it('lets a hub choose which events it announces', async () => {
    const before = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'announce Acme Ads failures', channelId: HUB_CHANNEL });
    await h.slack.waitFor(() => h.slack.responses[before], 10_000);
    expect(String(h.slack.responses[before]!.body.text)).toMatch(/\*Acme Ads\* now announces check-failures, removal-failures, invite-failures, role-change-failures/);

    const teamPosts = posts(TEAM).length;
    const teamEdits = h.slack.callsTo('chat.update').length;
    await finishRemovals(deps(), { hubId, count: 2, requestedBy: STRANGER, namePrefix: 'Quiet', failEvery: 2 });
    // The requester still hears of both; the channels only of the failure.
    await h.slack.waitFor(() => h.slack.messagesIn(STRANGER).some((m) => /Quiet 0002/.test(`${m.text}${blockText(m.blocks)}`)), 10_000);
    await h.slack.waitFor(() => h.slack.calls.length > 0 && posts(TEAM).length + h.slack.callsTo('chat.update').length > teamPosts + teamEdits, 10_000);
    const teamText = h.slack.messagesIn(TEAM).map((m) => `${m.text} ${blockText(m.blocks)}`).join('\n');
    expect(teamText).toContain('Quiet 0002');
    expect(teamText).not.toContain('Quiet 0001');
  });

  it('refuses the choice to someone who is neither owner nor admin', async () => {
    const before = h.slack.responses.length;
    await h.client.command({ userId: STRANGER, text: 'announce Acme Ads none' });
    await h.slack.waitFor(() => h.slack.responses[before], 10_000);
    expect(String(h.slack.responses[before]!.body.text)).toMatch(/Only owners of Acme Ads and Hubkeeper admins/);
  });

  it("honours Slack's 429 and Retry-After: the line arrives once, after the wait", async () => {
    await h.client.command({ userId: ADMIN, text: 'announce Acme Ads all' });
    await h.slack.waitFor(() => /now announces everything/.test(String(h.slack.responses.at(-1)?.body.text)), 10_000);
    // Someone new (not in the hub channel) asked: their DM is a fresh post, and Slack says "slow down" twice.
    h.slack.addUser({ id: 'ULATE0001', name: 'lee' });
    h.slack.rateLimit('chat.postMessage', { times: 2, retryAfterSec: 1 });
    const callsBefore = h.slack.calls.length;
    await finishRemovals(deps(), { hubId, count: 1, requestedBy: 'ULATE0001', namePrefix: 'Late' });
    const dm = await h.slack.waitFor(() => h.slack.messagesIn('ULATE0001').find((m) => /Late 0001/.test(String(m.text))), 15_000);
    const calls = h.slack.calls.slice(callsBefore);
    const limited = calls.filter((c) => c.status === 429);
    expect(limited).toHaveLength(2);
    const [first, second] = limited;
    const delivered = calls.find((c) => c.method === 'chat.postMessage' && c.status === 200 && c.args.channel === 'ULATE0001')!;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(delivered.at - second!.at).toBeGreaterThanOrEqual(990);
    expect(h.slack.messagesIn('ULATE0001')).toEqual([dm]);
    // The channels heard of it too, as an edit of their digest or a new line.
    await h.slack.waitFor(() => h.slack.messagesIn(TEAM).some((m) => /Late 0001/.test(`${m.text}${blockText(m.blocks)}`)), 10_000);
  });

  it('finds results whose announcement was lost (Redis was away) and posts them', async () => {
    const [taskId] = await insertFinishedRemovals(h.app.ctx.db, { hubId, count: 1, requestedBy: 'schedule', namePrefix: 'Lost' });
    await h.app.ctx.db.update(tasks).set({ finishedAt: new Date(Date.now() - 120_000) }).where(eq(tasks.id, taskId!));
    expect(await sweepNotifications(h.app.ctx)).toEqual({ tasks: 1, channels: 0 });
    await h.slack.waitFor(() => h.slack.messagesIn(TEAM).some((m) => /Lost 0001/.test(`${m.text}${blockText(m.blocks)}`)), 10_000);
    expect(await sweepNotifications(h.app.ctx)).toEqual({ tasks: 0, channels: 0 });
  });

  it('counts Slack calls and 429s by method in /metrics', async () => {
    const text = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(text).toMatch(/hubkeeper_slack_calls_total\{method="chat.postMessage",outcome="ok"\} \d+/);
    expect(text).toMatch(/hubkeeper_slack_rate_limited_total\{method="chat.postMessage"\} [2-9]/);
    expect(text).toMatch(/hubkeeper_notifications_total\{outcome="posted"\} \d+/);
  });
});

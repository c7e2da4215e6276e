import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubOwners, hubs } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';

const business = generateBusiness({ id: '1111111111', members: 6, invitations: 1, systemUsers: 1, partners: 0, adAccounts: 1, seed: 5 });

let h: Harness;
let hubId: string;
beforeAll(async () => {
  h = await startHarness({ meta: { business }, start: { notify: { homeDebounceMs: 200 } } });
  await connectAndSync(h);
  const [hub] = await h.app.ctx.db.select().from(hubs);
  hubId = hub!.id;
  await h.app.ctx.db.insert(hubOwners).values({ hubId, slackUserId: OWNER, source: 'matched' });
});
afterAll(async () => {
  await h.close();
});

const publishesFor = (userId: string) => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === userId && c.response.ok);
const homeText = (userId: string) => blockText(h.slack.homeView(userId)?.view.blocks);

async function openHome(userId: string) {
  const before = publishesFor(userId).length;
  const response = await h.client.event({ type: 'app_home_opened', user: userId, channel: `D${userId.slice(1)}`, tab: 'home' });
  expect(response.status).toBe(200);
  await h.slack.waitFor(() => publishesFor(userId).length > before, 10_000);
  return homeText(userId);
}

describe('the Home tab', () => {
  it('shows an owner their hub: login method, last check, members by state, and the common actions', async () => {
    const shown = await openHome(OWNER);
    expect(shown).toContain('Your business hubs');
    expect(shown).toContain('The business hubs you own');
    expect(shown).toMatch(/\*Acme Ads\* · Username and password · last checked .*:white_check_mark:/);
    expect(shown).toMatch(/\*Members:\* 7 unmatched · 1 service account/);
    const buttons = (h.slack.homeView(OWNER)!.view.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? []);
    expect(buttons.map((b) => b.action_id)).toEqual(['home_sync', 'home_review_unmatched', 'home_members']);
    expect(buttons.every((b) => b.value === hubId)).toBe(true);
  });

  it('shows an admin every hub, and a stranger what Hubkeeper is and who the admins are', async () => {
    await h.app.ctx.db.insert(hubs).values({
      label: 'Beta <Brand>', businessId: '2222222222', appId: '3333333333', accessTokenSealed: 'x', loginMethod: 'sso', channelId: 'C0BETA', connectedBy: ADMIN,
    });
    const admin = await openHome(ADMIN);
    expect(admin).toContain('You are a Hubkeeper admin: every hub is listed. 2 hubs.');
    expect(admin).toContain('*Beta &lt;Brand&gt;* · Single sign-on · never checked');
    const stranger = await openHome(STRANGER);
    expect(stranger).toContain("You don't own a business hub");
    expect(stranger).toContain('Hubkeeper keeps who can reach');
    expect(stranger).not.toContain('Acme Ads');
  });

  it('republishes for the people who have it open when its data changes, debounced', async () => {
    const owner = publishesFor(OWNER).length;
    const stranger = publishesFor(STRANGER).length;
    // Three changes in a row to the owner's hub: a choice of announcements, twice, and a check for updates.
    for (const text of ['announce Acme Ads failures', 'announce Acme Ads all']) await h.client.command({ userId: ADMIN, text });
    await h.client.command({ userId: ADMIN, text: 'sync Acme Ads' });
    await h.slack.waitFor(() => publishesFor(OWNER).length > owner && /last checked/.test(homeText(OWNER)) && h.slack.messagesIn(HUB_CHANNEL).length === 2 && /checked for updates/.test(String(h.slack.messagesIn(HUB_CHANNEL)[1]!.text)), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const republished = publishesFor(OWNER).length - owner;
    expect(republished).toBeGreaterThanOrEqual(1);
    expect(republished).toBeLessThanOrEqual(4); // several changes, few publishes
    expect(publishesFor(STRANGER).length).toBe(stranger); // their Home shows no hub
  });

  it('answers the Home buttons by DM: the unmatched members, and a check for updates', async () => {
    const viewId = h.slack.homeView(OWNER)!.id;
    await h.client.blockAction({ userId: OWNER, actionId: 'home_review_unmatched', value: hubId, container: { type: 'view', viewId } });
    const list = await h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => /unmatched/i.test(`${m.text}`)), 10_000);
    expect(list.blocks!.length).toBeGreaterThan(1);
    await h.client.blockAction({ userId: OWNER, actionId: 'home_sync', value: hubId, container: { type: 'view', viewId } });
    await h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => /check for updates of \*Acme Ads\*/i.test(String(m.text))), 10_000);
  });

  it('stays within 100 blocks with many hubs', async () => {
    await h.app.ctx.db.insert(hubs).values(Array.from({ length: 120 }, (_, i) => ({
      label: `Brand ${String(i).padStart(3, '0')} ${randomUUID().slice(0, 4)}`, businessId: `9${String(i).padStart(9, '0')}`, appId: '3333333333',
      accessTokenSealed: 'x', loginMethod: 'password' as const, channelId: 'C0MANY', connectedBy: ADMIN,
    })));
    const shown = await openHome(ADMIN);
    const view = h.slack.homeView(ADMIN)!.view;
    expect((view.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    expect(shown).toContain('122 hubs');
    expect(shown).toMatch(/107 more hubs/);
  });
});

describe('Home publishes and their hash', () => {
  it('sends the hash of the Home it published last, so a stale Home never overwrites a newer one', async () => {
    await openHome(OWNER);
    const first = publishesFor(OWNER).at(-1)!;
    await openHome(OWNER);
    const second = publishesFor(OWNER).at(-1)!;
    expect(second.args.hash).toBe((first.response.view as { hash: string }).hash);

    // Someone else's publish lands in between: ours is refused with hash_conflict, then drawn again on top.
    const { WebClient } = await import('@slack/web-api');
    const other = new WebClient(h.slack.botToken, { slackApiUrl: h.slack.apiUrl, retryConfig: { retries: 0 } });
    await other.views.publish({ user_id: OWNER, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'elsewhere' } }] } });
    const conflicts = () => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === OWNER && c.response.error === 'hash_conflict').length;
    const before = conflicts();
    const shown = await openHome(OWNER);
    expect(conflicts()).toBe(before + 1);
    expect(shown).toContain('Your business hubs');
  });
});

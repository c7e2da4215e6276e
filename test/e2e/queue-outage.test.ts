import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasks } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, responseAfter, startHarness, type Harness } from '../support/harness.js';
import { clickInList, connectAndSync, membersList, mustRowButton, okModals, openedModal, removeValues } from '../support/members.js';
import { startRedisServer } from '../support/redis-server.js';
import {
  cardButton, cardIn, cardShowing, clickCard, deletesTo, hubIdOf, itemButton, itemOf, makeOwner, modalAfter, okModalCount, scimCreateUsers, scimSetActive, withDb,
} from '../support/reports.js';
import { stateValues } from '../support/slack-requests.js';

// What people are told while the job queue (Redis) is away must be true: their decision is stored, and the
// work runs by itself when the queue is back.
const business = generateBusiness({
  id: '1111111111', members: 8, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, pages: 1, adminShare: 0, personalEmailShare: 0,
  assignmentsPerAsset: [2, 4], seed: 31,
});
const [, ana, bo, cy, dee, eve] = business.users;

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ meta: { business }, env: { REDIS_URL: redis.url }, start: { notify: { paceMs: 200 } } });
  directory = await scimCreateUsers(h, business.users);
  await connectAndSync(h);
  await makeOwner(h, await hubIdOf(h), OWNER);
}, 30_000);
afterAll(async () => {
  await redis.start().catch(() => {});
  await h.close();
  await redis.stop();
}, 30_000); // a Redis restarted a moment ago, and workers that reconnect before they can close

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const tasksOf = (kind: 'sync' | 'remove_member', status: 'queued' | 'completed') =>
  withDb(h, (db) => db.select().from(tasks).where(and(eq(tasks.kind, kind), eq(tasks.status, status))));

describe('while the job queue is unreachable', () => {
  it('an approval is stored and said to be, and the removal reaches Meta when the queue is back', async () => {
    await scimSetActive(h, directory.get(ana!.email)!, false);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(ana!.email), 20_000);
    await redis.stop();
    const answer = await clickCard(h, OWNER, card, 'report_approve', itemButton(card, ana!.email, 'report_approve')!);
    expect(answer).toMatch(/^Approved: 1 removal recorded\. Hubkeeper's job queue can't be reached right now, so it will run as soon as the queue is back/);
    expect(answer).not.toMatch(/nothing was changed/i);
    expect(await itemOf(h, ana!.email)).toMatchObject({ decision: 'approved', decidedBy: OWNER });
    expect(await tasksOf('remove_member', 'queued')).toHaveLength(1);
    expect(deletesTo(h, ana!.id)).toHaveLength(0);

    await redis.start();
    await h.slack.waitFor(() => deletesTo(h, ana!.id).length === 1, 20_000);
    await eventually(async () => (await itemOf(h, ana!.email))?.outcome === 'removed', 10_000);
  });

  it('a directory deactivation still triggers its check of the hub, which runs when the queue is back', async () => {
    const checksBefore = (await tasksOf('sync', 'completed')).length;
    await redis.stop();
    expect(await scimSetActive(h, directory.get(bo!.email)!, false)).toBe(200);
    const waiting = await tasksOf('sync', 'queued');
    expect(waiting).toEqual([expect.objectContaining({ requestedBy: 'directory' })]);

    await redis.start();
    await cardShowing(h, HUB_CHANNEL, (text) => text.includes(bo!.email), 30_000);
    expect((await tasksOf('sync', 'completed')).length).toBe(checksBefore + 1);
  });

  it('a removal from the member list is recorded and said to be, then carried out', async () => {
    const list = await membersList(h, ADMIN, 'members all');
    const modals = okModals(h);
    await clickInList(h, ADMIN, 'member_remove', mustRowButton(list.blocks, cy!.email, 'member_remove'), list.blocks);
    const modal = await openedModal(h, modals);
    await redis.stop();
    const sent = await h.client.viewSubmission({ userId: ADMIN, callbackId: 'remove_member', viewId: modal.id, values: removeValues('Left in June') });
    expect(sent.body).toBe('');
    await h.slack.waitFor(() => h.slack.responses.some((r) => /^Removal recorded\. Hubkeeper's job queue can't be reached right now/.test(String(r.body.text))), 5_000);
    expect(deletesTo(h, cy!.id)).toHaveLength(0);

    await redis.start();
    await h.slack.waitFor(() => deletesTo(h, cy!.id).length === 1, 20_000);
  });

  it('an Approve all is stored and said to be, and its removals reach Meta when the queue is back', async () => {
    for (const user of [dee, eve]) await scimSetActive(h, directory.get(user!.email)!, false);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(dee!.email) && text.includes(eve!.email), 30_000);
    const modals = okModalCount(h);
    await clickCard(h, OWNER, card, 'report_approve_all', cardButton(card, 'report_approve_all')!, { wait: false });
    const modal = await modalAfter(h, modals);
    // The safeguard holds this small hub's report: the modal asks to tick the count it names.
    const count = modal.view.blocks.flatMap((block) => (block as { element?: { options?: Array<{ value: string }> } }).element?.options ?? [])[0]?.value;
    expect(count).toBeDefined();
    await redis.stop();
    const values = { report_confirm_check: { report_confirm_check_input: stateValues.checkboxes([{ text: 'ok', value: count! }]) } };
    const sent = await h.client.viewSubmission({ userId: OWNER, callbackId: 'report_confirm', viewId: modal.id, values });
    const shown = blockText((sent.json as { view: { blocks: unknown } }).view.blocks);
    expect(shown).toMatch(/^Approved: 3 removals recorded\. Hubkeeper's job queue can't be reached right now, so it will run as soon as the queue is back/);
    for (const user of [bo, dee, eve]) expect(await itemOf(h, user!.email)).toMatchObject({ decision: 'approved', decidedBy: OWNER, outcome: 'removing' });
    expect(deletesTo(h, dee!.id)).toHaveLength(0);

    await redis.start();
    for (const user of [bo, dee, eve]) await h.slack.waitFor(() => deletesTo(h, user!.id).length === 1, 30_000);
    await eventually(async () => (await itemOf(h, eve!.email))?.outcome === 'removed', 10_000);
  });

  it('a check asked for from a button is recorded and said to be, not refused', async () => {
    await redis.stop();
    const card = cardIn(h, HUB_CHANNEL)!;
    const before = h.slack.responses.length;
    await h.client.blockAction({ userId: ADMIN, actionId: 'sync_hub', value: await hubIdOf(h), container: { type: 'message', channelId: card.channel, messageTs: card.ts } });
    expect(await responseAfter(h.slack, before)).toMatch(/^Recorded a check for updates of \*Acme Ads\*\. Hubkeeper's job queue can't be reached right now/);
    await redis.start();
    await eventually(async () => (await tasksOf('sync', 'queued')).length === 0, 30_000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync, seedDirectory, syncAgain } from '../support/members.js';
import { auditActions, cardButton, cardShowing, clickCard, deactivateInDirectory, hubIdOf, itemButton, makeOwner, modalAfter, okModalCount, withDb } from '../support/reports.js';
import { hubs } from '../../db/schema.js';

const TEAM = 'C0TEAMWIDE';
const HOUR = 3_600_000;
const business = generateBusiness({
  id: '1111111111', members: 20, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, pages: 1, adminShare: 0, personalEmailShare: 0, seed: 57,
});
const [, ana, bo] = business.users;

// Hubkeeper's clock runs `offset` ahead of the wall clock; the reminder job looks every 200 ms.
let offset = 0;
let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  h = await startHarness({
    meta: { business },
    env: { NOTIFY_CHANNEL_ID: TEAM },
    start: { clock: () => new Date(Date.now() + offset), reports: { reminderCheckMs: 200 }, notify: { paceMs: 200 } },
  });
  h.slack.addChannel({ id: TEAM, name: 'hubkeeper-news' });
  directory = await seedDirectory(h, business.users.map((user) => ({ userName: user.email, displayName: user.name })));
  await connectAndSync(h);
  await makeOwner(h, await hubIdOf(h), OWNER);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const reminders = (user: string) => h.slack.messagesIn(user).filter((m) => /^Reminder: /.test(String(m.text)));
const escalations = () => h.slack.messagesIn(TEAM).filter((m) => /^Escalation: /.test(String(m.text)));

describe('reminders for items left waiting', () => {
  it('stays quiet for the first day', async () => {
    await deactivateInDirectory(h, [directory.get(ana!.email)!]);
    await syncAgain(h);
    await cardShowing(h, HUB_CHANNEL, (text) => text.includes(ana!.email));
    offset = 23 * HOUR;
    await sleep(1_000);
    expect(reminders(OWNER)).toHaveLength(0);
    expect(reminders(ADMIN)).toHaveLength(0);
  });

  it('reminds each owner once a day after 24 hours, not once per item', async () => {
    offset = 25 * HOUR;
    await h.slack.waitFor(() => reminders(OWNER).length === 1 && reminders(ADMIN).length === 1, 10_000);
    expect(String(reminders(OWNER)[0]!.text)).toBe('Reminder: 1 removal waits for your decision on deprovision reports.');
    await deactivateInDirectory(h, [directory.get(bo!.email)!]);
    await syncAgain(h);
    await sleep(1_000);
    expect(reminders(OWNER)).toHaveLength(1); // the second item is new, and today's reminder went out already
    offset = 49.5 * HOUR;
    await h.slack.waitFor(() => reminders(OWNER).length === 2 && reminders(ADMIN).length === 2, 10_000);
    expect(String(reminders(OWNER)[1]!.text)).toBe('Reminder: 2 removals wait for your decision on deprovision reports.');
    expect(escalations()).toHaveLength(0);
  });

  it('escalates to the team-wide channel after 72 hours, once a day', async () => {
    offset = 73 * HOUR;
    await h.slack.waitFor(() => escalations().length === 1, 10_000);
    expect(String(escalations()[0]!.text)).toBe('Escalation: 2 removals in Acme Ads have waited 3 days for the owners.');
    await sleep(1_000);
    expect(escalations()).toHaveLength(1);
    expect(reminders(OWNER)).toHaveLength(2); // 23.5 hours since the last one
    expect((await auditActions(h, ['report.reminded'])).length).toBe(4);
    expect(await auditActions(h, ['report.escalated'])).toHaveLength(1);
  });
});

describe('the escalation is actionable', () => {
  const OTHER_ADMIN = 'UADMIN02';
  it('names the waiting items and their age, and offers the report and adding an owner, to those allowed', async () => {
    const escalation = escalations()[0]!;
    const shown = blockText(escalation.blocks);
    expect(shown).toContain(`• ${ana!.name} (${ana!.email}) — waiting 3 days`);
    expect(shown).toContain(`• ${bo!.name} (${bo!.email}) — waiting`);
    expect(cardButton(escalation, 'report_review')).toBe(await hubIdOf(h));
    expect(cardButton(escalation, 'escalation_add_owner')).toBe(await hubIdOf(h));
    expect(cardButton(escalation, 'escalation_decide')).toBeUndefined();

    expect(await clickCard(h, STRANGER, escalation, 'report_review', cardButton(escalation, 'report_review')!)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that/);
    expect(await clickCard(h, STRANGER, escalation, 'escalation_add_owner', cardButton(escalation, 'escalation_add_owner')!)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can add owners/);
    const report = await clickCard(h, ADMIN, escalation, 'report_review', cardButton(escalation, 'report_review')!);
    expect(report).toMatch(/^Deprovision report for /);
    const modals = okModalCount(h);
    await clickCard(h, ADMIN, escalation, 'escalation_add_owner', cardButton(escalation, 'escalation_add_owner')!, { wait: false });
    expect((await modalAfter(h, modals)).view.callback_id).toBe('hub_owners');
  });

  it('offers Decide when the hub lets admins decide, to owners and admins only', async () => {
    h.slack.addUser({ id: OTHER_ADMIN, name: 'abe', realName: 'Abe Admin', email: 'abe@acme.example', isAdmin: true });
    await withDb(h, (db) => db.update(hubs).set({ adminsMayDecide: true }));
    offset = 97.5 * HOUR;
    await h.slack.waitFor(() => escalations().length === 2, 10_000);
    const escalation = escalations()[1]!;
    const decide = cardButton(escalation, 'escalation_decide')!;
    expect(decide).toBe(await hubIdOf(h));
    expect(blockText(escalation.blocks)).toContain('This hub lets Hubkeeper admins decide too.');
    expect(await clickCard(h, STRANGER, escalation, 'escalation_decide', decide)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that/);
    expect(await clickCard(h, OTHER_ADMIN, escalation, 'escalation_decide', decide)).toMatch(/^Deprovision report for /);
  });
});

describe('the escalation follows the report', () => {
  it('is edited in place as items are decided: it shows what still waits, then that nothing does', async () => {
    const posted = escalations().map((m) => m.ts);
    expect(posted).toHaveLength(2);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(ana!.email) && text.includes(bo!.email));
    await clickCard(h, OWNER, card, 'report_approve', itemButton(card, ana!.email, 'report_approve')!);
    const current = () => h.slack.messagesIn(TEAM).filter((m) => posted.includes(m.ts));
    await h.slack.waitFor(() => current().every((m) => !blockText(m.blocks).includes(ana!.email)) || undefined, 15_000);
    for (const message of current()) {
      expect(String(message.text)).toBe('Escalation: 1 removal in Acme Ads has waited 3 days for the owners.');
      expect(blockText(message.blocks)).toContain(`• ${bo!.name} (${bo!.email}) — waiting`);
    }

    const later = await cardShowing(h, HUB_CHANNEL, (_text, shown) => itemButton(shown, bo!.email, 'report_approve') !== undefined && itemButton(shown, ana!.email, 'report_approve') === undefined);
    await clickCard(h, OWNER, later, 'report_approve', itemButton(later, bo!.email, 'report_approve')!);
    await h.slack.waitFor(() => current().every((m) => /^Escalation settled/.test(String(m.text))) || undefined, 15_000);
    for (const message of current()) {
      expect(blockText(message.blocks)).toContain('Nothing waits any more in *Acme Ads*: every removal this escalation named has been decided.');
      expect(cardButton(message, 'report_review')).toBeUndefined();
    }
    // Edited, never posted again.
    expect(h.slack.messagesIn(TEAM).filter((m) => /^Escalation/.test(String(m.text)))).toHaveLength(2);
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.channel === TEAM).length).toBeGreaterThanOrEqual(4);
  });
});

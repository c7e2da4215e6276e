import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync, syncAgain } from '../support/members.js';
import {
  auditActions, cardIn, cardShowing, clickCard, closingIn, deactivateInDirectory, deletesTo, hubIdOf, itemButton, itemOf, makeOwner, scimCreateUsers, scimSetActive,
} from '../support/reports.js';

// Twenty people at the company's domain, all in the directory; one ad account and a page each hold several.
const business = generateBusiness({
  id: '1111111111', members: 20, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 2, pages: 1, adminShare: 0, personalEmailShare: 0,
  assignmentsPerAsset: [4, 8], seed: 21,
});
const people = business.users;
const [, ana, bo, cy, dee] = people;

let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  h = await startHarness({ meta: { business, inviteCap: 1 }, start: { notify: { paceMs: 200 } } });
  directory = await scimCreateUsers(h, people);
  await connectAndSync(h);
  await makeOwner(h, await hubIdOf(h), OWNER);
  await h.client.command({ userId: OWNER, text: 'prefs dm on', channelId: HUB_CHANNEL });
}, 30_000);
afterAll(async () => {
  await h?.close();
});

describe('a deactivation in the directory', () => {
  it('puts the person on a report card within the immediate check, in the channel and the DM of an owner who asked', async () => {
    expect(await scimSetActive(h, directory.get(ana!.email)!, false)).toBe(200);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(ana!.email), 20_000);
    const shown = blockText(card.blocks);
    expect(shown).toContain(`*${ana!.name}* · ${ana!.email} · EMPLOYEE`);
    expect(shown).toMatch(/Deactivated in the directory <!date\^\d+\^[^>]+> \(SCIM PATCH set active to false\) — still has access (less than a minute|\d+ minutes?) later/);
    expect(shown).toMatch(/Takes away: (Ad account|Page) .+\(/);
    expect(shown).toContain('Login is *username and password*: Hubkeeper is the path to Meta');
    expect(itemButton(card, ana!.email, 'report_approve')).toBeDefined();
    const dm = await cardShowing(h, OWNER, (text) => text.includes(ana!.email));
    expect(itemButton(dm, ana!.email, 'report_approve')).toBe(itemButton(card, ana!.email, 'report_approve'));
    expect(cardIn(h, ADMIN)).toBeUndefined(); // the admin did not ask for DMs
    expect((await auditActions(h, ['report.opened', 'report.item_added'])).map((e) => e.action).sort()).toEqual(['report.item_added', 'report.opened']);
  });

  it('refuses someone who does not own the hub, privately, and removes nothing', async () => {
    const card = cardIn(h, HUB_CHANNEL)!;
    const answer = await clickCard(h, STRANGER, card, 'report_approve', itemButton(card, ana!.email, 'report_approve')!);
    expect(answer).toMatch(/^Only owners of Acme Ads can do that\. Ask one of them \(owners: /);
    expect(deletesTo(h)).toHaveLength(0);
    expect(await itemOf(h, ana!.email)).toMatchObject({ decision: 'pending' });
  });

  it('removes the person in Meta once an owner approves, edits every card, and closes the report with a summary', async () => {
    const card = cardIn(h, HUB_CHANNEL)!;
    const answer = await clickCard(h, OWNER, card, 'report_approve', itemButton(card, ana!.email, 'report_approve')!);
    expect(answer).toMatch(/^Approved\./);
    const summary = await closingIn(h);
    expect(String(summary.text)).toBe('The deprovision report for Acme Ads is closed: 1 removed.');
    expect(deletesTo(h, ana!.id)).toHaveLength(1);
    expect(deletesTo(h)).toHaveLength(1);
    expect(business.users.some((user) => user.id === ana!.id)).toBe(false);
    for (const where of [HUB_CHANNEL, OWNER]) {
      const edited = await cardShowing(h, where, (text) => /closed/.test(text) && text.includes(`Approved by <@${OWNER}>`) && text.includes('removed'));
      expect(itemButton(edited, ana!.email, 'report_approve')).toBeUndefined();
      expect(edited.history.length).toBeGreaterThan(1);
    }
    expect(await itemOf(h, ana!.email)).toMatchObject({ decision: 'approved', decidedBy: OWNER, outcome: 'removed' });
    const audit = await auditActions(h, ['report.item_approved', 'member.removed', 'report.closed']);
    expect(audit.map((e) => e.action).sort()).toEqual(['member.removed', 'report.closed', 'report.item_approved']);
    expect(audit.find((e) => e.action === 'member.removed')).toMatchObject({ actor: OWNER, outcome: 'removed' });
  });

  it('tells a late click who approved it and when, and removes nothing more', async () => {
    const card = cardIn(h, HUB_CHANNEL)!;
    const itemId = (await itemOf(h, ana!.email))!.id;
    const answer = await clickCard(h, ADMIN, card, 'report_approve', itemId);
    expect(answer).toMatch(new RegExp(`^Nothing changed: \\*${ana!.name}\\* was already approved by <@${OWNER}> <!date\\^\\d+\\^\\{date_short_pretty\\} at \\{time\\}`));
    expect(deletesTo(h)).toHaveLength(1);
  });

  it('offers Re-invite with the same email and role, for a removal made by mistake', async () => {
    // The directory deactivated Ana by mistake and takes it back; an owner invites her again from the card.
    expect(await scimSetActive(h, directory.get(ana!.email)!, true)).toBe(200);
    const card = await cardShowing(h, HUB_CHANNEL, () => true);
    const answer = await clickCard(h, OWNER, card, 'report_reinvite', itemButton(card, ana!.email, 'report_reinvite')!);
    expect(answer).toMatch(/^Re-inviting /);
    await cardShowing(h, HUB_CHANNEL, (text) => text.includes(`re-invited by <@${OWNER}>`));
    const invites = h.meta.requests.filter((r) => r.method === 'POST' && r.route.endsWith('/business_users'));
    expect(invites).toHaveLength(1);
    expect(invites[0]!.body).toMatchObject({ email: ana!.email, role: 'EMPLOYEE' });
    expect(await auditActions(h, ['member.reinvited'])).toHaveLength(1);
  });
});

describe('two owners, double clicks and Slack retries', () => {
  it('removes each person once, and the one who came second is told', async () => {
    await deactivateInDirectory(h, [bo, cy].map((user) => directory.get(user!.email)!));
    await syncAgain(h);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(bo!.email) && text.includes(cy!.email) && !/closed/.test(text.split('\n')[0]!));
    // Two owners approve Bo at the same moment.
    const boId = itemButton(card, bo!.email, 'report_approve')!;
    const answers = await Promise.all([clickCard(h, OWNER, card, 'report_approve', boId), clickCard(h, ADMIN, card, 'report_approve', boId)]);
    expect(answers.filter((text) => /^Approved\./.test(text))).toHaveLength(1);
    expect(answers.filter((text) => /^Nothing changed: .* was already approved by (you|<@U[A-Z0-9]+>)/.test(text))).toHaveLength(1);
    // One owner double-clicks Cy, and Slack retries the first click as well.
    const cyId = itemButton(card, cy!.email, 'report_approve')!;
    const clicks = await Promise.all([
      clickCard(h, OWNER, card, 'report_approve', cyId),
      clickCard(h, OWNER, card, 'report_approve', cyId),
      clickCard(h, OWNER, card, 'report_approve', cyId, { retryNum: 1 }),
    ]);
    expect(clicks.filter((text) => /^Approved\./.test(text))).toHaveLength(1);
    expect(clicks.filter((text) => /already approved by you/.test(text))).toHaveLength(2);
    await closingIn(h, HUB_CHANNEL).then(() => h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).filter((m) => /is closed: 2 removed/.test(String(m.text))).length === 1, 15_000));
    expect(deletesTo(h, bo!.id)).toHaveLength(1);
    expect(deletesTo(h, cy!.id)).toHaveLength(1);
    expect(await auditActions(h, ['report.item_approved'])).toHaveLength(3); // Ana, Bo and Cy: one each
  });

  it('answers a Re-invite once Meta’s daily invitation limit is reached with when it lifts', async () => {
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(bo!.email) && /closed/.test(text.split('\n')[0]!));
    await clickCard(h, OWNER, card, 'report_reinvite', itemButton(card, bo!.email, 'report_reinvite')!);
    const failed = await cardShowing(h, HUB_CHANNEL, (text) => /re-invite failed: Meta's daily invitation limit for this business is reached\. It lifts <!date/.test(text));
    const again = await clickCard(h, ADMIN, failed, 'report_reinvite', itemButton(failed, bo!.email, 'report_reinvite')!);
    expect(again).toMatch(/^Nothing was sent: Meta's daily invitation limit for this business is reached\. It lifts <!date\^\d+/);
    expect(await auditActions(h, ['member.reinvite_failed'])).toHaveLength(1);
    expect(dee).toBeDefined();
  });
});

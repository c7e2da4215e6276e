import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignItems, campaigns, directoryUsers, reportItems } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { commandAnswer, commandModal, submit } from '../support/access.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync, seedDirectory } from '../support/members.js';
import { auditActions, clickCard, deletesTo, hubIdOf, itemButton, setThreshold, withDb } from '../support/reports.js';
import { startReviewHarness } from '../support/reviews.js';
import { stateValues } from '../support/slack-requests.js';

const MANAGER = 'UMANAGER1';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DAY = 86_400_000;
const business = generateBusiness({ id: '1111111111', members: 6, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, pages: 1, adminShare: 0, personalEmailShare: 0, seed: 18 });
const people = business.users;
// people[1..3] report to the manager; the others have no manager in the directory, so the owner reviews them.
const managed = people.slice(1, 4);
const ownerReviewed = [people[0]!, people[4]!, people[5]!];

let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startReviewHarness(business, () => offset);
  h.slack.addUser({ id: MANAGER, name: 'mia', realName: 'Mia Manager', email: 'mia@acme.example' });
  const ids = await seedDirectory(h, [...people.map((p) => ({ userName: p.email, displayName: p.name })), { userName: 'mia@acme.example', displayName: 'Mia Manager' }]);
  const boss = ids.get('mia@acme.example')!;
  await withDb(h, async (db) => {
    for (const person of managed) {
      await db.update(directoryUsers).set({ resource: { userName: person.email, [ENTERPRISE]: { manager: { value: boss } } } }).where(eq(directoryUsers.id, ids.get(person.email)!));
    }
  });
  await connectAndSync(h);
  // Two removals of six people would trip the default 20 % safeguard; the safeguard itself is tested with reports.
  await setThreshold(h, 50);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const formValues = (o: { scope?: string; reviewers?: string; deadline: string | null; removeUnkept?: boolean }) => ({
  review_scope: { review_scope_choice: stateValues.radioButtons({ text: o.scope ?? 'all', value: o.scope ?? 'all' }) },
  review_reviewers: { review_reviewers_choice: stateValues.radioButtons({ text: o.reviewers ?? 'managers', value: o.reviewers ?? 'managers' }) },
  review_deadline: { review_deadline_input: stateValues.datepicker(o.deadline) },
  review_remove_unkept: { review_remove_unkept_choice: stateValues.checkboxes(o.removeUnkept ? [{ text: 'Remove', value: 'yes' }] : []) },
});
const cardOf = (user: string) => h.slack.messagesIn(user).find((m) => /^Access review of /.test(String(m.text)));
const tracker = () => h.slack.messagesIn(HUB_CHANNEL).find((m) => /^Access review of .* reviewed/.test(String(m.text)));
const cardShowing = (user: string, test: (text: string) => boolean) =>
  h.slack.waitFor(() => { const card = cardOf(user); return card && test(blockText(card.blocks)) ? card : undefined; }, 15_000);
const campaignRow = () => withDb(h, async (db) => (await db.select().from(campaigns))[0]!);
const itemOf = (email: string) => withDb(h, async (db) => (await db.select().from(campaignItems).where(eq(campaignItems.email, email)))[0]!);

describe('starting an access review', () => {
  it('refuses someone who is neither an owner nor an admin, privately, naming who can', async () => {
    const answer = await commandAnswer(h, STRANGER, 'review');
    expect(answer.text).toContain('Only owners of Acme Ads and Hubkeeper admins can do that.');
    expect(answer.text).toContain(`<@${ADMIN}>`);
  });

  it('shows a deadline in the past or today beside its field, and starts nothing', async () => {
    const modal = await commandModal(h, ADMIN, 'review');
    expect(modal.view.title.text).toBe('Access review');
    const answer = await submit(h, ADMIN, 'review_start', formValues({ deadline: dateOf(Date.now() - DAY) }), modal.id);
    expect(answer.errors?.review_deadline).toMatch(/^Choose a day after today/);
    const asset = await submit(h, ADMIN, 'review_start', formValues({ scope: 'asset', deadline: dateOf(Date.now() + 5 * DAY) }), modal.id);
    expect(asset.errors?.review_asset).toBe('Choose the asset whose holders are reviewed.');
    expect(await withDb(h, (db) => db.select().from(campaigns))).toHaveLength(0);
  });

  it('asks to confirm the exact count before a campaign that removes what was not kept', async () => {
    const modal = await commandModal(h, ADMIN, 'review');
    const answer = await submit(h, ADMIN, 'review_start', formValues({ deadline: dateOf(Date.now() + 5 * DAY), removeUnkept: true }), modal.id) as { response_action?: string; view?: { blocks: unknown; private_metadata: string } };
    expect(answer.response_action).toBe('update');
    expect(blockText(answer.view!.blocks)).toContain('Remove up to 6 people not kept at the deadline');
    const unticked = await submit(h, ADMIN, 'review_confirm', { review_confirm_check: { review_confirm_check_input: stateValues.checkboxes([]) } }, undefined, answer.view!.private_metadata);
    expect(unticked.errors?.review_confirm_check).toBe('Tick the box to confirm the count, or cancel.');
    expect(await withDb(h, (db) => db.select().from(campaigns))).toHaveLength(0);
  });

  it("gives each of the two reviewers one card, and posts the tracker", async () => {
    const modal = await commandModal(h, ADMIN, 'review');
    const answer = await submit(h, ADMIN, 'review_start', formValues({ deadline: dateOf(Date.now() + 5 * DAY) }), modal.id);
    expect(blockText(answer.view?.blocks)).toContain('started: 6 people to review by 2 reviewers');
    const mine = await cardShowing(MANAGER, (text) => text.includes('3 people left to review'));
    for (const person of managed) expect(blockText(mine.blocks)).toContain(person.email);
    const admins = await cardShowing(ADMIN, (text) => text.includes('3 people left to review'));
    for (const person of ownerReviewed) expect(blockText(admins.blocks)).toContain(person.email);
    await h.slack.waitFor(() => tracker());
    expect(blockText(tracker()!.blocks)).toContain('0 of 6 people reviewed');
    expect(h.slack.messagesIn(OWNER)).toHaveLength(0);
    expect(await auditActions(h, ['review.started'])).toHaveLength(1);
  });
});

describe('deciding on the cards', () => {
  let card: FakeMessage;
  beforeAll(() => {
    card = cardOf(MANAGER)!;
  });

  it('keeps someone once, however often the button is clicked, and edits the card and tracker in place', async () => {
    const [first, second] = [managed[0]!, managed[1]!];
    const value = itemButton(card, first.email, 'review_keep')!;
    const answers = await Promise.all([clickCard(h, MANAGER, card, 'review_keep', value, { wait: false }), clickCard(h, MANAGER, card, 'review_keep', value, { retryNum: 1 })]);
    expect(answers[1]).toMatch(/^(|Nothing changed: .* was already decided\. Kept by you .*)$/);
    const again = await clickCard(h, MANAGER, card, 'review_keep', value);
    expect(again).toMatch(new RegExp(`^Nothing changed: \\*${first.name}\\* was already decided\\. Kept by you `));
    expect(await auditActions(h, ['review.kept'])).toHaveLength(1);
    const edited = await cardShowing(MANAGER, (text) => text.includes('2 people left to review'));
    expect(edited.ts).toBe(card.ts);
    expect(blockText(edited.blocks)).toContain('Kept by you');
    expect(itemButton(edited, second.email, 'review_keep')).toBeDefined();
    await h.slack.waitFor(() => blockText(tracker()?.blocks).includes('1 of 6 people reviewed') || undefined);
    expect(tracker()!.history.length).toBeGreaterThan(1);
    expect(h.slack.messagesIn(HUB_CHANNEL).filter((m) => /^Access review of /.test(String(m.text)))).toHaveLength(1);
  });

  it("puts a manager's removal on the deprovision report for an owner to approve", async () => {
    const person = managed[1]!;
    const answer = await clickCard(h, MANAGER, cardOf(MANAGER)!, 'review_remove', itemButton(cardOf(MANAGER)!, person.email, 'review_remove')!);
    expect(answer).toBe(`Removal of *${person.name}* recorded. They are on the deprovision report now; an owner of the hub approves the removal there.`);
    const item = await itemOf(person.email);
    const onReport = await withDb(h, async (db) => (await db.select().from(reportItems).where(eq(reportItems.id, item.reportItemId!)))[0]!);
    expect(onReport).toMatchObject({ reason: 'access_review', decision: 'pending' });
    expect(deletesTo(h, person.id)).toHaveLength(0);
  });

  it("carries an owner's removal to Meta through the report's removal task", async () => {
    const person = ownerReviewed[1]!;
    const admins = cardOf(ADMIN)!;
    const answer = await clickCard(h, ADMIN, admins, 'review_remove', itemButton(admins, person.email, 'review_remove')!);
    expect(answer).toContain('Hubkeeper is removing them from Meta now');
    await h.slack.waitFor(() => deletesTo(h, person.id).length > 0 || undefined, 15_000);
  });

  it('changes a role through the role change path', async () => {
    const person = ownerReviewed[2]!;
    const admins = cardOf(ADMIN)!;
    const opened = h.slack.callsTo('views.open').filter((c) => c.response.ok).length;
    await clickCard(h, ADMIN, admins, 'review_change_role', itemButton(admins, person.email, 'review_change_role')!, { wait: false });
    const call = await h.slack.waitFor((fake) => fake.callsTo('views.open').filter((c) => c.response.ok)[opened]);
    const viewId = String((call.response as { view: { id: string } }).view.id);
    const answer = await submit(h, ADMIN, 'review_role', { role_choice: { role_choice_input: stateValues.staticSelect({ text: 'Admin', value: 'ADMIN' }) } }, viewId);
    expect(blockText(answer.view?.blocks)).toContain(`Role change of *${person.name}* queued`);
    await h.slack.waitFor(() => business.users.find((u) => u.id === person.id)?.role === 'ADMIN' || undefined, 15_000);
    expect(await auditActions(h, ['review.role_changed'])).toHaveLength(1);
  });
});

describe('the deadline', () => {
  it('reminds reviewers with open items in the last days, once a day', async () => {
    const campaign = await campaignRow();
    offset = campaign.deadline.getTime() - Date.now() - 2.5 * DAY;
    const reminders = (user: string) => h.slack.messagesIn(user).filter((m) => /^Reminder: /.test(String(m.text)));
    await h.slack.waitFor(() => (reminders(MANAGER).length === 1 && reminders(ADMIN).length === 1) || undefined, 10_000);
    expect(String(reminders(MANAGER)[0]!.text)).toBe('Reminder: 1 person in Acme Ads waits for your access review; 2 days left.');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(reminders(MANAGER)).toHaveLength(1);
  });

  it('escalates who was not reviewed, removes nobody, closes, and uploads the evidence', async () => {
    const campaign = await campaignRow();
    offset = campaign.deadline.getTime() - Date.now() + 60_000;
    const escalation = await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /^Escalation: the access review/.test(String(m.text))), 15_000);
    expect(String(escalation.text)).toBe('Escalation: the access review of Acme Ads reached its deadline with 2 people not reviewed.');
    expect(blockText(escalation.blocks)).toContain('Nobody was removed.');
    const upload = await h.slack.waitFor(() => h.slack.uploads.find((u) => u.completed && u.channel === HUB_CHANNEL), 15_000);
    expect(upload.filename).toMatch(/^access-review-acme-ads-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = upload.content!.trim().split('\r\n');
    expect(lines[0]).toBe('item,holder,access,reviewer,decision,time,outcome at Meta');
    expect(lines).toHaveLength(7);
    const row = (email: string) => lines.find((line) => line.includes(email))!;
    expect(row(managed[0]!.email)).toContain(`,${MANAGER},keep,`);
    expect(row(managed[0]!.email)).toMatch(/,no change$/);
    expect(row(managed[1]!.email)).toMatch(new RegExp(`,${MANAGER},remove,.*,waiting for an owner on the deprovision report$`));
    expect(row(ownerReviewed[1]!.email)).toMatch(new RegExp(`,${ADMIN},remove,.*,removed$`));
    expect(row(ownerReviewed[2]!.email)).toMatch(new RegExp(`,${ADMIN},change role to ADMIN,.*,role changed to ADMIN$`));
    expect(row(managed[2]!.email)).toMatch(new RegExp(`,${MANAGER},not reviewed,,no change \\(escalated to the owners\\)$`));
    expect(row(ownerReviewed[0]!.email)).toContain('role ADMIN; matched onboarded; ');
    expect(deletesTo(h, managed[2]!.id)).toHaveLength(0);
    const summary = await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /^The access review of Acme Ads is closed/.test(String(m.text))));
    expect(String(summary.text)).toBe('The access review of Acme Ads is closed: 4 of 6 people reviewed (1 kept · 2 to remove · 1 role change · 2 not reviewed).');
    await h.slack.waitFor(() => blockText(tracker()?.blocks).includes('closed') || undefined);
    expect((await campaignRow()).status).toBe('closed');
    const decisions = await auditActions(h, ['review.kept', 'review.removed', 'review.role_changed', 'review.escalated', 'review.closed', 'review.evidence_uploaded']);
    expect(decisions.map((e) => e.action).sort()).toEqual(['review.closed', 'review.escalated', 'review.evidence_uploaded', 'review.kept', 'review.removed', 'review.removed', 'review.role_changed']);
    expect(await hubIdOf(h)).toBe(campaign.hubId);
  });
});

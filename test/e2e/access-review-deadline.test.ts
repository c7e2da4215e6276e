import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignItems, campaigns } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { commandModal, eventually, submit } from '../support/access.js';
import { ADMIN, blockText, HUB_CHANNEL, type Harness } from '../support/harness.js';
import { connectAndSync, seedDirectory } from '../support/members.js';
import { auditActions, cardButton, cardShowing as reportCardShowing, clickCard, deletesTo, itemButton, modalAfter, okModalCount, withDb } from '../support/reports.js';
import { startReviewHarness } from '../support/reviews.js';
import { stateValues } from '../support/slack-requests.js';

// Ten people, a system user and a partner business; the hub keeps the default 20 % removal safeguard.
const business = generateBusiness({ id: '1111111111', members: 10, invitations: 0, systemUsers: 1, partners: 1, adAccounts: 1, pages: 1, adminShare: 0, personalEmailShare: 0, seed: 23 });
const people = business.users;
const systemUser = business.systemUsers[0]!;
const partner = business.partners[0]!;
const DAY = 86_400_000;

let offset = 0;
let h: Harness;
beforeAll(async () => {
  h = await startReviewHarness(business, () => offset);
  await seedDirectory(h, people.map((p) => ({ userName: p.email, displayName: p.name })));
  await connectAndSync(h);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const startValues = (deadline: string) => ({
  review_scope: { review_scope_choice: stateValues.radioButtons({ text: 'all', value: 'all' }) },
  review_reviewers: { review_reviewers_choice: stateValues.radioButtons({ text: 'owners', value: 'owners' }) },
  review_deadline: { review_deadline_input: stateValues.datepicker(deadline) },
  review_remove_unkept: { review_remove_unkept_choice: stateValues.checkboxes([{ text: 'Remove', value: 'yes' }]) },
});
const cards = () => h.slack.messagesIn(ADMIN).filter((m) => /^Access review of /.test(String(m.text)));
const openCampaign = () => withDb(h, async (db) => (await db.select().from(campaigns).where(eq(campaigns.status, 'open')))[0]!);
const itemsOf = (campaignId: string) => withDb(h, (db) => db.select().from(campaignItems).where(eq(campaignItems.campaignId, campaignId)));

/** Starts a review that removes what was not kept, confirming the count the modal states; returns that count. */
async function startRemovingReview(): Promise<number> {
  const modal = await commandModal(h, ADMIN, 'review');
  const asked = await submit(h, ADMIN, 'review_start', startValues(dateOf(Date.now() + offset + 5 * DAY)), modal.id) as { view?: { blocks: unknown; private_metadata: string } };
  const count = Number(/Remove up to (\d+) people not kept at the deadline/.exec(blockText(asked.view!.blocks))![1]);
  const confirm = { review_confirm_check: { review_confirm_check_input: stateValues.checkboxes([{ text: 'ok', value: String(count) }]) } };
  await submit(h, ADMIN, 'review_confirm', confirm, undefined, asked.view!.private_metadata);
  return count;
}

/** The owner keeps everyone in the campaign except these people (and the two service accounts). */
async function keepAllBut(campaignId: string, unkept: ReadonlyArray<{ email: string }>) {
  const card = await h.slack.waitFor(() => cards().at(-1), 15_000);
  const skip = new Set(unkept.map((p) => p.email));
  const keep = (await itemsOf(campaignId)).filter((item) => item.memberKind === 'business_user' && !skip.has(item.email ?? ''));
  const before = (await auditActions(h, ['review.kept'])).length;
  // Keep answers nothing privately (the redrawn card says it); the audit shows each decision landed.
  for (const item of keep) await clickCard(h, ADMIN, card, 'review_keep', item.id, { wait: false });
  await eventually(async () => (await auditActions(h, ['review.kept'])).length === before + keep.length || undefined, 15_000);
  return keep.length;
}

describe('a review that removes what was not kept', () => {
  const unkept = [people[2]!, people[7]!];

  it('counts only whom it could remove, reviews the system user and the partner with Keep only, and refuses to remove them', async () => {
    const count = await startRemovingReview();
    expect(count).toBe(10);
    const campaign = await openCampaign();
    expect(campaign).toMatchObject({ removeUnkept: true, removeConfirmedCount: 10 });
    expect(await itemsOf(campaign.id)).toHaveLength(12);
    expect(await keepAllBut(campaign.id, unkept)).toBe(8);
    // Kept people move behind the waiting ones: the first page shows the two people and the two service accounts.
    const card = await h.slack.waitFor(() => {
      const latest = cards().at(-1);
      return latest && blockText(latest.blocks).includes('4 people left to review') ? latest : undefined;
    }, 15_000);
    const text = blockText(card.blocks);
    expect(text).toContain(`*${systemUser.name}* (system user)`);
    expect(text).toContain(`*${partner.name}* (partner business)`);
    expect(text).toContain('_Keep only: A system user is removed or changed in Meta Business Settings (Users › System users); here you can only keep it.');
    const systemItem = (await itemsOf(campaign.id)).find((item) => item.memberKind === 'system_user')!;
    expect(itemButton(card, systemUser.name, 'review_keep')).toBe(systemItem.id);
    expect(itemButton(card, systemUser.name, 'review_remove')).toBeUndefined();
    expect(itemButton(card, systemUser.name, 'review_change_role')).toBeUndefined();
    // A forged Remove (the button is not there) changes nothing.
    expect(await clickCard(h, ADMIN, card, 'review_remove', systemItem.id)).toBe('Nothing changed. A system user is removed or changed in Meta Business Settings (Users › System users); here you can only keep it.');
    expect((await itemsOf(campaign.id)).find((item) => item.id === systemItem.id)).toMatchObject({ decision: 'pending' });
  });

  it('removes at the deadline exactly the people not kept, at Meta, audited; never the service accounts', async () => {
    const campaign = await openCampaign();
    offset = campaign.deadline.getTime() - Date.now() + 60_000;
    for (const person of unkept) await h.slack.waitFor(() => deletesTo(h, person.id).length > 0 || undefined, 20_000);
    expect(deletesTo(h)).toHaveLength(2);
    const removed = await auditActions(h, ['review.removed']);
    expect(removed).toHaveLength(2);
    for (const event of removed) expect(event).toMatchObject({ actor: 'schedule', reason: 'not kept by the deadline' });
    const items = await itemsOf(campaign.id);
    expect(items.filter((item) => item.decision === 'remove').map((item) => item.email).sort()).toEqual(unkept.map((p) => p.email).sort());
    expect(items.filter((item) => item.decision === 'pending').map((item) => item.memberKind).sort()).toEqual(['partner', 'system_user']);
    const escalation = await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /^Escalation: the access review/.test(String(m.text))), 15_000);
    expect(String(escalation.text)).toBe('Escalation: the access review of Acme Ads reached its deadline with 4 people not reviewed.');
    const upload = await h.slack.waitFor(() => h.slack.uploads.find((u) => u.completed && u.channel === HUB_CHANNEL), 15_000);
    const lines = upload.content!.trim().split('\r\n');
    for (const person of unkept) expect(lines.find((line) => line.includes(person.email))).toContain(',remove (not kept by the deadline),');
    expect(lines.find((line) => line.includes(systemUser.name))).toMatch(/,not reviewed,,no change \(escalated to the owners\)$/);
  });
});

describe('the safeguard and a review that removes what was not kept', () => {
  const unkept = [people[0]!, people[3]!, people[5]!, people[8]!];

  it('holds the deadline removals above 20 %: nothing goes to Meta, the channel says why, until an owner confirms the report', async () => {
    await eventually(async () => (await withDb(h, (db) => db.select().from(campaigns).where(eq(campaigns.status, 'open')))).length === 0 || undefined, 15_000);
    expect(await startRemovingReview()).toBe(8);
    const campaign = await openCampaign();
    expect(await keepAllBut(campaign.id, unkept)).toBe(4);
    const deletesBefore = deletesTo(h).length;
    offset = campaign.deadline.getTime() - Date.now() + 60_000;
    const held = await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /^Nobody was removed yet: the removal safeguard holds/.test(String(m.text))), 20_000);
    expect(blockText(held.blocks)).toContain('It would remove 4 members of 10 (40 %), more than the 20 % allowed at once.');
    const report = await reportCardShowing(h, HUB_CHANNEL, (text) => text.includes('Held by the removal safeguard'));
    expect(cardButton(report, 'report_approve')).toBeUndefined();
    expect(await auditActions(h, ['review.removals_held'])).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(deletesTo(h)).toHaveLength(deletesBefore);

    // An owner confirms the whole report; only then do the four removals go to Meta.
    const modals = okModalCount(h);
    await clickCard(h, ADMIN, report, 'report_confirm', cardButton(report, 'report_confirm')!, { wait: false });
    const modal = await modalAfter(h, modals);
    const confirm = { report_confirm_check: { report_confirm_check_input: stateValues.checkboxes([{ text: 'ok', value: '4' }]) } };
    expect((await h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_confirm', viewId: modal.id, values: confirm })).body).toBe('');
    const confirmed = await reportCardShowing(h, HUB_CHANNEL, (text) => text.includes(`Safeguard confirmed by <@${ADMIN}>`));
    for (const person of unkept) await clickCard(h, ADMIN, confirmed, 'report_approve', itemButton(confirmed, person.email, 'report_approve')!);
    for (const person of unkept) await h.slack.waitFor(() => deletesTo(h, person.id).length > 0 || undefined, 20_000);
    expect(deletesTo(h)).toHaveLength(deletesBefore + 4);
  });
});

describe("a review while the hub's channel refuses posts", () => {
  it("sends the tracker, the summary and the evidence to the owner's direct messages instead", async () => {
    await eventually(async () => (await withDb(h, (db) => db.select().from(campaigns).where(eq(campaigns.status, 'open')))).length === 0 || undefined, 15_000);
    h.slack.updateChannel(HUB_CHANNEL, { isArchived: true });
    const inChannel = h.slack.messagesIn(HUB_CHANNEL).length;
    const modal = await commandModal(h, ADMIN, 'review');
    const values = { ...startValues(dateOf(Date.now() + offset + 5 * DAY)), review_remove_unkept: { review_remove_unkept_choice: stateValues.checkboxes([]) } };
    await submit(h, ADMIN, 'review_start', values, modal.id);
    const dm = (pattern: RegExp) => h.slack.messagesIn(ADMIN).filter((m) => pattern.test(String(m.text)));
    const tracker = await h.slack.waitFor(() => dm(/^Access review of Acme Ads: 0 of \d+ reviewed/)[0], 20_000);
    const card = await h.slack.waitFor(() => dm(/^Access review of Acme Ads: \d+ people left to review$/)[0], 15_000);
    const left = Number(/(\d+) people left/.exec(String(card.text))![1]);
    // Keep all certifies everyone at once: Slack asks first, with the count.
    expect(JSON.stringify(card.blocks)).toContain(`This records Keep for all ${left} people still waiting on your card`);
    expect(await clickCard(h, ADMIN, card, 'review_keep_all', cardButton(card, 'review_keep_all')!)).toMatch(/^Kept \d+ people\.$/);

    const summary = await h.slack.waitFor(() => dm(/^The access review of Acme Ads is closed: /)[0], 20_000);
    expect(String(summary.text)).toMatch(/^The access review of Acme Ads is closed: (\d+) of \1 people reviewed \(\1 kept\)\.$/);
    const evidence = await h.slack.waitFor(() => h.slack.uploads.find((u) => u.completed && u.channel === tracker.channel), 15_000);
    expect(evidence.filename).toMatch(/^access-review-acme-ads-\d{4}-\d{2}-\d{2}\.csv$/);
    // One tracker in the DM, edited in place to the end; nothing more reached the archived channel.
    await h.slack.waitFor(() => /closed/.test(String(h.slack.message(tracker.channel, tracker.ts)?.text)) || undefined, 15_000);
    expect(dm(/^Access review of Acme Ads: \d+ of \d+ reviewed/)).toHaveLength(1);
    expect(h.slack.messagesIn(HUB_CHANNEL)).toHaveLength(inChannel);
  });
});

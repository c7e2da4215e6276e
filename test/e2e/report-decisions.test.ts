import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryUsers, hubs } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, type Harness } from '../support/harness.js';
import { connectAndSync, exemptValues, memberByEmail, seedDirectory, syncAgain } from '../support/members.js';
import {
  auditActions, cardButton, cardIn, cardShowing, clickCard, deactivateInDirectory, deletesTo, itemButton, itemOf, modalAfter, okModalCount, setThreshold, withDb,
} from '../support/reports.js';

const business = generateBusiness({
  id: '1111111111', members: 20, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 2, pages: 1, adminShare: 0, personalEmailShare: 0,
  assignmentsPerAsset: [4, 8], seed: 33,
});
const [, ana, bo, cy, dee, eve, fay, gus] = business.users;

let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  h = await startHarness({ meta: { business }, start: { notify: { paceMs: 200 } } });
  directory = await seedDirectory(h, business.users.map((user) => ({ userName: user.email, displayName: user.name })));
  await connectAndSync(h);
  await setThreshold(h, 100); // the safeguard has its own tests
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const deactivate = async (...users: Array<{ email: string } | undefined>) => {
  await deactivateInDirectory(h, users.map((user) => directory.get(user!.email)!));
  await syncAgain(h);
};
const openCard = (...emails: string[]) => cardShowing(h, HUB_CHANNEL, (text) => emails.every((email) => text.includes(email)) && /Deprovision report\* for/.test(text));

describe('deciding on a report', () => {
  it('rejects with a reason: the member keeps access as an exemption until the date given', async () => {
    await deactivate(ana);
    const card = await openCard(ana!.email);
    const modals = okModalCount(h);
    await clickCard(h, ADMIN, card, 'report_reject', itemButton(card, ana!.email, 'report_reject')!, { wait: false });
    const modal = await modalAfter(h, modals);
    expect(modal.view.title.text).toBe('Keep access');
    const short = await h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_reject', viewId: modal.id, values: exemptValues('agency') });
    expect((short.json as { errors: Record<string, string> }).errors.exempt_reason).toMatch(/at least 10 characters/);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const done = await h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_reject', viewId: modal.id, values: exemptValues('Runs the <!channel> spring campaign until June', until) });
    expect(done.body).toBe('');
    const kept = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(`Kept by you`) || text.includes(`Kept by <@${ADMIN}>`));
    expect(blockText(kept.blocks)).toContain('“Runs the &lt;!channel&gt; spring campaign until June” (exempted until');
    expect(itemButton(kept, ana!.email, 'report_approve')).toBeUndefined();
    expect(await memberByEmail(h, ana!.email)).toMatchObject({ state: 'exempted', exemptionReason: 'Runs the <!channel> spring campaign until June', exemptedBy: ADMIN });
    expect((await memberByEmail(h, ana!.email))!.exemptionExpiresAt?.toISOString().slice(0, 10)).toBe(until);
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => m.text === 'The deprovision report for Acme Ads is closed: 1 kept with an exemption.'), 10_000);
    expect((await auditActions(h, ['report.item_rejected', 'member.exempted'])).map((e) => e.action).sort()).toEqual(['member.exempted', 'report.item_rejected']);
    expect(deletesTo(h)).toHaveLength(0);
  });

  it('closes an item by itself when the directory reactivates the person, and says so', async () => {
    await deactivate(bo, cy);
    await openCard(bo!.email, cy!.email);
    await withDb(h, (db) => db.update(directoryUsers).set({ active: true, deactivatedAt: null, deactivatedVia: null }).where(eq(directoryUsers.id, directory.get(bo!.email)!)));
    await syncAgain(h);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes('Closed by itself') && text.includes(cy!.email));
    expect(blockText(card.blocks)).toMatch(/Closed by itself <!date[^>]+>: the directory reactivated them\./);
    expect(await itemOf(h, bo!.email)).toMatchObject({ decision: 'resolved', resolvedReason: 'reactivated' });
    expect(itemButton(card, cy!.email, 'report_approve')).toBeDefined();
    expect((await auditActions(h, ['report.item_closed']))[0]).toMatchObject({ reason: 'reactivated', outcome: 'resolved' });
  });

  it('shows a failed removal with Retry, and removes the person when Meta accepts the retry', async () => {
    h.meta.faults.failPath(new RegExp(`^/${cy!.id}$`), { code: 200, message: '(#200) Requires business_management permission', times: 1, method: 'DELETE' });
    const card = cardIn(h, HUB_CHANNEL)!;
    await clickCard(h, ADMIN, card, 'report_approve', itemButton(card, cy!.email, 'report_approve')!);
    const failed = await cardShowing(h, HUB_CHANNEL, (text) => text.includes('the removal failed'));
    expect(blockText(failed.blocks)).toContain("the removal failed: Hubkeeper's Meta connection doesn't have permission for this.");
    expect(await memberByEmail(h, cy!.email)).toMatchObject({ state: 'onboarded', removalTaskId: null });
    const retried = await clickCard(h, ADMIN, failed, 'report_retry', itemButton(failed, cy!.email, 'report_retry')!);
    expect(retried).toMatch(/^Trying the removal again/);
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => m.text === 'The deprovision report for Acme Ads is closed: 1 removed, 1 closed by itself.'), 15_000);
    expect(deletesTo(h, cy!.id)).toHaveLength(2);
    expect(await itemOf(h, cy!.email)).toMatchObject({ decision: 'approved', outcome: 'removed', outcomeError: null });
    expect((await auditActions(h, ['report.removal_retried', 'member.removal_failed'])).map((e) => e.action).sort()).toEqual(['member.removal_failed', 'report.removal_retried']);
  });

  it('approves all after a modal that states the count, and removes each person once, however often it is submitted', async () => {
    await deactivate(dee, eve, fay);
    const card = await openCard(dee!.email, eve!.email, fay!.email);
    const modals = okModalCount(h);
    await clickCard(h, ADMIN, card, 'report_approve_all', cardButton(card, 'report_approve_all')!, { wait: false });
    const modal = await modalAfter(h, modals);
    expect(modal.view.title.text).toBe('Approve all');
    expect(modal.view.submit?.text).toBe('Approve 3');
    expect(blockText(modal.view.blocks)).toContain('Approve all *3 waiting removals* in *Acme Ads*?');
    // A double click, then Slack's retry of the same submission.
    const submit = (retryNum?: number) => h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_confirm', viewId: modal.id, values: {}, ...(retryNum ? { retryNum } : {}) });
    expect((await Promise.all([submit(), submit()])).map((answer) => answer.body)).toEqual(['', '']);
    expect((await submit(1)).body).toBe('');
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => m.text === 'The deprovision report for Acme Ads is closed: 3 removed.'), 15_000);
    for (const user of [dee, eve, fay]) expect(deletesTo(h, user!.id)).toHaveLength(1);
    const decided = await auditActions(h, ['report.approved_all']);
    expect(decided).toEqual([expect.objectContaining({ actor: ADMIN, detail: expect.objectContaining({ approved: 3 }) })]);
    // Each removal is on the record once, in the name of the person who approved it, with the item it settles.
    const ids = await Promise.all([dee, eve, fay].map(async (user) => (await memberByEmail(h, user!.email))!.id));
    const requested = (await auditActions(h, ['member.removal_requested'])).filter((event) => ids.includes(event.memberId!));
    expect(requested.map((event) => event.memberId).sort()).toEqual([...ids].sort());
    for (const event of requested) expect(event).toMatchObject({ actor: ADMIN, outcome: 'queued', detail: expect.objectContaining({ itemId: expect.any(String) }) });
  });

  it('with single sign-on, says the work account should be gone already and offers removal as the fallback', async () => {
    await withDb(h, (db) => db.update(hubs).set({ loginMethod: 'sso' }));
    await deactivate(gus);
    const card = await openCard(gus!.email);
    const shown = blockText(card.blocks);
    expect(shown).toContain('Login is *single sign-on*: the IdP should already have removed these work accounts, yet they are still present in Meta. Approving removes them here as the fallback.');
    expect(shown).toContain(':key: Work account still present in Meta.');
    expect(itemButton(card, gus!.email, 'report_approve')).toBeDefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync, responseBody, seedDirectory, syncAgain } from '../support/members.js';
import { stateValues } from '../support/slack-requests.js';
import { auditActions, cardButton, cardShowing, clickCard, deactivateInDirectory, deletesTo, itemButton, itemIdsOf, modalAfter, okModalCount, openReport } from '../support/reports.js';

// Forty people; twelve of them leave at once (30 %, above the 20 % safeguard), then one more.
const business = generateBusiness({
  id: '1111111111', members: 40, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 2, pages: 1, adminShare: 0, personalEmailShare: 0,
  assignmentsPerAsset: [4, 8], seed: 45,
});
const leavers = business.users.slice(1, 13);
const late = business.users[13]!;

let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  h = await startHarness({ meta: { business }, start: { notify: { paceMs: 200 } } });
  directory = await seedDirectory(h, business.users.map((user) => ({ userName: user.email, displayName: user.name })));
  await connectAndSync(h);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const confirmValues = (count: number, ticked: boolean) => ({
  report_confirm_check: { report_confirm_check_input: stateValues.checkboxes(ticked ? [{ text: 'ok', value: String(count) }] : []) },
});

describe('the removal safeguard', () => {
  it('holds a report that would remove more than 20 % of the hub: no Approve until an owner confirms', async () => {
    await deactivateInDirectory(h, leavers.map((user) => directory.get(user.email)!));
    await syncAgain(h);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes('Held by the removal safeguard'));
    const shown = blockText(card.blocks);
    expect(shown).toContain('This report would remove *12 members* of 40 (30 %), more than the 20 % *Acme Ads* allows at once.');
    expect(cardButton(card, 'report_approve')).toBeUndefined();
    expect(cardButton(card, 'report_confirm')).toBeDefined();
    expect(String(card.text)).toMatch(/^Deprovision report for Acme Ads \(held by the safeguard\)/);
    // A click made from an old card (or forged) is refused the same way.
    const [itemId] = await itemIdsOf(h, (await openReport(h))!.id);
    const answer = await clickCard(h, ADMIN, card, 'report_approve', itemId!);
    expect(answer).toMatch(/^Nothing was approved: the removal safeguard holds this report\. It would remove 12 members of 40 \(30 %\)/);
    expect(deletesTo(h)).toHaveLength(0);
  });

  it('pages a long report within Block Kit limits, and re-shows it privately with /hub report', async () => {
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes('page 1 of 2'));
    expect(card.blocks!.length).toBeLessThanOrEqual(50);
    const firstPage = leavers.filter((user) => blockText(card.blocks).includes(user.email));
    expect(firstPage).toHaveLength(10);
    // Someone who may not see the hub's reports is refused privately, and the card does not turn.
    const refused = await clickCard(h, STRANGER, card, 'report_page_next', cardButton(card, 'report_page_next')!);
    expect(refused).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(blockText(h.slack.message(card.channel, card.ts)!.blocks)).toContain('page 1 of 2');
    await clickCard(h, ADMIN, card, 'report_page_next', cardButton(card, 'report_page_next')!, { wait: false });
    const second = await cardShowing(h, HUB_CHANNEL, (text) => text.includes('page 2 of 2'));
    expect(leavers.filter((user) => blockText(second.blocks).includes(user.email))).toHaveLength(2);
    const before = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'report Acme Ads', channelId: HUB_CHANNEL });
    const shown = await responseBody(h, before);
    expect(blockText(shown.blocks)).toContain('Held by the removal safeguard');
    expect(shown.blocks!.length).toBeLessThanOrEqual(50);
  });

  it('refuses a stranger who pages a member list or opens the report privately, and shows nothing', async () => {
    const card = await cardShowing(h, HUB_CHANNEL, () => true);
    const hubId = String((await openReport(h))!.hubId);
    for (const [actionId, value] of [['members_page_next', `${hubId}|all|1`], ['report_review', hubId], ['report_page_next', `${(await openReport(h))!.id}|1|`]] as const) {
      const answer = await clickCard(h, STRANGER, card, actionId, value);
      expect(answer, actionId).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    }
  });

  it('states the count in the confirmation modal and needs the box ticked', async () => {
    const card = await cardShowing(h, HUB_CHANNEL, () => true);
    const modals = okModalCount(h);
    await clickCard(h, ADMIN, card, 'report_confirm', cardButton(card, 'report_confirm')!, { wait: false });
    const modal = await modalAfter(h, modals);
    expect(modal.view.title.text).toBe('Confirm report');
    expect(blockText(modal.view.blocks)).toContain('This report would remove *12 members* of 40 members (30 %).');
    const unticked = await h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_confirm', viewId: modal.id, values: confirmValues(12, false) });
    expect((unticked.json as { errors: Record<string, string> }).errors.report_confirm_check).toMatch(/Tick the box/);
    const ticked = await h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_confirm', viewId: modal.id, values: confirmValues(12, true) });
    expect(ticked.body).toBe('');
    const confirmed = await cardShowing(h, HUB_CHANNEL, (text) => text.includes(`Safeguard confirmed by <@${ADMIN}>`));
    expect(cardButton(confirmed, 'report_approve')).toBeDefined();
    expect((await auditActions(h, ['report.safeguard_confirmed']))[0]).toMatchObject({ actor: ADMIN, detail: expect.objectContaining({ removals: 12, members: 40 }) });
  });

  it('holds again when a later check adds more, and approve all with the confirmation removes exactly those', async () => {
    await deactivateInDirectory(h, [directory.get(late.email)!]);
    await syncAgain(h);
    const card = await cardShowing(h, HUB_CHANNEL, (text) => text.includes('would remove *13 members*'));
    const modals = okModalCount(h);
    await clickCard(h, ADMIN, card, 'report_approve_all', cardButton(card, 'report_approve_all')!, { wait: false });
    const modal = await modalAfter(h, modals);
    expect(modal.view.submit?.text).toBe('Approve 13');
    expect((await h.client.viewSubmission({ userId: ADMIN, callbackId: 'report_confirm', viewId: modal.id, values: confirmValues(13, true) })).body).toBe('');
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => m.text === 'The deprovision report for Acme Ads is closed: 13 removed.'), 20_000);
    expect(deletesTo(h)).toHaveLength(13);
    for (const user of [...leavers, late]) expect(deletesTo(h, user.id)).toHaveLength(1);
    const closed = await cardShowing(h, HUB_CHANNEL, (text) => /closed/.test(text.split('\n')[0]!));
    expect(itemButton(closed, late.email, 'report_approve')).toBeUndefined();
  });
});

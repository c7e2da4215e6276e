import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { audits, commandAnswer, commandModal, hubRow, noticeText, option, submit } from '../support/access.js';
import { blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';
import { cardIn, cardShowing, clickCard, hubIdOf, itemButton, itemOf, makeOwner, scimCreateUsers, scimSetActive } from '../support/reports.js';
import { stateValues, type StateValues } from '../support/slack-requests.js';

const business = generateBusiness({
  id: '1111111111', members: 12, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, pages: 1, adminShare: 0, personalEmailShare: 0,
  assignmentsPerAsset: [2, 4], seed: 41,
});
const [, ana] = business.users;
/** A workspace admin who owns nothing (the one who connected the hub owns it). */
const OTHER_ADMIN = 'UADMIN02';

let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  h = await startHarness({ meta: { business }, start: { notify: { paceMs: 200 } } });
  h.slack.addUser({ id: OTHER_ADMIN, name: 'abe', realName: 'Abe Admin', email: 'abe@acme.example', isAdmin: true });
  directory = await scimCreateUsers(h, business.users);
  await connectAndSync(h);
  await makeOwner(h, await hubIdOf(h), OWNER);
}, 30_000);
afterAll(async () => {
  await h.close();
});

type Values = {
  threshold: string; remind: string; escalate: string; time: string; tz: string; cards: string; admins: boolean;
  every?: string; reviewScope?: string; reviewers?: string; days?: string;
};
const settingsValues = (v: Values): StateValues => ({
  settings_threshold: { settings_threshold_input: stateValues.plainTextInput(v.threshold) },
  settings_remind: { settings_remind_input: stateValues.plainTextInput(v.remind) },
  settings_escalate: { settings_escalate_input: stateValues.plainTextInput(v.escalate) },
  settings_daily_time: { settings_daily_time_input: stateValues.plainTextInput(v.time) },
  settings_daily_tz: { settings_daily_tz_input: stateValues.plainTextInput(v.tz) },
  settings_cards: { settings_cards_choice: stateValues.radioButtons(option(v.cards)) },
  settings_admins: { settings_admins_choice: stateValues.checkboxes(v.admins ? [option('yes')] : []) },
  settings_review_every: { settings_review_every_choice: stateValues.radioButtons(option(v.every ?? 'off')) },
  settings_review_scope: { settings_review_scope_choice: stateValues.radioButtons(option(v.reviewScope ?? 'all')) },
  settings_review_reviewers: { settings_review_reviewers_choice: stateValues.radioButtons(option(v.reviewers ?? 'owners')) },
  settings_review_days: { settings_review_days_input: stateValues.plainTextInput(v.days ?? '14') },
});
const defaults: Values = { threshold: '20', remind: '24', escalate: '72', time: '06:00', tz: 'UTC', cards: 'channel', admins: false };

describe('/hub settings', () => {
  it('is for owners and admins; the modal shows what applies now', async () => {
    expect((await commandAnswer(h, STRANGER, 'settings')).text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that/);
    const modal = await commandModal(h, OWNER, 'settings');
    expect(modal.view.title.text).toBe('Hub settings');
    const inputs = (modal.view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>)
      .filter((block) => block.element?.initial_value !== undefined)
      .map((block) => [block.block_id, block.element!.initial_value]);
    expect(Object.fromEntries(inputs)).toEqual({
      settings_threshold: '20', settings_remind: '24', settings_escalate: '72', settings_daily_time: '06:00', settings_daily_tz: 'UTC', settings_review_days: '14',
    });
  });

  it('shows every bad value beside its field and changes nothing', async () => {
    const answer = await submit(h, OWNER, 'hub_settings', settingsValues({ ...defaults, threshold: '0', remind: '24', escalate: '12', time: '25:00', tz: 'Mars/Olympus_Mons' }), (await commandModal(h, OWNER, 'settings')).id);
    expect(answer).toEqual({
      response_action: 'errors',
      errors: {
        settings_threshold: 'Enter a whole percentage from 1 to 100.',
        settings_escalate: 'Escalate later than the reminder (more than 24 hours).',
        settings_daily_time: 'Enter a time as HH:MM, such as 06:30.',
        settings_daily_tz: 'Enter a time zone such as Europe/Paris, America/New_York or UTC.',
      },
    });
    expect(await hubRow(h)).toMatchObject({ safeguardThresholdPct: 20, dailySyncTz: 'UTC', remindAfterHours: null });
  });

  it('saves what changed, audits it, says it, and moves the daily check into the time zone', async () => {
    const modal = await commandModal(h, OWNER, 'settings');
    const answer = await submit(h, OWNER, 'hub_settings', settingsValues({ ...defaults, threshold: '10', time: '07:30', tz: 'Europe/Paris', cards: 'owners', admins: true }), modal.id);
    expect(answer.view?.title).toMatchObject({ text: 'Settings saved' });
    expect(noticeText(answer)).toBe('Saved the settings of *Acme Ads*: removal safeguard 20 → 10, daily check time 06:00 → 07:30, time zone UTC → Europe/Paris, where cards go channel → owners, admins may decide off → on.');
    // Untouched defaults stay defaults (they follow the environment).
    expect(await hubRow(h)).toMatchObject({ safeguardThresholdPct: 10, remindAfterHours: null, escalateAfterHours: null, dailySyncAt: '07:30', dailySyncTz: 'Europe/Paris', cardsTo: 'owners', adminsMayDecide: true });
    expect((await audits(h, 'hub.settings_changed'))[0]).toMatchObject({ actor: OWNER, detail: { changes: { safeguardThresholdPct: { from: 20, to: 10 } } } });
    const schedulers = await h.app.ctx.queues.get('sync').getJobSchedulers();
    const hubId = (await hubRow(h)).id;
    expect(schedulers.find((s) => s.key === `daily-${hubId}`)).toMatchObject({ pattern: '30 7 * * *', tz: 'Europe/Paris' });

    const again = await submit(h, OWNER, 'hub_settings', settingsValues({ ...defaults, threshold: '10', time: '07:30', tz: 'Europe/Paris', cards: 'owners', admins: true }), modal.id);
    expect(noticeText(again)).toBe('The settings of *Acme Ads* are already these. Nothing changed.');
  });

  it("sends report cards to the owners' direct messages, and lets an admin decide, saying so on the card", async () => {
    await scimSetActive(h, directory.get(ana!.email)!, false);
    const card = await cardShowing(h, OWNER, (text) => text.includes(ana!.email), 20_000);
    expect(cardIn(h, HUB_CHANNEL)).toBeUndefined();
    const answer = await clickCard(h, OTHER_ADMIN, card, 'report_approve', itemButton(card, ana!.email, 'report_approve')!);
    expect(answer).toMatch(/^Approved\./);
    expect(await itemOf(h, ana!.email)).toMatchObject({ decision: 'approved', decidedBy: OTHER_ADMIN, decidedAs: 'admin' });
    const redrawn = await h.slack.waitFor(() => {
      const latest = cardIn(h, OWNER);
      return latest && /as a Hubkeeper admin/.test(blockText(latest.blocks)) ? latest : undefined;
    }, 15_000);
    expect(blockText(redrawn.blocks)).toContain(`<@${OTHER_ADMIN}> (as a Hubkeeper admin)`);
  });

  it('keeps a quarterly access review on a schedule; when it comes, a review starts, cards go out and the channel is told', async () => {
    const current = { ...defaults, threshold: '10', time: '07:30', tz: 'Europe/Paris', cards: 'owners', admins: true };
    const modal = await commandModal(h, OWNER, 'settings');
    const answer = await submit(h, OWNER, 'hub_settings', settingsValues({ ...current, every: 'quarter', days: '10' }), modal.id);
    expect(noticeText(answer)).toBe('Saved the settings of *Acme Ads*: access reviews every off → quarter, scheduled review days 14 → 10.');
    const hubId = (await hubRow(h)).id;
    const maintenance = h.app.ctx.queues.get('maintenance');
    const scheduler = (await maintenance.getJobSchedulers()).find((s) => s.key === `review-${hubId}`);
    expect(scheduler).toMatchObject({ pattern: '30 7 1 1,4,7,10 *', tz: 'Europe/Paris', name: 'scheduledReview' });

    // The quarter comes: the job the scheduler keeps runs on the real worker.
    const due = async () => maintenance.add(scheduler!.name, scheduler!.template!.data);
    await due();
    const told = await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /^The quarterly access review of Acme Ads/.test(String(m.text))), 15_000);
    expect(String(told.text)).toBe('The quarterly access review of Acme Ads started: 11 people (all members) to review by 2 reviewers.');
    const card = await h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => /^Access review of Acme Ads: \d+ people left to review$/.test(String(m.text))), 15_000);
    expect(blockText(card.blocks)).toContain("the hub's review schedule");
    expect((await audits(h, 'review.started'))[0]).toMatchObject({ actor: 'review-schedule' });

    // Due again while that one is open: nothing starts, and the channel hears why.
    await due();
    const skipped = await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /did not start/.test(String(m.text))), 15_000);
    expect(String(skipped.text)).toBe('The quarterly access review of Acme Ads did not start: the previous review is still open. Close it by deciding its cards, or wait for its deadline.');
    expect(await audits(h, 'review.started')).toHaveLength(1);

    await submit(h, OWNER, 'hub_settings', settingsValues(current), (await commandModal(h, OWNER, 'settings')).id);
    expect((await maintenance.getJobSchedulers()).find((s) => s.key === `review-${hubId}`)).toBeUndefined();
  });
});

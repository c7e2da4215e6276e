import { describe, expect, it } from 'vitest';
import { assignReviewers, checkCampaignForm, reviewChoices, reviewCronPattern, reviewerRule, scheduledDeadlineDate, endOfDay, outcomeAtMeta, progressByReviewer, reminderDue, shouldClose, timeLeftWords } from '../../../src/domain/access-review.js';

const DAY = 86_400_000;
const now = new Date('2026-03-10T12:00:00Z');
const form = (o: Partial<Parameters<typeof checkCampaignForm>[0]>) =>
  checkCampaignForm({ scope: 'all', assetId: undefined, reviewers: 'owners', deadlineDate: '2026-03-20', removeUnkept: false, ...o }, now, 'UTC');

describe('the campaign form', () => {
  it('refuses today, the past, and more than 90 days away', () => {
    expect(form({ deadlineDate: '2026-03-10' })).toMatchObject({ ok: false, errors: { deadlineDate: expect.stringMatching(/^Choose a day after today/) } });
    expect(form({ deadlineDate: '2026-03-01' }).ok).toBe(false);
    expect(form({ deadlineDate: '2026-07-01' })).toMatchObject({ ok: false, errors: { deadlineDate: 'Choose a day at most 90 days away.' } });
    expect(form({}).ok).toBe(true);
  });

  it('needs an asset for the holders of one asset', () => {
    expect(form({ scope: 'asset' })).toMatchObject({ ok: false, errors: { assetId: 'Choose the asset whose holders are reviewed.' } });
    expect(form({ scope: 'admins', assetId: 'x' })).toMatchObject({ ok: true, form: { assetId: null } });
  });

  it("reads the deadline's day in the hub's time zone", () => {
    expect(endOfDay('2026-03-20', 'UTC').toISOString()).toBe('2026-03-20T23:59:59.000Z');
    expect(endOfDay('2026-03-20', 'America/New_York').toISOString()).toBe('2026-03-21T03:59:59.000Z');
  });
});

describe('scheduled reviews', () => {
  it('start on the first day of each month or quarter at the daily check time, and last the chosen days', () => {
    expect(reviewCronPattern('month', '06:30')).toBe('30 6 1 * *');
    expect(reviewCronPattern('quarter', '18:05')).toBe('5 18 1 1,4,7,10 *');
    expect(scheduledDeadlineDate(new Date('2026-03-31T23:30:00Z'), 'Europe/Paris', 14)).toBe('2026-04-15');
  });
});

describe('reviewers and progress', () => {
  it('falls back to the owners when nobody manages the person', () => {
    expect(assignReviewers(reviewerRule('managers', ['U2', 'U1']), 'UM')).toEqual({ reviewerIds: ['UM'], source: 'manager' });
    expect(assignReviewers(reviewerRule('managers', ['U2', 'U1']), null)).toEqual({ reviewerIds: ['U1', 'U2'], source: 'manager_missing' });
    expect(assignReviewers(reviewerRule('owners', ['U1']), 'UM')).toEqual({ reviewerIds: ['U1'], source: 'owners' });
  });

  it('offers only Keep for system users and partners, and says why', () => {
    expect(reviewChoices('business_user')).toEqual({ remove: true, changeRole: true, why: null });
    expect(reviewChoices('system_user')).toMatchObject({ remove: false, changeRole: false, why: expect.stringMatching(/Meta Business Settings/) });
    expect(reviewChoices('partner')).toMatchObject({ remove: false, changeRole: false, why: expect.stringMatching(/partner business/) });
  });

  it('counts an item shared by owners for each of them', () => {
    expect(progressByReviewer([{ reviewerIds: ['U1', 'U2'], decision: 'keep' }, { reviewerIds: ['U1'], decision: 'pending' }])).toEqual([
      { reviewerId: 'U1', reviewed: 1, total: 2 }, { reviewerId: 'U2', reviewed: 1, total: 1 },
    ]);
  });

  it('reminds in the last three days, once a day, and closes when decided or late', () => {
    const deadline = new Date(now.getTime() + 2 * DAY);
    expect(reminderDue(now, new Date(now.getTime() + 4 * DAY), null)).toBe(false);
    expect(reminderDue(now, deadline, null)).toBe(true);
    expect(reminderDue(now, deadline, new Date(now.getTime() - 3_600_000))).toBe(false);
    expect(timeLeftWords(now, deadline)).toBe('2 days left');
    expect(timeLeftWords(now, new Date(now.getTime() + DAY + 1))).toBe('1 day left');
    expect(shouldClose(now, deadline, 0)).toBe(true);
    expect(shouldClose(now, deadline, 3)).toBe(false);
  });
});

describe('the evidence', () => {
  const base = { unreviewedAtDeadline: false, newRole: null, removal: null, roleTask: null };
  it('says what became of each decision at Meta', () => {
    expect(outcomeAtMeta({ ...base, decision: 'keep' })).toBe('no change');
    expect(outcomeAtMeta({ ...base, decision: 'remove', removal: { decision: 'approved', outcome: 'failed', error: 'Meta refused.' } })).toBe('removal failed: Meta refused.');
    expect(outcomeAtMeta({ ...base, decision: 'remove', removal: { decision: 'pending', outcome: null, error: null } })).toBe('waiting for an owner on the deprovision report');
    expect(outcomeAtMeta({ ...base, decision: 'change_role', newRole: 'ADMIN', roleTask: { status: 'completed', error: null, kept: null } })).toBe('role changed to ADMIN');
    expect(outcomeAtMeta({ ...base, decision: 'pending', unreviewedAtDeadline: true })).toBe('no change (escalated to the owners)');
  });
});

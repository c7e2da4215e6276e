import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, startHarness, type Harness } from '../support/harness.js';
import {
  auditOf, clickInList, connectAndSync, exemptValues, memberByEmail, membersList, mustRowButton, okModals, openedModal, responseBody,
} from '../support/members.js';

const business = generateBusiness({ id: '1111111111', members: 8, invitations: 0, systemUsers: 1, adAccounts: 2, pages: 1, adminShare: 0, seed: 5 });
const [a, b, c] = business.users.map((user) => user.email);
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let now = Date.now();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ meta: { business }, start: { clock: () => new Date(now) } });
  await connectAndSync(h);
});
afterAll(async () => {
  expect(h.logs.filter((line) => h.secrets.some((secret) => line.includes(secret)))).toEqual([]);
  await h.close();
});

/** Clicks Exempt for a member in the unmatched list; returns the modal's id. */
async function openExempt(email: string) {
  const list = await membersList(h, ADMIN, 'members unmatched');
  const modals = okModals(h);
  await clickInList(h, ADMIN, 'member_exempt', mustRowButton(list.blocks, email, 'member_exempt'), list.blocks);
  return (await openedModal(h, modals)).id;
}

const submit = (viewId: string, reason: string | null, until: string | null = null) =>
  h.client.viewSubmission({ userId: ADMIN, callbackId: 'exempt_member', viewId, values: exemptValues(reason, until) });

/** Submits, and waits until the list it came from has been redrawn (so later answers are not mixed up). */
async function submitAndRedraw(viewId: string, reason: string, until: string | null = null) {
  const before = h.slack.responses.length;
  const response = await submit(viewId, reason, until);
  expect(response.body).toBe('');
  return h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => r.body.replace_original === true), 10_000);
}

async function runExpiry() {
  await h.app.ctx.queues.enqueue('maintenance', 'expireExemptions', {}, { jobId: `expire-test-${now}` });
}

describe('exempting members', () => {
  it('checks the reason and the date inline and stores nothing on a mistake', async () => {
    const viewId = await openExempt(a!);
    const response = await submit(viewId, '  too short ', isoDay(now - DAY));
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: {
        exempt_reason: 'Give a reason of at least 10 characters, so the owners know why.',
        exempt_expires: 'Pick a date after today, or leave it empty.',
      },
    });
    const tooLong = await submit(viewId, 'x'.repeat(501), isoDay(now + 10 * 366 * DAY));
    expect((tooLong.json as { errors: Record<string, string> }).errors).toEqual({
      exempt_reason: 'Keep the reason under 500 characters.',
      exempt_expires: 'Pick a date within 5 years.',
    });
    expect(await memberByEmail(h, a!)).toMatchObject({ state: 'unmatched', revision: 0 });
  });

  it('exempts without an end date and lists the reason (escaped), who and when', async () => {
    const viewId = await openExempt(a!);
    const reason = 'Agency contact <!channel> & <https://evil.example|click here>';
    await submitAndRedraw(viewId, reason);
    expect(await memberByEmail(h, a!)).toMatchObject({ state: 'exempted', exemptionReason: reason, exemptedBy: ADMIN, exemptionExpiresAt: null, manual: true });
    expect((await auditOf(h, 'member.exempted', (await memberByEmail(h, a!))!.id))[0]).toMatchObject({ actor: ADMIN, reason });

    const shown = blockText((await membersList(h, ADMIN, 'members exempted')).blocks);
    expect(shown).toContain(':shield: Exempted by you <!date^');
    expect(shown).toContain('“Agency contact &lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;”');
    expect(shown).not.toContain('<!channel>');
  });

  it('ends an exemption with an end date when the day comes: back in review, and the owners are told', async () => {
    const viewId = await openExempt(b!);
    await submitAndRedraw(viewId, 'Campaign with the spring agency', isoDay(now + 3 * DAY));
    expect(blockText((await membersList(h, ADMIN, 'members exempted')).blocks)).toMatch(/until <!date\^\d+\^\{date_long\}/);

    await runExpiry();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await memberByEmail(h, b!)).toMatchObject({ state: 'exempted' }); // not yet due

    now += 4 * DAY;
    await runExpiry();
    const notice = await h.slack.waitFor(() => h.slack.messagesIn(ADMIN).find((m) => /back in review/.test(String(m.text))), 10_000);
    expect(blockText(notice.blocks)).toContain('Campaign with the spring agency');
    expect(await memberByEmail(h, b!)).toMatchObject({ state: 'unmatched', manual: false, decidedBy: 'schedule' });
    expect(await memberByEmail(h, a!)).toMatchObject({ state: 'exempted' }); // no end date: stays
    expect(await auditOf(h, 'member.exemption_expired', (await memberByEmail(h, b!))!.id)).toHaveLength(1);
    expect(blockText((await membersList(h, ADMIN, 'members unmatched')).blocks)).toContain('Unmatched — exemption expired');
  });

  it('ends an exemption by hand', async () => {
    const list = await membersList(h, ADMIN, 'members exempted');
    const { before } = await clickInList(h, ADMIN, 'member_end_exemption', mustRowButton(list.blocks, a!, 'member_end_exemption'), list.blocks);
    expect((await responseBody(h, before)).replace_original).toBe(true);
    expect(await memberByEmail(h, a!)).toMatchObject({ state: 'unmatched', manual: false, exemptionReason: null });
  });

  it('applies one of two submissions made at once and tells the other what happened', async () => {
    const first = await openExempt(c!);
    const second = await openExempt(c!);
    const before = h.slack.responses.length;
    const [one, two] = await Promise.all([submit(first, 'First reason for keeping access'), submit(second, 'Second reason for keeping access')]);
    await h.slack.waitFor((fake) => fake.responses.slice(before).filter((r) => r.body.replace_original === true).length === 2, 10_000);
    const answers = [one, two].map((response) => response.json as { response_action?: string; view?: { blocks: unknown } } | undefined);
    const lost = answers.filter((answer) => answer?.response_action === 'update');
    expect(lost).toHaveLength(1);
    expect(blockText(lost[0]!.view!.blocks)).toMatch(/Nothing changed\. You already did something here: you exempted \*/);
    const member = await memberByEmail(h, c!);
    expect(member).toMatchObject({ state: 'exempted', revision: 1 });
    expect(await auditOf(h, 'member.exempted', member!.id)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, STRANGER, type Harness } from '../support/harness.js';
import {
  auditOf, clickInList, connectAndSync, memberByEmail, membersList, mustRowButton, okModals, openedModal, removeValues, responseBody,
} from '../support/members.js';
import { commandAnswer } from '../support/access.js';

// Only the first person is an admin of the business, so removing them is Meta's "last admin" refusal.
const business = generateBusiness({
  id: '1111111111', members: 10, invitations: 2, systemUsers: 1, adAccounts: 3, pages: 2, adminShare: 0, assignmentsPerAsset: [3, 6], seed: 9,
});
const [admin, first, second, third] = business.users;
const invitation = business.invitations[0]!;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  await connectAndSync(h);
});
afterAll(async () => {
  expect(h.logs.filter((line) => h.secrets.some((secret) => line.includes(secret)))).toEqual([]);
  await h.close();
});

const channelMessages = () => h.slack.messagesIn(HUB_CHANNEL);
const deletesOf = (metaId: string) => h.meta.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/${metaId}`));

async function openRemove(email: string, userId = ADMIN) {
  const list = await membersList(h, ADMIN, 'members all');
  const modals = okModals(h);
  await clickInList(h, userId, 'member_remove', mustRowButton(list.blocks, email, 'member_remove'), list.blocks);
  return openedModal(h, modals);
}

const confirm = (viewId: string, reason: string | null = null) =>
  h.client.viewSubmission({ userId: ADMIN, callbackId: 'remove_member', viewId, values: removeValues(reason) });

const outcome = (pattern: RegExp) => h.slack.waitFor(() => channelMessages().find((m) => pattern.test(String(m.text))), 15_000);

describe('removing members', () => {
  it('confirms what access goes, removes them in Meta, and posts the outcome in the channel', async () => {
    const modal = await openRemove(first!.email);
    const shown = blockText(modal.view.blocks);
    expect(modal.view.title.text).toBe('Remove member');
    expect(shown).toContain('*They lose:*');
    expect(shown).toContain('• Role in Acme Ads: EMPLOYEE');
    expect(shown).toMatch(/• (Ad accounts|Pages): /);

    const before = h.slack.responses.length;
    expect((await confirm(modal.id, 'Left the agency in March')).body).toBe('');
    const message = await outcome(/^Removed /);
    expect(blockText(message.blocks)).toContain(`Removed *${first!.name}* (${first!.email}) from *Acme Ads*. Access that went with it: EMPLOYEE · `);
    expect(blockText(message.blocks)).toContain('reason: “Left the agency in March”');
    expect(message.history[0]!.text).toMatch(/^Removing /);
    expect(business.users.some((user) => user.id === first!.id)).toBe(false);
    expect(deletesOf(first!.id)).toHaveLength(1);
    const member = await memberByEmail(h, first!.email);
    expect(member).toMatchObject({ state: 'removed' });
    expect((await auditOf(h, 'member.removed', member!.id))[0]).toMatchObject({ actor: ADMIN, reason: 'Left the agency in March', outcome: 'removed' });
    // The list the person clicked in is redrawn once the removal is done.
    await h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => r.body.replace_original === true && /Removed/.test(blockText(r.body.blocks))), 10_000);
  });

  it('removes once when the confirmation is sent twice at once, and tells the second what happened', async () => {
    const one = await openRemove(second!.email);
    const two = await openRemove(second!.email);
    const answers = await Promise.all([confirm(one.id), confirm(two.id)]);
    const lost = answers.map((a) => a.json as { view?: { blocks: unknown } } | undefined).filter((json) => json?.view);
    expect(lost).toHaveLength(1);
    expect(blockText(lost[0]!.view!.blocks)).toMatch(/Nothing changed\. You already did something here: you already asked to remove \*/);
    await outcome(new RegExp(`^Removed ${second!.name}`));
    expect(deletesOf(second!.id)).toHaveLength(1);
    expect(channelMessages().filter((m) => String(m.text).includes(second!.name))).toHaveLength(1);
  });

  it("puts Meta's last-admin refusal in plain words and puts the member back as they were", async () => {
    const modal = await openRemove(admin!.email);
    expect((await confirm(modal.id)).body).toBe('');
    const message = await outcome(/^Could not remove /);
    expect(blockText(message.blocks)).toContain('Meta refused: that would remove the last admin of this business. Make someone else an admin first.');
    expect(await memberByEmail(h, admin!.email)).toMatchObject({ state: 'unmatched', removalTaskId: null });
    expect(business.users.some((user) => user.id === admin!.id)).toBe(true);
    const list = await membersList(h, ADMIN, 'members all');
    expect(mustRowButton(list.blocks, admin!.email, 'member_remove')).toBeTruthy(); // can be tried again
  });

  it('counts someone already gone from Meta as removed, not as an error', async () => {
    const modal = await openRemove(third!.email);
    business.users.splice(business.users.indexOf(third!), 1); // someone removed them in Meta meanwhile
    expect((await confirm(modal.id)).body).toBe('');
    const message = await outcome(new RegExp(`already gone`));
    expect(blockText(message.blocks)).toContain(`*${third!.name}* (${third!.email}) was already gone from *Acme Ads* in Meta`);
    expect(await memberByEmail(h, third!.email)).toMatchObject({ state: 'removed' });
  });

  it('cancels a pending invitation', async () => {
    const modal = await openRemove(invitation.email);
    expect(modal.view.title.text).toBe('Cancel invitation');
    expect((await confirm(modal.id)).body).toBe('');
    await outcome(/^Cancelled the invitation of /);
    expect(business.invitations.some((i) => i.id === invitation.id)).toBe(false);
  });

  it('the automation log says what each removal did, from its stored result, not just "done"', async () => {
    const log = blockText((await commandAnswer(h, ADMIN, 'tasks')).blocks);
    expect(log).not.toMatch(/\ndone\n/);
    expect(log).toContain(`Removed *${first!.name}* (${first!.email}) from Acme Ads; access that went with it: EMPLOYEE · `);
    expect(log).toContain(`*${third!.name}* (${third!.email}) was already gone from Acme Ads in Meta; nothing was taken away.`);
    expect(log).toContain(`Cancelled the invitation of *${invitation.email}* to Acme Ads.`);
    expect(log).toContain(`Could not remove *${admin!.name}* (${admin!.email}) from Acme Ads: Meta refused: that would remove the last admin`);
  });

  it('refuses a stranger, both the button and a forged submission', async () => {
    const list = await membersList(h, ADMIN, 'members all');
    const value = mustRowButton(list.blocks, admin!.email, 'member_remove');
    const { before } = await clickInList(h, STRANGER, 'member_remove', value);
    expect(String((await responseBody(h, before)).text)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\. Ask one of them/);

    const member = (await memberByEmail(h, admin!.email))!;
    const forged = await h.client.viewSubmission({
      userId: STRANGER, callbackId: 'remove_member', values: removeValues(),
      privateMetadata: JSON.stringify({ m: member.id, r: member.revision, h: member.hubId }),
    });
    expect(blockText((forged.json as { view: { blocks: unknown } }).view.blocks)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins/);
    expect(await memberByEmail(h, admin!.email)).toMatchObject({ state: 'unmatched', revision: member.revision });
  });
});

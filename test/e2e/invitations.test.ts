import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubs } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, startHarness, STRANGER, type Harness } from '../support/harness.js';
import {
  clickInList, connectAndSync, database, memberByEmail, membersList, mustRowButton, okModals, openedModal, removeValues, seedDirectory,
} from '../support/members.js';
import { audits, channelMessage, commandAnswer, commandModal, hubRow, inviteValues, noticeText, roleValues, submit, tasksOf } from '../support/access.js';

const business = generateBusiness({ id: '1111111111', members: 6, invitations: 1, systemUsers: 1, adminShare: 0, personalEmailShare: 0, seed: 21 });
const member = business.users[1]!;
const invited = business.invitations[0]!;
const HOUR = 3_600_000;
let offset = 0;
const now = () => Date.now() + offset;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business, inviteCap: 3, now }, start: { clock: () => new Date(now()) } });
  await seedDirectory(h, [{ userName: 'rosa.quispe@acme.example', displayName: 'Rosa Quispe', emails: ['rosa.quispe@acme.example', 'rosa@gmail.com'] }]);
  await connectAndSync(h);
});
afterAll(async () => {
  await h.close();
});

const invitesOf = (email: string) => h.meta.requests.filter((r) => r.method === 'POST' && r.route.endsWith('/business_users') && r.body.email === email);
const invitation = (email: string) => business.invitations.find((i) => i.email === email);

describe('/hub invite', () => {
  it('is for owners and admins only, from the command and from a forged submission', async () => {
    expect((await commandAnswer(h, STRANGER, 'invite')).text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    const hub = await hubRow(h);
    const forged = await submit(h, STRANGER, 'invite_members', inviteValues({ emails: 'forged@acme.example' }), undefined, JSON.stringify({ h: hub.id }));
    expect(noticeText(forged)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    expect(await tasksOf(h, 'invite_member')).toHaveLength(0);
  });

  it('offers Meta’s roles, Admin and Employee first, and checks the form inline', async () => {
    const modal = await commandModal(h, ADMIN, 'invite');
    const role = modal.view.blocks.find((block) => block.block_id === 'invite_role') as unknown as { element: { options: Array<{ value: string }>; initial_option: { value: string } } };
    expect(role.element.options.slice(0, 2).map((o) => o.value)).toEqual(['ADMIN', 'EMPLOYEE']);
    expect(role.element.options).toHaveLength(15);
    expect(role.element.initial_option.value).toBe('EMPLOYEE');
    expect(modal.view.blocks.some((block) => block.block_id === 'invite_work_account')).toBe(false); // password hub

    expect((await submit(h, ADMIN, 'invite_members', inviteValues({ emails: '' }), modal.id)).errors).toEqual({
      invite_emails: 'Enter at least one work email, or pick people from the directory below.',
    });
    expect((await submit(h, ADMIN, 'invite_members', inviteValues({ emails: 'ana@acme.example, not-an-email' }), modal.id)).errors).toEqual({
      invite_emails: '“not-an-email” is not an email address. Use one email per line, or separate them with commas.',
    });
  });

  it('invites new people, reports those already there instead of inviting them again', async () => {
    const modal = await commandModal(h, ADMIN, 'invite');
    const emails = `New.One@acme.example\n${member.email}, ${invited.email}`;
    const answer = await submit(h, ADMIN, 'invite_members', inviteValues({ emails }), modal.id);
    expect(answer.view?.title?.text).toBe('Invitations queued');
    expect(noticeText(answer)).toContain('Sending an invitation to *Acme Ads* as Employee: new.one@acme.example.');
    expect(noticeText(answer)).toContain(`Not invited again: ${member.email} (already a member), ${invited.email} (already invited).`);

    const message = await channelMessage(h, /^Invited 1 person to Acme Ads as Employee\./);
    expect(blockText(message.blocks)).toContain('Invited 1 person to *Acme Ads* as Employee: new.one@acme.example.');
    expect(blockText(message.blocks)).toContain('• Not invited again: ');
    expect(blockText(message.blocks)).toContain(`${member.email} (already a member)`);
    expect(blockText(message.blocks)).toContain(`${invited.email} (already invited)`);
    expect(invitation('new.one@acme.example')).toMatchObject({ role: 'EMPLOYEE', status: 'PENDING' });
    expect(invitesOf(member.email)).toHaveLength(0);
    const row = await memberByEmail(h, 'new.one@acme.example');
    expect(row).toMatchObject({ kind: 'invitation', metaRole: 'EMPLOYEE', metaId: invitation('new.one@acme.example')!.id });
    expect((await audits(h, 'member.invited'))[0]).toMatchObject({ actor: ADMIN, memberId: row!.id, outcome: 'invited' });
    expect((await audits(h, 'member.invite_requested'))[0]).toMatchObject({ actor: ADMIN, outcome: 'queued' });

    const log = blockText((await commandAnswer(h, ADMIN, 'tasks')).blocks);
    expect(log).toContain('*Invite* — completed\nInvited 1 of 3 to Acme Ads as Employee; 1 was already a member, 1 was already invited.');

    const list = await membersList(h, ADMIN, 'members invitations');
    expect(blockText(list.blocks)).toContain('pending invitations');
    expect(mustRowButton(list.blocks, 'new.one@acme.example', 'member_change_role')).toBeTruthy();
    const cancel = (list.blocks ?? []).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'member_remove');
    expect((cancel?.text as { text: string }).text).toBe('Cancel invitation');
  });

  it('says so inline, and queues nothing, when everyone is already there', async () => {
    const before = (await tasksOf(h, 'invite_member')).length;
    const modal = await commandModal(h, ADMIN, 'invite');
    const answer = await submit(h, ADMIN, 'invite_members', inviteValues({ emails: `${member.email}\nnew.one@acme.example` }), modal.id);
    expect(answer.errors).toEqual({ invite_emails: `Nothing to invite: ${member.email} (already a member), new.one@acme.example (already invited).` });
    expect(await tasksOf(h, 'invite_member')).toHaveLength(before);
  });

  it('invites once when the same email is submitted twice at once', async () => {
    const [one, two] = [await commandModal(h, ADMIN, 'invite'), await commandModal(h, ADMIN, 'invite')];
    const answers = await Promise.all([one, two].map((m) => submit(h, ADMIN, 'invite_members', inviteValues({ emails: 'twice@acme.example' }), m.id)));
    expect(answers.filter((a) => a.view?.title?.text === 'Invitations queued')).toHaveLength(1);
    expect(answers.find((a) => a.errors)?.errors?.invite_emails).toMatch(/^Nothing to invite: twice@acme\.example \((an invitation is already on its way|already invited)\)\.$/);
    await channelMessage(h, /^Invited 1 person.*/);
    await h.slack.waitFor(() => invitation('twice@acme.example'), 10_000);
    expect(invitesOf('twice@acme.example')).toHaveLength(1);
  });

  it("hits Meta's daily cap: the rest wait, in plain words with when it lifts, then go out", async () => {
    const modal = await commandModal(h, ADMIN, 'invite');
    await submit(h, ADMIN, 'invite_members', inviteValues({ emails: 'cap1@acme.example cap2@acme.example cap3@acme.example', role: 'ADMIN' }), modal.id);
    const waiting = await channelMessage(h, /daily invitation limit/);
    const shown = blockText(waiting.blocks);
    expect(shown).toContain("Meta's daily limit on invitations for *Acme Ads* is reached. 1 invitation sent; the other 2 wait until <!date^");
    expect(shown).toContain('go out then — nothing to do.');
    expect(shown).toContain('• Waiting: cap2@acme.example, cap3@acme.example');
    expect(shown).toContain('the limit lifts 24 hours after it was reached');
    const [task] = (await tasksOf(h, 'invite_member')).filter((t) => (t.input as { role?: string }).role === 'ADMIN');
    expect(task).toMatchObject({ status: 'running', error: null });
    expect((await hubRow(h)).invitesPausedUntil!.getTime()).toBeGreaterThan(now() + 23 * HOUR);
    const job = (await h.app.ctx.queues.get('members').getJob(task!.id))!;
    expect(await job.getState()).toBe('delayed');
    expect(blockText((await commandModal(h, ADMIN, 'invite')).view.blocks)).toContain("Meta's daily limit on invitations for this business is reached until");

    offset += 25 * HOUR; // a day later, the cap has lifted
    await job.promote();
    const done = await channelMessage(h, /^Invited 3 people to Acme Ads as Admin\./, 20_000);
    expect(blockText(done.blocks)).toContain('cap1@acme.example, cap2@acme.example, cap3@acme.example');
    expect(invitation('cap3@acme.example')).toMatchObject({ role: 'ADMIN' });
    expect(invitesOf('cap2@acme.example').length).toBeGreaterThanOrEqual(1);
    expect(await tasksOf(h, 'invite_member').then((all) => all.find((t) => t.id === task!.id))).toMatchObject({ status: 'completed', summary: { invited: 3 } });
  });

  it('cancels a pending invitation from /hub members', async () => {
    const list = await membersList(h, ADMIN, 'members invitations');
    const modals = okModals(h);
    await clickInList(h, ADMIN, 'member_remove', mustRowButton(list.blocks, 'new.one@acme.example', 'member_remove'), list.blocks);
    const modal = await openedModal(h, modals);
    expect(modal.view.title.text).toBe('Cancel invitation');
    await submit(h, ADMIN, 'remove_member', removeValues(), modal.id);
    await channelMessage(h, /^Cancelled the invitation of /);
    expect(invitation('new.one@acme.example')).toBeUndefined();
  });

  it('changes the role of a pending invitation', async () => {
    const list = await membersList(h, ADMIN, 'members invitations');
    const modals = okModals(h);
    await clickInList(h, ADMIN, 'member_change_role', mustRowButton(list.blocks, 'twice@acme.example', 'member_change_role'), list.blocks);
    const modal = await openedModal(h, modals);
    expect(modal.view.title.text).toBe('Change role');
    expect(await submit(h, ADMIN, 'change_role', roleValues('ADMIN'), modal.id)).toEqual({});
    const message = await channelMessage(h, /^Changed the role of twice@acme\.example/);
    expect(blockText(message.blocks)).toContain('the invitation of *twice@acme.example* in *Acme Ads* from Employee to *Admin*');
    expect(invitation('twice@acme.example')).toMatchObject({ role: 'ADMIN' });
    expect(await memberByEmail(h, 'twice@acme.example')).toMatchObject({ metaRole: 'ADMIN' });
  });

  it('with single sign-on, invites people picked in the directory as work accounts', async () => {
    const { db, close } = database(h);
    await db.update(hubs).set({ loginMethod: 'sso' });
    await close();
    const modal = await commandModal(h, ADMIN, 'invite');
    expect(blockText(modal.view.blocks)).toContain('Invite as a Meta work account');
    const search = await h.client.blockSuggestion({ userId: ADMIN, actionId: 'directory_search', blockId: 'invite_people', value: 'rosa', viewId: modal.id });
    const [rosa] = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(rosa!.text.text).toBe('Rosa Quispe — rosa.quispe@acme.example');
    const stranger = await h.client.blockSuggestion({ userId: STRANGER, actionId: 'directory_search', blockId: 'invite_people', value: 'rosa', viewId: modal.id });
    expect((stranger.json as { options: unknown[] }).options).toEqual([]);

    await submit(h, ADMIN, 'invite_members', inviteValues({ people: [{ text: rosa!.text.text, value: rosa!.value }], workAccount: true }), modal.id);
    await channelMessage(h, /^Invited 1 person to Acme Ads as Employee \(work accounts\)\./);
    expect(invitation('rosa.quispe@acme.example')).toMatchObject({ role: 'EMPLOYEE', invited_user_type: ['MWA'] });
    expect(await memberByEmail(h, 'rosa.quispe@acme.example')).toMatchObject({ kind: 'invitation', state: 'onboarded' });
  });
});


import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { clickInList, connectAndSync, memberByEmail, membersList, mustRowButton, okModals, openedModal, responseBody } from '../support/members.js';
import { audits, channelMessage, noticeText, roleValues, submit, tasksOf } from '../support/access.js';

// Only the first person is an admin: taking Admin from them is Meta's "last admin" refusal (3914).
const business = generateBusiness({ id: '1111111111', members: 5, invitations: 0, systemUsers: 1, adminShare: 0, personalEmailShare: 0, seed: 33 });
const [admin, employee, other] = business.users;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  await connectAndSync(h);
});
afterAll(async () => {
  await h.close();
});

const roleOf = (id: string) => business.users.find((user) => user.id === id)?.role;
const rolePosts = (id: string) => h.meta.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${id}`));

async function openChangeRole(email: string, userId = ADMIN) {
  const list = await membersList(h, ADMIN, 'members all');
  const modals = okModals(h);
  const { before } = await clickInList(h, userId, 'member_change_role', mustRowButton(list.blocks, email, 'member_change_role'), list.blocks);
  return { modal: userId === ADMIN ? await openedModal(h, modals) : undefined, before };
}

describe('changing a role', () => {
  it("puts Meta's refusal to remove the last admin in plain words, and changes nothing", async () => {
    const { modal } = await openChangeRole(admin!.email);
    expect(blockText(modal!.view.blocks)).toContain('Meta keeps at least one admin');
    expect(await submit(h, ADMIN, 'change_role', roleValues('EMPLOYEE'), modal!.id)).toEqual({});
    const message = await channelMessage(h, /^Could not change the role of /);
    expect(blockText(message.blocks)).toContain(`Could not change the role of *${admin!.name}* (${admin!.email}) in *Acme Ads* to Employee.`);
    expect(blockText(message.blocks)).toContain('Meta refused: that would remove the last admin of this business. Make someone else an admin first.');
    expect(blockText(message.blocks)).toContain('Their role is still Admin.');
    expect(roleOf(admin!.id)).toBe('ADMIN');
    const row = await memberByEmail(h, admin!.email);
    expect(row).toMatchObject({ metaRole: 'ADMIN' });
    expect((await audits(h, 'member.role_change_failed'))[0]).toMatchObject({ actor: ADMIN, memberId: row!.id, outcome: 'failed' });
  });

  it('makes someone Admin, records it as an audit event, and redraws the list', async () => {
    const { modal, before } = await openChangeRole(employee!.email);
    await submit(h, ADMIN, 'change_role', roleValues('ADMIN'), modal!.id);
    const message = await channelMessage(h, new RegExp(`^Changed the role of ${employee!.name}`));
    expect(blockText(message.blocks)).toContain(`Changed the role of *${employee!.name}* (${employee!.email}) in *Acme Ads* from Employee to *Admin*.`);
    expect(roleOf(employee!.id)).toBe('ADMIN');
    const row = await memberByEmail(h, employee!.email);
    expect(row).toMatchObject({ metaRole: 'ADMIN' });
    expect((await audits(h, 'member.role_changed'))[0]).toMatchObject({ actor: ADMIN, memberId: row!.id, detail: { from: 'EMPLOYEE', to: 'ADMIN' } });
    expect((await audits(h, 'member.role_change_requested')).length).toBe(2);
    await h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => r.body.replace_original === true && blockText(r.body.blocks).includes(`${employee!.email}`) && blockText(r.body.blocks).includes('ADMIN ·')), 10_000);
  });

  it('now that there are two admins, demotes the first', async () => {
    const { modal } = await openChangeRole(admin!.email);
    await submit(h, ADMIN, 'change_role', roleValues('EMPLOYEE'), modal!.id);
    await channelMessage(h, new RegExp(`^Changed the role of ${admin!.name}`));
    expect(roleOf(admin!.id)).toBe('EMPLOYEE');
  });

  it('says inline when the member already has that role', async () => {
    const { modal } = await openChangeRole(other!.email);
    expect((await submit(h, ADMIN, 'change_role', roleValues('EMPLOYEE'), modal!.id)).errors).toEqual({ role_choice: 'They already have the Employee role in Meta.' });
  });

  it('changes once when two people submit at once; the other is told', async () => {
    const tasksBefore = (await tasksOf(h, 'change_role')).length;
    const one = await openChangeRole(other!.email);
    const two = await openChangeRole(other!.email);
    const answers = await Promise.all([one, two].map(({ modal }) => submit(h, ADMIN, 'change_role', roleValues('FINANCE_EDITOR'), modal!.id)));
    const told = answers.find((answer) => answer.errors || answer.view);
    expect(told?.errors?.role_choice ?? noticeText(told!)).toMatch(/^Nothing changed/);
    await channelMessage(h, new RegExp(`^Changed the role of ${other!.name}`));
    expect(await tasksOf(h, 'change_role')).toHaveLength(tasksBefore + 1);
    expect(rolePosts(other!.id)).toHaveLength(1);
    // Meta reads back base roles only; the finer role lives in tasks and finance_permission (§15).
    expect(roleOf(other!.id)).toBe('EMPLOYEE');
    expect(business.users.find((user) => user.id === other!.id)).toMatchObject({ tasks: ['FINANCE_EDITOR'], finance_permission: 'EDITOR' });
  });

  it('reads the role back, and says so when Meta kept another one', async () => {
    // Admin and the last-admin rule are covered above; this one is Finance editor now.
    h.meta.keepRoleOf(other!.id);
    const { modal } = await openChangeRole(other!.email);
    await submit(h, ADMIN, 'change_role', roleValues('DEVELOPER'), modal!.id);
    const message = await channelMessage(h, new RegExp(`^Asked Meta to make ${other!.name} Developer`));
    expect(String(message.text)).toContain('Meta accepted the request but kept the role Finance editor, not Developer.');
    expect(await memberByEmail(h, other!.email)).toMatchObject({ metaRole: 'FINANCE_EDITOR' });
    expect(h.meta.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/${other!.id}`) && /tasks/.test(r.query.fields ?? ''))).toBe(true);
  });

  it('refuses a stranger, both the button and a forged submission', async () => {
    const { before } = await openChangeRole(employee!.email, STRANGER);
    expect(String((await responseBody(h, before)).text)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    const row = (await memberByEmail(h, employee!.email))!;
    const forged = await submit(h, STRANGER, 'change_role', roleValues('EMPLOYEE'), undefined, JSON.stringify({ m: row.id, r: row.revision, h: row.hubId }));
    expect(noticeText(forged)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    expect(roleOf(employee!.id)).toBe('ADMIN');
  });
});

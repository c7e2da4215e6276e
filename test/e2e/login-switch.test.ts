import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync, memberByEmail, seedDirectory } from '../support/members.js';
import { audits, channelMessage, channelMessages, commandAnswer, commandModal, hubRow, loginValues, noticeText, submit, tasksOf } from '../support/access.js';

const business = generateBusiness({ id: '1111111111', members: 12, invitations: 0, systemUsers: 1, adminShare: 0, personalEmailShare: 0.35, seed: 5 });
const work = business.users.filter((user) => user.email.endsWith('@acme.example'));
const personal = business.users.filter((user) => !user.email.endsWith('@acme.example'));
// Known to the directory by a work account, but in Meta under a personal address the IdP also lists.
const moonlighter = personal[0]!;
// A work address the directory does not know, and an invitation Meta says is for a work account: neither is
// a personal profile, and the check must not call them one.
const outsider = { ...business.users[0]!, id: '1999000000000001', name: 'Olga Outsider', first_name: 'Olga', last_name: 'Outsider', email: 'olga.outsider@acme.example' };
business.users.push(outsider);
const invited = { id: '3999000000000001', email: 'ines.invited@acme.example', role: 'EMPLOYEE', status: 'PENDING', created_time: '2026-01-05T10:00:00+0000', expiration_time: '2026-02-04T10:00:00+0000', invited_user_type: ['MWA'] };
business.invitations.push(invited);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  await seedDirectory(h, [
    ...work.map((user) => ({ userName: user.email, displayName: user.name })),
    { userName: `${moonlighter.first_name.toLowerCase()}.work@acme.example`, displayName: moonlighter.name, emails: [`${moonlighter.first_name.toLowerCase()}.work@acme.example`, moonlighter.email] },
  ]);
  await connectAndSync(h, { loginMethod: 'password' });
});
afterAll(async () => {
  await h.close();
});

const checks = () => channelMessages(h, /checked for updates/);
async function nextCheck(count: number) {
  return h.slack.waitFor(() => (checks().length > count ? checks().at(-1) : undefined), 20_000);
}

describe('/hub login', () => {
  it('is for owners and admins only', async () => {
    expect((await commandAnswer(h, STRANGER, 'login')).text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\. Ask one of them/);
  });

  it('shows the current method and says in one line what a switch changes', async () => {
    const modal = await commandModal(h, ADMIN, 'login');
    const shown = blockText(modal.view.blocks);
    expect(modal.view.title.text).toBe('Login method');
    expect(shown).toContain('*Acme Ads* uses *username and password*.');
    expect(shown).toContain('Switching queues a check for updates that re-matches every member');
    expect(shown).toContain('Single sign-on (SSO)');
  });

  it('switches to SSO: records who and when, tells the channel, and re-matches by work account', async () => {
    expect(await memberByEmail(h, moonlighter.email)).toMatchObject({ state: 'onboarded' }); // by a secondary email
    const before = checks().length;
    const modal = await commandModal(h, ADMIN, 'login');
    expect(await submit(h, ADMIN, 'switch_login', loginValues('sso'), modal.id)).toEqual({});

    const announced = await channelMessage(h, /switched the login method/);
    expect(announced.text).toBe(`<@${ADMIN}> switched the login method of Acme Ads from username and password to single sign-on (SSO). Members are being re-matched; the check for updates shows the result.`);
    const hub = await hubRow(h);
    expect(hub).toMatchObject({ loginMethod: 'sso', loginMethodChangedBy: ADMIN });
    expect(hub.loginMethodChangedAt).toBeInstanceOf(Date);
    expect((await audits(h, 'hub.login_method_changed'))[0]).toMatchObject({ actor: ADMIN, detail: { from: 'password', to: 'sso' } });

    const summary = blockText((await nextCheck(before)).blocks);
    expect(summary).toContain(`First check since <@${ADMIN}> switched to single sign-on: *${work.length} of ${business.users.length + 1} members* match their work account.`);
    expect(summary).toContain(`${personal.length + 2} members match no work account in the directory and need attention`);
    // Ten are named, by name: these two and eight of the personal addresses.
    expect(personal.filter((user) => summary.includes(`${user.name} (${user.email})`))).toHaveLength(8);
    expect(summary).toContain('Olga Outsider (olga.outsider@acme.example)');
    expect(summary).toContain('ines.invited@acme.example (pending invitation for a work account)');
    expect(summary).not.toContain('personal profile');
    expect(await memberByEmail(h, moonlighter.email)).toMatchObject({ state: 'unmatched' });
  });

  it('switching to the method already in use changes nothing and says so', async () => {
    const syncs = (await tasksOf(h, 'sync')).length;
    const modal = await commandModal(h, ADMIN, 'login');
    expect(blockText(modal.view.blocks)).toContain(`uses *single sign-on (SSO)*. Last switched by <@${ADMIN}>`);
    const answer = await submit(h, ADMIN, 'switch_login', loginValues('sso'), modal.id);
    expect(noticeText(answer)).toBe('*Acme Ads* already uses single sign-on (SSO). Nothing changed.');
    expect((await tasksOf(h, 'sync')).length).toBe(syncs);
    expect(await audits(h, 'hub.login_method_changed')).toHaveLength(1);
  });

  it('switches back to username and password and re-matches by any email the directory knows', async () => {
    const before = checks().length;
    const modal = await commandModal(h, ADMIN, 'login');
    await submit(h, ADMIN, 'switch_login', loginValues('password'), modal.id);
    const summary = blockText((await nextCheck(before)).blocks);
    expect(summary).toContain(`First check since <@${ADMIN}> switched to username and password: members were re-matched by any email the directory knows.`);
    expect(summary).not.toContain('personal profile');
    expect(await memberByEmail(h, moonlighter.email)).toMatchObject({ state: 'onboarded' });
    expect((await hubRow(h)).loginMethod).toBe('password');
  });

  it('the next ordinary check does not claim a switch', async () => {
    const before = checks().length;
    await h.client.command({ userId: ADMIN, text: 'sync', channelId: HUB_CHANNEL });
    expect(blockText((await nextCheck(before)).blocks)).not.toContain('switched');
  });

  it('refuses a forged submission from someone who may not switch', async () => {
    const hub = await hubRow(h);
    const answer = await submit(h, STRANGER, 'switch_login', loginValues('sso'), undefined, JSON.stringify({ h: hub.id }));
    expect(noticeText(answer)).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that\./);
    expect((await hubRow(h)).loginMethod).toBe('password');
  });
});

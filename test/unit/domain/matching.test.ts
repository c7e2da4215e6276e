import { describe, expect, it } from 'vitest';
import { normalizeEmail, planMatches, type MatchDirectoryUser, type MatchInput, type MatchMember } from '../../../src/domain/matching.js';

let serial = 0;
const member = (overrides: Partial<MatchMember> = {}): MatchMember => ({
  id: `m${++serial}`, kind: 'business_user', email: null, pendingEmail: null, state: 'unmatched',
  directoryUserId: null, workspaceAccountId: null, matchNote: null, manual: false, ...overrides,
});
const person = (id: string, overrides: Partial<MatchDirectoryUser> = {}): MatchDirectoryUser => ({
  id, active: true, userName: `${id}@acme.example`, workEmail: `${id}@acme.example`, emails: [`${id}@acme.example`], ...overrides,
});
const plan = (input: Partial<MatchInput>) => planMatches({ members: [], directory: [], workspace: [], loginMethod: 'password', ...input });
const changeOf = (result: ReturnType<typeof plan>, id: string) => result.changes.find((change) => change.memberId === id);

describe('normalizeEmail', () => {
  it('trims and case-folds, and treats blank as none', () => {
    expect(normalizeEmail('  Ana.Brown@ACME.Example ')).toBe('ana.brown@acme.example');
    expect(normalizeEmail('   ')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});

describe('planMatches', () => {
  it('matches by email, trimmed and case-folded, to an active directory person → onboarded', () => {
    const ana = member({ email: ' ANA@Acme.Example ' });
    const result = plan({ members: [ana], directory: [person('ana')] });
    expect(changeOf(result, ana.id)).toEqual({ memberId: ana.id, state: 'onboarded', directoryUserId: 'ana', workspaceAccountId: null, matchNote: null });
    expect(result.counts.onboarded).toBe(1);
  });

  it("counts the member's pending email and the directory's userName and other emails", () => {
    const pending = member({ email: 'old@gmail.example', pendingEmail: 'Ben@acme.example' });
    const byUserName = member({ email: 'carl.login@acme.example' });
    const byOther = member({ email: 'dana@personal.example' });
    const directory = [
      person('ben'),
      person('carl', { userName: 'Carl.Login@acme.example', workEmail: 'carl@acme.example', emails: ['carl@acme.example'] }),
      person('dana', { emails: ['dana@acme.example', 'DANA@personal.example'] }),
    ];
    const result = plan({ members: [pending, byUserName, byOther], directory });
    expect(changeOf(result, pending.id)?.directoryUserId).toBe('ben');
    expect(changeOf(result, byUserName.id)?.directoryUserId).toBe('carl');
    expect(changeOf(result, byOther.id)?.directoryUserId).toBe('dana');
  });

  it('falls back to a Slack workspace account → guest, else unmatched', () => {
    const guest = member({ email: 'Agency.Person@partner.example' });
    const nobody = member({ email: 'nobody@nowhere.example' });
    const result = plan({
      members: [guest, nobody],
      directory: [person('ana')],
      workspace: [{ slackUserId: 'UGUEST1', email: 'agency.person@partner.example' }, { slackUserId: 'UANA', email: 'ana@acme.example' }],
    });
    expect(changeOf(result, guest.id)).toMatchObject({ state: 'guest', workspaceAccountId: 'UGUEST1', directoryUserId: null });
    expect(changeOf(result, nobody.id)).toBeUndefined(); // already unmatched: nothing to write
    expect(result.counts).toMatchObject({ guest: 1, unmatched: 1 });
  });

  it('prefers the directory to Slack when both know the email', () => {
    const ana = member({ email: 'ana@acme.example' });
    const result = plan({ members: [ana], directory: [person('ana')], workspace: [{ slackUserId: 'UANA', email: 'ana@acme.example' }] });
    expect(changeOf(result, ana.id)?.state).toBe('onboarded');
  });

  it('never matches an email two directory people share, and shows why', () => {
    const shared = member({ email: 'team@acme.example' });
    const directory = [person('a', { emails: ['team@acme.example'] }), person('b', { emails: ['team@acme.example'] })];
    const result = plan({ members: [shared], directory, workspace: [{ slackUserId: 'UTEAM', email: 'team@acme.example' }] });
    expect(changeOf(result, shared.id)).toMatchObject({ state: 'unmatched', directoryUserId: null, matchNote: 'ambiguous' });
    expect(result.counts.ambiguous).toBe(1);
  });

  it('unmatches a member whose match became ambiguous', () => {
    const ana = member({ email: 'ana@acme.example', state: 'onboarded', directoryUserId: 'ana' });
    const result = plan({ members: [ana], directory: [person('ana'), person('ana2', { emails: ['ana@acme.example'] })] });
    expect(changeOf(result, ana.id)).toMatchObject({ state: 'unmatched', directoryUserId: null, matchNote: 'ambiguous' });
  });

  it('is ambiguous when the email and the pending email point at different people', () => {
    const split = member({ email: 'ana@acme.example', pendingEmail: 'ben@acme.example' });
    expect(changeOf(plan({ members: [split], directory: [person('ana'), person('ben')] }), split.id)?.matchNote).toBe('ambiguous');
  });

  it('lets an active account win over a deactivated one with the same email (a rehire)', () => {
    const ana = member({ email: 'ana@acme.example' });
    const result = plan({ members: [ana], directory: [person('old', { active: false, emails: ['ana@acme.example'] }), person('ana')] });
    expect(changeOf(result, ana.id)).toMatchObject({ state: 'onboarded', directoryUserId: 'ana', matchNote: null });
  });

  it('keeps the link to a person the directory deactivated, for the deprovision report', () => {
    const linked = member({ email: 'gone@acme.example', state: 'onboarded', directoryUserId: 'gone' });
    const unlinked = member({ email: 'left@acme.example' });
    const result = plan({
      members: [linked, unlinked],
      directory: [person('gone', { active: false }), person('left', { active: false })],
    });
    expect(changeOf(result, linked.id)).toMatchObject({ state: 'onboarded', directoryUserId: 'gone', matchNote: 'directory_inactive' });
    expect(changeOf(result, unlinked.id)).toMatchObject({ state: 'onboarded', directoryUserId: 'left', matchNote: 'directory_inactive' });
    expect(result.counts.directoryInactive).toBe(2);
  });

  it('never undoes a hand match, an exemption or a removal in progress', () => {
    const handMatched = member({ email: 'ana@acme.example', state: 'onboarded', directoryUserId: 'ben', manual: true });
    const handUnmatched = member({ email: 'ana@acme.example', state: 'unmatched', manual: true });
    const exempted = member({ email: 'ana@acme.example', state: 'exempted', manual: true });
    const removing = member({ email: 'ana@acme.example', state: 'removal_pending', manual: true });
    const removed = member({ email: 'ana@acme.example', state: 'removed' });
    const result = plan({ members: [handMatched, handUnmatched, exempted, removing, removed], directory: [person('ana'), person('ben')] });
    expect(result.changes).toEqual([]);
    expect(result.counts).toMatchObject({ onboarded: 1, unmatched: 1, exempted: 1, removalPending: 1, removed: 1, manual: 4 });
  });

  it('re-evaluates an automatic match whose evidence is gone', () => {
    const moved = member({ email: 'ana@acme.example', state: 'onboarded', directoryUserId: 'ana' });
    const result = plan({ members: [moved], directory: [person('ana', { userName: 'a.new@acme.example', workEmail: 'a.new@acme.example', emails: ['a.new@acme.example'] })] });
    expect(changeOf(result, moved.id)).toMatchObject({ state: 'unmatched', directoryUserId: null });
  });

  it('lists system users and partners apart and never matches them', () => {
    const system = member({ kind: 'system_user', email: null });
    const partner = member({ kind: 'partner' });
    const result = plan({ members: [system, partner], directory: [person('ana')] });
    expect(result.changes).toEqual([]);
    expect(result.counts).toMatchObject({ serviceAccounts: 2, unmatched: 0 });
  });

  it('with SSO matches by work email and userName only, and counts those who did not match', () => {
    const byWork = member({ email: 'ana@acme.example' });
    const byPersonal = member({ email: 'ben.personal@gmail.example' });
    const guest = member({ email: 'guest@partner.example' });
    const input = {
      members: [byWork, byPersonal, guest],
      directory: [person('ana'), person('ben', { emails: ['ben@acme.example', 'ben.personal@gmail.example'] })],
      workspace: [{ slackUserId: 'UGUEST', email: 'guest@partner.example' }],
    };
    const sso = plan({ ...input, loginMethod: 'sso' });
    expect(changeOf(sso, byWork.id)?.state).toBe('onboarded');
    expect(changeOf(sso, byPersonal.id)).toBeUndefined();
    expect(changeOf(sso, guest.id)?.state).toBe('guest');
    expect(sso.counts.ssoNotInDirectory).toBe(2);
    const password = plan({ ...input, loginMethod: 'password' });
    expect(changeOf(password, byPersonal.id)?.directoryUserId).toBe('ben');
    expect(password.counts.ssoNotInDirectory).toBe(0);
  });

  it('plans nothing the second time (only real changes are written)', () => {
    const ana = member({ email: 'ana@acme.example' });
    const input = { members: [ana], directory: [person('ana')] };
    const first = plan(input);
    const applied = { ...ana, ...changeOf(first, ana.id)!, id: ana.id };
    expect(plan({ ...input, members: [applied] }).changes).toEqual([]);
  });
});

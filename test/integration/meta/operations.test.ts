import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { META_ROLES, MetaPermanentError, MetaRateLimitError, type MetaError } from '../../../src/meta/index.js';
import { generateBusiness, startFakeMeta, type FakeMeta, type FakeUser } from '../../fakes/fake-meta.js';
import { TOKEN, caught, clientFor } from './support.js';

let fake: FakeMeta;
const NOW = Date.UTC(2026, 9, 1, 12);

beforeAll(async () => {
  fake = await startFakeMeta({
    business: generateBusiness({ members: 6, invitations: 3, adAccounts: 2, adminShare: 0, seed: 3 }),
    tokens: [TOKEN],
    inviteCap: 3,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.faults.clear();
  fake.resetRecording();
});

const admins = () => fake.business.users.filter((u) => u.role === 'ADMIN');
const anEmployee = (): FakeUser => fake.business.users.find((u) => u.role === 'EMPLOYEE')!;

describe('removeBusinessUser', () => {
  it('removes a person (DELETE with the token in the query) and their asset assignments', async () => {
    const { client, business } = clientFor(fake);
    const target = fake.business.assets.flatMap((a) => a.assigned).find((a) => fake.business.users.some((u) => u.id === a.userId && u.role === 'EMPLOYEE'))!;
    expect(await business.removeBusinessUser(target.userId)).toEqual({ alreadyGone: false });
    expect(fake.business.users.some((u) => u.id === target.userId)).toBe(false);
    expect(fake.business.assets.some((a) => a.assigned.some((x) => x.userId === target.userId))).toBe(false);
    expect(fake.requests[0]).toMatchObject({ method: 'DELETE', tokenSource: 'query', status: 200 });
    await client.close();
  });

  it('treats "does not exist" (100/33) as already gone, e.g. after a lost first answer', async () => {
    const { client, business } = clientFor(fake, { requestTimeoutMs: 200 });
    const id = anEmployee().id;
    fake.faults.timeoutNext(1, { mode: 'hang-after' }); // Meta removes them but the answer never arrives
    expect(await business.removeBusinessUser(id)).toEqual({ alreadyGone: true });
    expect(await business.removeBusinessUser('2999999999999')).toEqual({ alreadyGone: true });
    await client.close();
  });

  it('refuses to remove the last admin, in plain words', async () => {
    expect(admins()).toHaveLength(1);
    const { client, business } = clientFor(fake);
    const error = await caught(() => business.removeBusinessUser(admins()[0]!.id));
    expect(error).toBeInstanceOf(MetaPermanentError);
    expect((error as MetaError).code).toBe(3914);
    expect((error as MetaError).userMessage).toBe(
      'Meta refused: that would remove the last admin of this business. Make someone else an admin first.',
    );
    expect(fake.requests).toHaveLength(1); // permanent: not retried
    await client.close();
  });

  it('rejects ids that are not Meta ids without calling Meta', async () => {
    const { client, business } = clientFor(fake);
    await expect(business.removeBusinessUser('123/business_users')).rejects.toBeInstanceOf(MetaPermanentError);
    expect(fake.requests).toHaveLength(0);
    await client.close();
  });
});

describe('changeRole', () => {
  it('promotes and demotes, but not the last admin', async () => {
    const { client, business } = clientFor(fake);
    const [only] = admins();
    const error = await caught(() => business.changeRole(only!.id, 'EMPLOYEE'));
    expect((error as MetaError).code).toBe(3914);
    const promoted = anEmployee();
    await business.changeRole(promoted.id, 'ADMIN');
    expect(promoted.role).toBe('ADMIN');
    await business.changeRole(only!.id, 'EMPLOYEE');
    expect(only!.role).toBe('EMPLOYEE');
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => r.tokenSource === 'body')).toBe(true);
    await expect(business.changeRole(promoted.id, 'OWNER')).rejects.toBeInstanceOf(MetaPermanentError);
    await client.close();
  });
});

describe('invitations', () => {
  it('invites, lists and cancels', async () => {
    const { client, business } = clientFor(fake);
    const { invitationId } = await business.inviteUser({ email: 'new.person@acme.example', role: 'EMPLOYEE', invitedUserType: ['MWA'] });
    const invite = fake.business.invitations.find((i) => i.id === invitationId)!;
    expect(invite).toMatchObject({ email: 'new.person@acme.example', role: 'EMPLOYEE', status: 'PENDING', invited_user_type: ['MWA'] });
    expect(await business.cancelInvitation(invitationId)).toEqual({ alreadyGone: false });
    expect(await business.cancelInvitation(invitationId)).toEqual({ alreadyGone: true });
    await client.close();
  });

  it('does not invite twice when the first answer was lost but the invite landed', async () => {
    const { client, business } = clientFor(fake, { requestTimeoutMs: 200 });
    fake.faults.timeoutNext(1, { mode: 'hang-after', path: /\/business_users$/ });
    const { invitationId } = await business.inviteUser({ email: 'lost.answer@acme.example', role: 'EMPLOYEE' });
    expect(fake.business.invitations.filter((i) => i.email === 'lost.answer@acme.example').map((i) => i.id)).toEqual([invitationId]);
    expect(fake.requests.map((r) => r.route)).toEqual(['POST /{id}/business_users', 'GET /{id}/pending_users']);
    await client.close();
  });

  it('sends again when the first attempt never reached Meta', async () => {
    const { client, business } = clientFor(fake, { requestTimeoutMs: 200 });
    fake.faults.timeoutNext(1, { mode: 'hang', path: /\/business_users$/ });
    await business.inviteUser({ email: 'never.arrived@acme.example', role: 'EMPLOYEE' });
    expect(fake.business.invitations.filter((i) => i.email === 'never.arrived@acme.example')).toHaveLength(1);
    expect(fake.requests.map((r) => r.route)).toEqual(['POST /{id}/business_users', 'GET /{id}/pending_users', 'POST /{id}/business_users']);
    await client.close();
  });

  it('hands the 24-hour invite cap (code 17) back to the caller with resumeAt', async () => {
    const { client, business, waits } = clientFor(fake, { now: () => NOW });
    // inviteCap 3: three invitations were sent above.
    const error = (await caught(() => business.inviteUser({ email: 'one.more@acme.example', role: 'EMPLOYEE' }))) as MetaRateLimitError;
    expect(error).toBeInstanceOf(MetaRateLimitError);
    expect(error.code).toBe(17);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
    expect(error.resumeAt).toBe(NOW + error.retryAfterMs);
    expect(waits).toEqual([]);
    await client.close();
  });
});

describe('META_ROLES', () => {
  it('lists the 15 roles, Admin and Employee first', () => {
    expect(META_ROLES).toHaveLength(15);
    expect(META_ROLES.slice(0, 2)).toEqual(['ADMIN', 'EMPLOYEE']);
  });
});

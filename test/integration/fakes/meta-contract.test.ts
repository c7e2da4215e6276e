// The fake Graph API is at least as strict as Meta (reference §1, §8, §9, §11, §15 and the SDK spec copied
// to test/fakes/meta-graph-spec.json): what Meta refuses, the fake refuses, with Meta's code and envelope.
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MetaPermanentError, MetaTokenInvalidError, errorFromResponse } from '../../../src/meta/index.js';
import { checkCall, generateBusiness, metaGraphSpec, startFakeMeta, type FakeAsset, type FakeMeta } from '../../fakes/fake-meta.js';
import { TOKEN, caught, clientFor } from '../meta/support.js';

let fake: FakeMeta;
let clock = Date.UTC(2026, 11, 1);

beforeAll(async () => {
  fake = await startFakeMeta({
    business: generateBusiness({ members: 12, invitations: 2, systemUsers: 1, partners: 1, adAccounts: 2, pages: 6, pixels: 1, catalogs: 1, seed: 9 }),
    extraBusinesses: [{ business: generateBusiness({ id: '2222222222', members: 3, seed: 3 }), tokens: ['EAAOtherBusinessToken0123456789'] }],
    tokens: [TOKEN],
    now: () => clock,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.faults.clear();
  fake.setPageFaults(undefined);
  fake.setRateLimit(undefined);
  fake.resetRecording();
});
afterEach(() => {
  fake.requireAppSecretProof(undefined);
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; json: any };
async function call(method: string, path: string, params: Record<string, string> = {}, token = TOKEN): Promise<Answer> {
  const query = new URLSearchParams({ ...params, access_token: token });
  const res = method === 'POST'
    ? await request(`${fake.url}${path}`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: query.toString() })
    : await request(`${fake.url}${path}?${query}`, { method: method as 'GET' | 'DELETE' });
  return { status: res.statusCode, headers: res.headers, json: await res.body.json() };
}
const biz = () => fake.business.id;
const pages = () => fake.business.assets.filter((a) => a.kind === 'page');
const systemUserId = () => fake.business.systemUsers[0]!.id;
const managedPage = (): FakeAsset => {
  const page = pages()[0]!;
  if (!page.assigned.some((a) => a.userId === systemUserId())) page.assigned.push({ userId: systemUserId(), tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'] });
  return page;
};
const unmanagedPage = (): FakeAsset => {
  const page = pages()[1]!;
  page.assigned = page.assigned.filter((a) => a.userId !== systemUserId());
  return page;
};
async function pageToken(page: FakeAsset): Promise<string> {
  return (await call('GET', `/v26.0/${page.id}`, { fields: 'access_token' })).json.access_token;
}
function expectGraphError(answer: Answer, error: Record<string, unknown>) {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.json.error).toMatchObject({ type: expect.any(String), ...error });
  expect(answer.json.error.fbtrace_id).toEqual(expect.any(String));
}

describe('1. every request is checked against Meta’s spec for the node type addressed', () => {
  it('loads the SDK spec from the project (not retyped) for every node type Hubkeeper touches', () => {
    expect(metaGraphSpec.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(metaGraphSpec.nodes).sort()).toEqual(
      ['AdAccount', 'AdsPixel', 'AssignedUser', 'Business', 'BusinessAssetGroup', 'BusinessRoleRequest', 'BusinessUser', 'Page', 'ProductCatalog', 'SystemUser'],
    );
    expect(checkCall({ nodeType: 'Business', id: '1', edge: 'system_users', method: 'GET', params: { fields: 'id,name,role' } })).toBeUndefined();
    expect(checkCall({ nodeType: 'SystemUser', id: '1', edge: '', method: 'GET', params: { fields: 'role' } })).toMatchObject({ reason: 'unknown_field' });
  });

  it('serves what the spec allows, edge fields and paging/system params included', async () => {
    const user = fake.business.users[1]!;
    expect((await call('GET', `/v26.0/${biz()}/business_users`, { fields: 'id,role,tasks,finance_permission', limit: '5', summary: 'total_count', pretty: '0' })).status).toBe(200);
    expect((await call('GET', `/v26.0/${biz()}/agencies`, { fields: 'id,name,page_permissions,adaccount_permissions' })).status).toBe(200);
    expect((await call('GET', `/v26.0/${user.id}/assigned_pages`, { fields: 'id,name,tasks,permitted_tasks' })).status).toBe(200);
    expect((await call('GET', `/v26.0/${biz()}`, { fields: 'id,name,verification_status' })).status).toBe(200);
    expect(fake.requests.every((r) => r.spec === 'ok')).toBe(true);
    expect(fake.takeViolations()).toEqual([]);
  });

  it.each([
    ['unknown edge', 'GET', () => `/v26.0/${biz()}/shoe_sizes`, {}, { code: 100, message: `(#100) Tried accessing nonexisting field (shoe_sizes) on node type (Business)` }, 'unknown_edge'],
    ['unknown field', 'GET', () => `/v26.0/${fake.business.users[0]!.id}`, { fields: 'id,invited_user_type' }, { code: 100, message: '(#100) Tried accessing nonexisting field (invited_user_type) on node type (BusinessUser)' }, 'unknown_field'],
    ['field of another edge', 'GET', () => `/v26.0/${biz()}/business_users`, { fields: 'id,page_permissions' }, { code: 100 }, 'unknown_field'],
    ['unknown param', 'GET', () => `/v26.0/${biz()}/business_users`, { colour: 'red' }, { code: 100 }, 'unknown_param'],
    ['missing required param', 'POST', () => `/v26.0/${biz()}/business_users`, { role: 'EMPLOYEE' }, { code: 100, message: '(#100) The parameter email is required' }, 'missing_param'],
    ['missing business on assigned_users', 'GET', () => `/v26.0/${fake.business.assets[0]!.id}/assigned_users`, {}, { code: 100, message: '(#100) The parameter business is required' }, 'missing_param'],
    ['wrong method', 'DELETE', () => `/v26.0/${biz()}/business_users`, {}, { code: 100, error_subcode: 33 }, 'wrong_method'],
    ['no DELETE on a system user', 'DELETE', () => `/v26.0/${systemUserId()}`, {}, { code: 100, error_subcode: 33 }, 'wrong_method'],
    ['role outside the enum', 'POST', () => `/v26.0/${biz()}/business_users`, { email: 'x@acme.example', role: 'OWNER' }, { code: 100 }, 'bad_enum'],
    ['invited_user_type outside the enum', 'POST', () => `/v26.0/${biz()}/business_users`, { email: 'x@acme.example', invited_user_type: '["SSO"]' }, { code: 100 }, 'bad_enum'],
    ['ad account task outside the enum', 'POST', () => `/v26.0/${fake.business.assets[0]!.id}/assigned_users`, () => ({ user: fake.business.users[0]!.id, tasks: '["OWN"]' }), { code: 100 }, 'bad_enum'],
  ] as const)('refuses an %s with code 100 in Meta’s envelope', async (_what, method, path, params, error, reason) => {
    const answer = await call(method, path(), (typeof params === 'function' ? params() : params) as Record<string, string>);
    expectGraphError(answer, error);
    expect(fake.takeViolations()).toMatchObject([{ method, reason }]);
  });

  it('checks batch ops too, and records each op’s outcome', async () => {
    const ops = [
      { method: 'GET', relative_url: `v26.0/${biz()}/system_users?fields=id,name,role` },
      { method: 'GET', relative_url: `v26.0/${biz()}/system_users?fields=id,shoe_size` },
    ];
    const answer = await call('POST', '/v26.0', { include_headers: 'false', batch: JSON.stringify(ops) });
    expect(answer.json.map((op: any) => op.code)).toEqual([200, 400]);
    expect(JSON.parse(answer.json[1].body).error).toMatchObject({ code: 100, message: '(#100) Tried accessing nonexisting field (shoe_size) on node type (SystemUser)' });
    expect(fake.requests[0]!.batch!.map((op) => op.spec)).toEqual(['ok', 'unknown_field']);
    expect(fake.takeViolations()).toHaveLength(1);
  });
});

describe('2. a Page’s assigned_users answers only a Page access token', () => {
  it('answers the system-user token with 190, no subcode, and the client does not call the token invalid', async () => {
    const page = managedPage();
    const answer = await call('GET', `/v26.0/${page.id}/assigned_users`, { business: biz() });
    expectGraphError(answer, { code: 190, message: '(#190) This method must be called with a Page Access Token' });
    expect(answer.json.error.error_subcode).toBeUndefined();
    const error = errorFromResponse({ ...answer, path: 'GET /x', secrets: [] });
    expect(error).toBeInstanceOf(MetaPermanentError);
    expect(error).not.toBeInstanceOf(MetaTokenInvalidError);
  });

  it('gives a Page token for a Page the system user has, none for one it lacks; the token reads the edge', async () => {
    const token = await pageToken(managedPage());
    expect(token).toEqual(expect.any(String));
    expect(await pageToken(unmanagedPage())).toBeUndefined();
    const answer = await call('GET', `/v26.0/${managedPage().id}/assigned_users`, { business: biz(), fields: 'id,name,user_type,tasks' }, token);
    expect(answer.status).toBe(200);
    expect(answer.json.data.map((u: any) => u.id)).toContain(systemUserId());
    // A Page token sees its Page only.
    expectGraphError(await call('GET', `/v26.0/${biz()}/business_users`, {}, token), { code: 100, error_subcode: 33 });
  });

  it('answers a person’s and the system user’s assigned_pages with the system-user token', async () => {
    const holder = managedPage().assigned.find((a) => fake.business.users.some((u) => u.id === a.userId)) ?? managedPage().assigned[0]!;
    for (const id of [holder.userId, systemUserId()]) {
      const answer = await call('GET', `/v26.0/${id}/assigned_pages`, { fields: 'id,tasks', pages: JSON.stringify([Number(managedPage().id)]) });
      expect(answer.json.data).toEqual([{ id: managedPage().id, tasks: expect.any(Array) }]);
    }
  });

  it('lets the client import every Page’s people: with a Page token, or per person when there is none', async () => {
    unmanagedPage();
    managedPage();
    const { client, business } = clientFor(fake);
    const snap = await business.fetchSnapshot();
    for (const page of pages()) {
      const got = snap.assets.find((a) => a.metaId === page.id)!;
      expect(got.assignedUsersComplete).toBe(true);
      expect(got.assignedUsers.map((u) => u.userId).sort()).toEqual(page.assigned.map((a) => a.userId).sort());
    }
    expect(snap.warnings).toEqual([]);
    expect(fake.requests.flatMap((r) => r.batch ?? []).some((op) => op.route === 'GET /{id}/assigned_pages')).toBe(true);
    await client.close();
  });
});

describe('3. "require app secret proof"', () => {
  const secret = 'app-secret-0123456789abcdef';
  const proof = (token: string) => createHmac('sha256', secret).update(token).digest('hex');

  it('refuses every call without a valid appsecret_proof with code 100', async () => {
    fake.requireAppSecretProof(secret);
    expectGraphError(await call('GET', `/v26.0/${biz()}/system_users`), { code: 100, message: 'API calls from the server require an appsecret_proof argument' });
    expectGraphError(await call('GET', `/v26.0/${biz()}/system_users`, { appsecret_proof: proof('another token') }), { code: 100, message: 'Invalid appsecret_proof provided in the API argument' });
    expect((await call('GET', `/v26.0/${biz()}/system_users`, { appsecret_proof: proof(TOKEN) })).status).toBe(200);
  });

  it('wants a batch op with its own token to carry that token’s proof', async () => {
    const token = await pageToken(managedPage());
    fake.requireAppSecretProof(secret);
    const op = (extra: string) => ({ method: 'GET', relative_url: `v26.0/${managedPage().id}/assigned_users?business=${biz()}&access_token=${token}${extra}` });
    const answer = await call('POST', '/v26.0', { appsecret_proof: proof(TOKEN), batch: JSON.stringify([op(''), op(`&appsecret_proof=${proof(token)}`)]) });
    expect(answer.json.map((o: any) => o.code)).toEqual([400, 200]);
  });

  it('is met by a client that knows the app secret, Page tokens included', async () => {
    fake.requireAppSecretProof(secret);
    managedPage();
    const { client, business } = clientFor(fake, { appSecret: secret });
    const snap = await business.fetchSnapshot();
    expect(snap.warnings).toEqual([]);
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
    expect(fake.requests.flatMap((r) => r.batch ?? []).every((op) => op.status === 200)).toBe(true);
    await client.close();
  });
});

describe('4. batches throttle per operation', () => {
  const ops = JSON.stringify([
    { method: 'GET', relative_url: `v26.0/${'BIZ'}/system_users?fields=id,name` },
    { method: 'GET', relative_url: `v26.0/${'BIZ'}/pending_users?fields=id,email` },
  ]);
  const batch = (includeHeaders: string) => call('POST', '/v26.0', { include_headers: includeHeaders, batch: ops.replaceAll('BIZ', biz()) });

  it.each([4, 17, 32, 613, 80001, 80004, 80014])('fails one op with %i inside a batch that answers 200', async (code) => {
    fake.faults.throttleBatchOpsNext(1, { code, regainMinutes: 3 });
    const answer = await batch('true');
    expect(answer.status).toBe(200);
    expect(answer.json[0].code).toBe(400);
    expect(JSON.parse(answer.json[0].body).error).toMatchObject({ code });
    expect(answer.json[1].code).toBe(200);
    const usage = answer.json[0].headers.find((h: any) => h.name === 'X-Business-Use-Case-Usage');
    expect(JSON.parse(usage.value)[biz()][0].estimated_time_to_regain_access).toBe(3);
  });

  it('drops each op’s own headers, usage included, with include_headers=false', async () => {
    fake.faults.throttleBatchOpsNext(1, { code: 80004 });
    const answer = await batch('false');
    expect(answer.json[0].code).toBe(400);
    expect(answer.json.every((op: any) => op.headers === undefined)).toBe(true);
  });

  it('makes the client wait out a throttled op’s own estimated_time_to_regain_access, not a short backoff', async () => {
    fake.faults.throttleBatchOpsNext(1, { code: 80004, regainMinutes: 3, path: /assigned_users$/ });
    const { client, business, rateLimitWaits } = clientFor(fake, { maxInlineWaitMs: 10 * 60_000 });
    const snap = await business.fetchSnapshot();
    expect(snap.assets.every((a) => a.assignedUsersComplete)).toBe(true);
    expect(rateLimitWaits).toHaveLength(1);
    expect(rateLimitWaits[0]).toBeGreaterThanOrEqual(3 * 60_000);
    await client.close();
  });

  it('extends a block with every call made while throttled', async () => {
    fake.faults.throttleFor(5 * 60_000, { code: 80004 });
    const regain = async () => JSON.parse(String((await call('GET', `/v26.0/${biz()}/system_users`)).headers['x-business-use-case-usage']))[biz()][0].estimated_time_to_regain_access;
    expect(await regain()).toBe(5);
    clock += 4 * 60_000;
    expect(await regain()).toBe(5); // called while blocked: the block now ends 5 minutes from here
    clock += 4 * 60_000;
    expect((await batch('true')).json[0].code).toBe(400); // still blocked, batch ops too
    clock += 5 * 60_000 + 1;
    expect((await call('GET', `/v26.0/${biz()}/system_users`)).status).toBe(200);
  });

  it('extends an enforced BUC window the same way', async () => {
    fake.setRateLimit({ calls: 1, windowMs: 60_000 });
    expect((await call('GET', `/v26.0/${biz()}/system_users`)).status).toBe(200);
    clock += 50_000;
    expect((await call('GET', `/v26.0/${biz()}/system_users`)).json.error.code).toBe(80004);
    clock += 30_000; // past the first window, but the blocked call pushed its end out
    expect((await call('GET', `/v26.0/${biz()}/system_users`)).json.error.code).toBe(80004);
    clock += 60_001;
    expect((await call('GET', `/v26.0/${biz()}/system_users`)).status).toBe(200);
  });
});

describe('5. role reads back ADMIN or EMPLOYEE; finer access is in tasks, finance_permission, ip_permission', () => {
  it('keeps the base role in role and the finer one in tasks, and the client shows the finer one', async () => {
    const [dev, finance] = fake.business.users.filter((u) => u.role === 'EMPLOYEE');
    expect((await call('POST', `/v26.0/${dev!.id}`, { role: 'DEVELOPER' })).json).toEqual({ success: true });
    expect((await call('POST', `/v26.0/${finance!.id}`, { role: 'FINANCE_EDITOR' })).json).toEqual({ success: true });
    const read = await call('GET', `/v26.0/${biz()}/business_users`, { fields: 'id,role,tasks,finance_permission,ip_permission', limit: '100' });
    const byId = new Map(read.json.data.map((u: any) => [u.id, u]));
    expect(new Set(read.json.data.map((u: any) => u.role))).toEqual(new Set(['ADMIN', 'EMPLOYEE']));
    expect(byId.get(dev!.id)).toMatchObject({ role: 'EMPLOYEE', tasks: ['DEVELOPER'] });
    expect(byId.get(finance!.id)).toMatchObject({ role: 'EMPLOYEE', tasks: ['FINANCE_EDITOR'], finance_permission: 'EDITOR' });
    const { client, business } = clientFor(fake);
    const snap = await business.fetchSnapshot();
    expect(snap.businessUsers.find((u) => u.id === dev!.id)?.role).toBe('DEVELOPER');
    expect(snap.businessUsers.find((u) => u.id === finance!.id)?.role).toBe('FINANCE_EDITOR');
    await client.close();
  });
});

describe('6. 100/33 alike for what the token cannot see and what is gone', () => {
  it('answers another business’s person exactly like a removed one', async () => {
    const theirs = fake.businesses.get('2222222222')!.users[0]!.id;
    const seeNot = await call('GET', `/v26.0/${theirs}`);
    const gone = await call('GET', '/v26.0/2000000000099999');
    for (const answer of [seeNot, gone]) expectGraphError(answer, { code: 100, error_subcode: 33, type: 'GraphMethodException' });
    expect(seeNot.json.error.message.replace(theirs, 'X')).toBe(gone.json.error.message.replace('2000000000099999', 'X'));
  });

  it('makes the client confirm absence before it records "already gone"', async () => {
    const { client, business } = clientFor(fake);
    const still = fake.business.users.find((u) => u.role === 'EMPLOYEE')!;
    fake.faults.failPath(new RegExp(`^/${still.id}$`), { code: 100, subcode: 33, type: 'GraphMethodException', method: 'DELETE', message: 'Unsupported delete request.' });
    const error = await caught(() => business.removeBusinessUser(still.id));
    expect(error).toMatchObject({ code: 100, subcode: 33 });
    expect(fake.business.users).toContain(still);
    expect(await business.removeBusinessUser('2000000000099999')).toEqual({ alreadyGone: true });
    await client.close();
  });
});

describe('7. invitations, partners and one person’s asset access', () => {
  it('defaults invited_user_type to FB and keeps MWA when asked', async () => {
    const fb = await call('POST', `/v26.0/${biz()}/business_users`, { email: 'fb@acme.example', role: 'EMPLOYEE' });
    const mwa = await call('POST', `/v26.0/${biz()}/business_users`, { email: 'mwa@acme.example', role: 'EMPLOYEE', invited_user_type: '["MWA"]' });
    const find = (id: string) => fake.business.invitations.find((i) => i.id === id);
    expect(find(fb.json.id)?.invited_user_type).toEqual(['FB']);
    expect(find(mwa.json.id)?.invited_user_type).toEqual(['MWA']);
    expect(fake.takeViolations()).toEqual([]);
  });

  it('lists partners with their asset permissions and removes access per asset, then entirely', async () => {
    const partner = fake.business.partners[0]!;
    const listed = await call('GET', `/v26.0/${biz()}/agencies`, { fields: 'id,name,adaccount_permissions,page_permissions,productcatalog_permissions' });
    expect(listed.json.data[0]).toMatchObject({ id: partner.id, page_permissions: expect.any(Array), adaccount_permissions: expect.any(Array) });
    const account = partner.adaccount_permissions[0]!.id;
    expect((await call('DELETE', `/v26.0/${account}/agencies`, { business: partner.id })).json).toEqual({ success: true });
    expect(partner.adaccount_permissions.some((p) => p.id === account)).toBe(false);
    expectGraphError(await call('DELETE', `/v26.0/${account}/agencies`, {}), { code: 100, message: '(#100) The parameter business is required' });
    fake.takeViolations();
    expect((await call('DELETE', `/v26.0/${biz()}/agencies`, { business: partner.id })).json).toEqual({ success: true });
    expect(fake.business.partners).not.toContain(partner);
  });

  it('grants and revokes one person’s access to an asset with assigned_users', async () => {
    const account = fake.business.assets.find((a) => a.kind === 'ad_account')!;
    const person = fake.business.users.find((u) => !account.assigned.some((a) => a.userId === u.id))!;
    expect((await call('POST', `/v26.0/${account.id}/assigned_users`, { user: person.id, tasks: '["ANALYZE"]' })).json).toEqual({ success: true });
    expect(account.assigned).toContainEqual({ userId: person.id, tasks: ['ANALYZE'] });
    expect((await call('DELETE', `/v26.0/${account.id}/assigned_users`, { user: person.id })).json).toEqual({ success: true });
    expect(account.assigned.some((a) => a.userId === person.id)).toBe(false);
  });
});

describe('8. paging that never ends', () => {
  it.each([['a next link forever', { endless: true }], ['a cursor that repeats', { repeatCursor: true }]] as const)('serves %s, and the client fails instead of looping', async (_what, faults) => {
    fake.setPageFaults(faults);
    const first = await call('GET', `/v26.0/${biz()}/pending_users`, { limit: '100' });
    expect(first.json.paging.next).toEqual(expect.any(String));
    const { client, business } = clientFor(fake);
    const error = await caught(() => business.fetchSnapshot());
    expect(error).toBeInstanceOf(MetaPermanentError);
    expect(error.message).toMatch(/paging did not end/);
    await client.close();
  });
});

describe('9. contract: the fake records every request it validated', () => {
  it('marks each request with the spec outcome and collects violations for the suite check', async () => {
    await call('GET', `/v26.0/${biz()}/system_users`, { fields: 'id,name,role' });
    await call('GET', `/v26.0/${biz()}/owned_gizmos`);
    await call('GET', `/v26.0/${biz()}/business_users/extra`);
    expect(fake.requests.map((r) => r.spec)).toEqual(['ok', 'unknown_edge', 'unknown_edge']);
    expect(fake.takeViolations().map((v) => v.reason)).toEqual(['unknown_edge', 'unknown_path']);
    expect(fake.violations).toEqual([]);
  });
});

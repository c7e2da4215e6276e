import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateBusiness, sampleBusiness, startFakeMeta, type FakeMeta } from '../../fakes/fake-meta.js';

// The fake is only useful if it behaves like Graph where the client depends on it.
let fake: FakeMeta;
const T = 'fake-meta-token';

beforeAll(async () => {
  fake = await startFakeMeta({ maxLimit: 5 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.faults.clear();
  fake.setPageFaults(undefined);
  fake.resetRecording();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await request(`${fake.url}${path}`, { headers });
  return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as any };
}

async function post(path: string, body: string | object, contentType = 'application/x-www-form-urlencoded') {
  const res = await request(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': typeof body === 'string' ? contentType : 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as any };
}

describe('generator', () => {
  it('is deterministic, quick at scale and mixes personal and work emails', () => {
    const started = performance.now();
    const big = generateBusiness({ members: 20_000, invitations: 500, adAccounts: 2000, pages: 600, pixels: 200, catalogs: 200, seed: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(big.users).toHaveLength(20_000);
    expect(big.assets).toHaveLength(3000);
    expect(new Set(big.users.map((u) => u.email)).size).toBe(20_000);
    expect(JSON.stringify(generateBusiness({ members: 40, seed: 2 }))).toBe(JSON.stringify(generateBusiness({ members: 40, seed: 2 })));
    const sample = sampleBusiness();
    expect(sample.users.some((u) => !u.email.endsWith('@acme.example'))).toBe(true);
    expect(sample.users.some((u) => u.email.endsWith('@acme.example'))).toBe(true);
    expect(sample.partners).toHaveLength(1);
  });
});

describe('fake Graph API', () => {
  const biz = () => fake.business.id;

  it('selects fields, pages with opaque cursors and absolute next URLs, and sums up', async () => {
    const first = await get(`/v25.0/${biz()}/business_users?fields=email&limit=50&summary=true&access_token=${T}`);
    expect(first.status).toBe(200);
    expect(first.headers['facebook-api-version']).toBe('v25.0');
    expect(first.headers['x-fb-trace-id']).toBeTruthy();
    expect(first.json.data).toHaveLength(5); // limit capped at maxLimit
    expect(Object.keys(first.json.data[0]).sort()).toEqual(['email', 'id']);
    expect(first.json.summary).toEqual({ total_count: fake.business.users.length });
    const next = new URL(first.json.paging.next);
    expect(next.origin).toBe(fake.url);
    expect(next.searchParams.get('after')).toBe(first.json.paging.cursors.after);
    const second = await get(next.pathname + next.search);
    expect(second.json.data[0].id).toBe(fake.business.users[5]!.id);
  });

  it('omits next on the last page and serves empty pages that still have a next', async () => {
    fake.setPageFaults({ emptyEvery: 2 });
    const pages: number[] = [];
    let url: string | undefined = `/${biz()}/pending_users?limit=1&access_token=${T}`;
    while (url) {
      const page = await get(url);
      pages.push(page.json.data.length);
      url = page.json.paging?.next ? new URL(page.json.paging.next).pathname + new URL(page.json.paging.next).search : undefined;
    }
    // 3 invitations, 1 a page: the 2nd page is preceded by an empty one; the last page has no next.
    expect(pages).toEqual([1, 0, 1, 1]);
  });

  it('rejects unknown fields and unknown objects like Graph does', async () => {
    expect((await get(`/${biz()}/business_users?fields=shoe_size&access_token=${T}`)).json.error).toMatchObject({ code: 100 });
    expect((await get(`/v26.0/999/business_users?access_token=${T}`)).json.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    expect(fake.takeViolations()).toMatchObject([{ route: 'GET /{id}/business_users', nodeType: 'Business', reason: 'unknown_field' }]);
  });

  it('accepts the token from the query, a form body, a JSON body or a Bearer header', async () => {
    const user = fake.business.users.find((u) => u.role === 'EMPLOYEE')!;
    expect((await get(`/${user.id}`, { authorization: `Bearer ${T}` })).json.id).toBe(user.id);
    expect((await post(`/${user.id}`, `title=Boss&access_token=${T}`)).json).toEqual({ success: true });
    expect((await post(`/${user.id}`, { title: 'Chief', access_token: T })).json).toEqual({ success: true });
    expect(user.title).toBe('Chief');
    expect(fake.requests.map((r) => r.tokenSource)).toEqual(['bearer', 'body', 'body']);
  });

  it('answers a bad token with 190 and WWW-Authenticate', async () => {
    const res = await get(`/${biz()}/business_users?access_token=nope`);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'OAuthException', code: 190 });
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
    fake.faults.expireToken(T);
    expect((await get(`/${biz()}/business_users?access_token=${T}`)).json.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('runs batches of up to 50 ops and answers each op with code and a JSON string body', async () => {
    const op = { method: 'GET', relative_url: `v26.0/${biz()}/system_users?fields=id,name` };
    const res = await post('/v26.0', `access_token=${T}&include_headers=false&batch=${encodeURIComponent(JSON.stringify([op, { method: 'GET', relative_url: '999/x' }]))}`);
    expect(res.json).toHaveLength(2);
    expect(res.json[0].code).toBe(200);
    expect(res.json[0].headers).toBeUndefined();
    expect(JSON.parse(res.json[0].body).data[0].id).toBe(fake.business.systemUsers[0]!.id);
    expect(JSON.parse(res.json[1].body).error.code).toBe(100);
    const tooMany = await post('/', { access_token: T, batch: Array.from({ length: 51 }, () => op) });
    expect(tooMany.json.error).toMatchObject({ code: 100 });
    fake.faults.nullBatchOpsNext(1);
    expect((await post('/', { access_token: T, batch: [op, op] })).json[0]).toBeNull();
  });

  it('enforces the invite cap with code 17', async () => {
    const capped = await startFakeMeta({ inviteCap: 1 });
    const invite = (email: string) => request(`${capped.url}/v26.0/${capped.business.id}/business_users`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${email}&role=EMPLOYEE&access_token=${T}`,
    }).then((r) => r.body.json() as Promise<any>);
    expect(await invite('a%40x.example')).toHaveProperty('id');
    expect((await invite('b%40x.example')).error).toMatchObject({ code: 17 });
    await capped.close();
  });

  it('reports usage in headers and enforces a BUC window', async () => {
    let clock = 0;
    const limited = await startFakeMeta({ rateLimit: { calls: 4, windowMs: 60_000 }, now: () => clock });
    const call = () => request(`${limited.url}/${limited.business.id}/system_users?access_token=${T}`).then(async (r) => ({
      status: r.statusCode, usage: JSON.parse(String(r.headers['x-business-use-case-usage']))[limited.business.id][0], json: (await r.body.json()) as any,
    }));
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await call());
    expect(seen.map((s) => s.usage.call_count)).toEqual([25, 50, 75, 100, 100]);
    expect(seen[4]).toMatchObject({ status: 400, json: { error: { code: 80004, error_subcode: 2446079 } } });
    expect(seen[4]!.usage.estimated_time_to_regain_access).toBe(1);
    clock += 60_000;
    expect((await call()).status).toBe(200);
    await limited.close();
  });
});

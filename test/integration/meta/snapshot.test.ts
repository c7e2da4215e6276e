import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotProgress } from '../../../src/meta/index.js';
import { generateBusiness, startFakeMeta, type FakeMeta } from '../../fakes/fake-meta.js';
import { TOKEN, clientFor } from './support.js';

let fake: FakeMeta;

beforeAll(async () => {
  fake = await startFakeMeta({
    business: generateBusiness({
      members: 95, invitations: 12, systemUsers: 3, partners: 2, adAccounts: 70, clientAdAccounts: 8,
      pages: 9, clientPages: 3, pixels: 4, catalogs: 3, clientCatalogs: 2, assignmentsPerAsset: [0, 9], seed: 5,
    }),
    tokens: [TOKEN],
    maxLimit: 7,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.faults.clear();
  fake.setPageFaults(undefined);
  fake.setLatency(0);
  fake.resetRecording();
});

describe('fetchSnapshot', () => {
  it('imports every edge completely through short and empty pages', async () => {
    fake.setPageFaults({ emptyEvery: 3, shortEvery: 4 });
    const { client, business } = clientFor(fake);
    const progress: SnapshotProgress[] = [];
    const snap = await business.fetchSnapshot({ onProgress: (p) => progress.push(p) });
    const data = fake.business;

    expect(snap.businessUsers.map((u) => u.id)).toEqual(data.users.map((u) => u.id));
    expect(snap.businessUsers[0]).toMatchObject({ email: data.users[0]!.email, role: data.users[0]!.role, firstName: data.users[0]!.first_name });
    expect(snap.invitations.map((i) => [i.id, i.email, i.status])).toEqual(data.invitations.map((i) => [i.id, i.email, 'PENDING']));
    expect(snap.systemUsers.map((s) => s.id)).toEqual(data.systemUsers.map((s) => s.id));
    expect(snap.partners.map((p) => [p.id, p.adAccounts.length, p.pages.length])).toEqual(
      data.partners.map((p) => [p.id, p.adaccount_permissions.length, p.page_permissions.length]),
    );
    const byId = new Map(snap.assets.map((a) => [a.metaId, a]));
    expect(snap.assets).toHaveLength(data.assets.length);
    for (const asset of data.assets) {
      const got = byId.get(asset.id)!;
      expect(got).toMatchObject({ kind: asset.kind, ownership: asset.ownership, name: asset.name, assignedUsersComplete: true });
      const holders = (list: Array<[string, string[]]>) => list.sort(([a], [b]) => a.localeCompare(b));
      expect(holders(got.assignedUsers.map((u) => [u.userId, u.tasks]))).toEqual(holders(asset.assigned.map((a) => [a.userId, a.tasks])));
    }
    expect(snap.warnings).toEqual([]);
    expect(snap.requestCount).toBe(fake.counts().httpRequests);
    // 95 users at 7 a page is 14 pages; the empty and half pages the fake slipped in make it more.
    expect(fake.counts().byRoute['GET /{id}/business_users']).toBeGreaterThan(17);
    await client.close();
  });

  it('reports summary totals with progress as pages arrive', async () => {
    const { client, business } = clientFor(fake);
    const progress: SnapshotProgress[] = [];
    await business.fetchSnapshot({ onProgress: (p) => progress.push(p) });
    const users = progress.filter((p) => p.edge === 'business_users');
    expect(users.length).toBeGreaterThan(5);
    expect(users.every((p) => p.total === 95)).toBe(true);
    expect(users.at(-1)).toEqual({ edge: 'business_users', fetched: 95, total: 95 });
    expect(progress.filter((p) => p.edge === 'owned_ad_accounts').at(-1)).toEqual({ edge: 'owned_ad_accounts', fetched: 70, total: 70 });
    expect(progress.filter((p) => p.edge === 'assigned_users').at(-1)).toMatchObject({ fetched: 99, total: 99 });
    const first = fake.requests.find((r) => r.route === 'GET /{id}/business_users')!;
    expect(first.query).toMatchObject({ summary: 'total_count', limit: '100', fields: 'id,name,email,role,tasks,first_name,last_name,pending_email,title' });
    await client.close();
  });

  it('loads assigned_users through batches of at most 50 ops and follows each op’s own next page', async () => {
    fake.setLatency(3);
    const { client, business } = clientFor(fake);
    const snap = await business.fetchSnapshot();
    const batches = fake.requests.filter((r) => r.route === 'POST /');
    expect(batches.length).toBeGreaterThanOrEqual(2);
    for (const batch of batches) expect(batch.batch!.length).toBeLessThanOrEqual(50);
    const ops = batches.flatMap((b) => b.batch!);
    const assigned = ops.filter((op) => op.route === 'GET /{id}/assigned_users');
    expect(assigned.every((op) => op.query.business === fake.business.id)).toBe(true);
    // Page tokens come with the Page listings, never one call per Page.
    const listings = fake.requests.filter((r) => /^GET \/\{id\}\/(owned|client)_pages$/.test(r.route));
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.every((r) => r.query.fields === 'id,name,access_token')).toBe(true);
    expect(ops.filter((op) => op.route === 'GET /{id}')).toEqual([]);
    // Some Pages aren't the system user's, so no Page token: every person's assigned_pages is read, which
    // answers for every Page, and no Page is read on its own.
    expect(tokenlessPages().length).toBeGreaterThan(0);
    expect(assigned).toHaveLength(fake.business.assets.filter((a) => a.kind !== 'page').length);
    const perPerson = ops.filter((op) => op.route === 'GET /{id}/assigned_pages');
    expect(perPerson.map((op) => op.path.split('/').at(-2)).sort()).toEqual(
      [...fake.business.users, ...fake.business.systemUsers].map((u) => u.id).sort(),
    );
    expect(perPerson.every((op) => op.query.pages === undefined && op.query.fields === 'id,tasks')).toBe(true);
    for (const page of fake.business.assets.filter((a) => a.kind === 'page')) {
      const got = snap.assets.find((a) => a.metaId === page.id)!;
      expect(got.assignedUsers.map((u) => u.userId).sort()).toEqual(page.assigned.map((a) => a.userId).sort());
    }
    expect(ops.every((op) => op.spec === 'ok')).toBe(true);
    // maxLimit 7 and up to 10 holders: big assets continue with plain GETs from the op's paging.next.
    expect(fake.requests.some((r) => r.route === 'GET /{id}/assigned_users' && r.query.after)).toBe(true);
    // Batches begin before the last asset page has been fetched, and people are read while later pages of
    // people are still coming (pipeline, not two phases).
    const firstBatch = fake.requests.findIndex((r) => r.route === 'POST /');
    const lastAssetPage = fake.requests.findLastIndex((r) => r.route === 'GET /{id}/owned_ad_accounts');
    expect(firstBatch).toBeLessThan(lastAssetPage);
    const firstPeopleBatch = fake.requests.findIndex((r) => r.batch?.some((op) => op.route === 'GET /{id}/assigned_pages'));
    expect(firstPeopleBatch).toBeLessThan(fake.requests.findLastIndex((r) => r.route === 'GET /{id}/business_users'));
    await client.close();
  });

  it('reads each Page with its own token when the system user has every Page, and nobody per person', async () => {
    const biz = generateBusiness({ members: 30, systemUsers: 1, adAccounts: 3, pages: 4, clientPages: 2, seed: 9 });
    const systemUser = biz.systemUsers[0]!.id;
    for (const page of biz.assets.filter((a) => a.kind === 'page')) {
      if (!page.assigned.some((a) => a.userId === systemUser)) page.assigned.push({ userId: systemUser, tasks: ['MANAGE'] });
    }
    const own = await startFakeMeta({ business: biz, tokens: [TOKEN] });
    try {
      const { client, business } = clientFor(own);
      const snap = await business.fetchSnapshot();
      const ops = own.requests.flatMap((r) => r.batch ?? []);
      expect(ops.filter((op) => op.route === 'GET /{id}/assigned_pages')).toEqual([]);
      const pageOps = ops.filter((op) => op.route === 'GET /{id}/assigned_users' && biz.assets.some((a) => a.kind === 'page' && op.path.endsWith(`/${a.id}/assigned_users`)));
      expect(pageOps).toHaveLength(6);
      expect(pageOps.every((op) => op.query.access_token === '[redacted]' && op.spec === 'ok')).toBe(true);
      for (const page of biz.assets.filter((a) => a.kind === 'page')) {
        expect(snap.assets.find((a) => a.metaId === page.id)!.assignedUsers.map((u) => u.userId).sort()).toEqual(page.assigned.map((a) => a.userId).sort());
      }
      expect(JSON.stringify(snap)).not.toMatch(/EAAPage/); // Page tokens are used, never kept
      await client.close();
    } finally {
      await own.close();
    }
  });

  it('retries batch ops that came back null', async () => {
    fake.faults.nullBatchOpsNext(6);
    const { client, business } = clientFor(fake);
    const snap = await business.fetchSnapshot();
    expect(snap.assets.every((a) => a.assignedUsersComplete)).toBe(true);
    const nulls = fake.requests.flatMap((r) => r.batch ?? []).filter((op) => op.status === null);
    expect(nulls).toHaveLength(6);
    const answered = fake.requests.flatMap((r) => r.batch ?? []).filter((op) => op.status !== null);
    expect(fake.counts().batchOps).toBe(answered.length + 6);
    expect(new Set(answered.filter((op) => op.route === 'GET /{id}/assigned_users').map((op) => op.path)).size).toBe(
      fake.business.assets.filter((a) => a.kind !== 'page').length,
    );
    expect(new Set(answered.filter((op) => op.route === 'GET /{id}/assigned_pages').map((op) => op.path)).size).toBe(
      fake.business.users.length + fake.business.systemUsers.length,
    );
    await client.close();
  });

  it('never has more requests in flight for a business than the bound', async () => {
    fake.setLatency(15);
    const { client, business } = clientFor(fake, { maxInFlightPerBusiness: 3 });
    await business.fetchSnapshot();
    expect(fake.counts().maxInFlightByBusiness[fake.business.id]).toBe(3);
    await client.close();
  });

  it('sends the token as a query parameter on GET and in the form body on POST', async () => {
    const { client, business } = clientFor(fake);
    await business.fetchSnapshot();
    for (const r of fake.requests) expect(r.tokenSource).toBe(r.method === 'POST' ? 'body' : 'query');
    expect(fake.requests.every((r) => r.path.startsWith('/v26.0'))).toBe(true);
    await client.close();
  });

  it('fails without leaving requests running behind it', async () => {
    fake.setLatency(10);
    fake.faults.failPath(/\/business_users$/, { code: 100, message: '(#100) Invalid parameter', skip: 1, times: 1 });
    const { client, business } = clientFor(fake, { maxInFlightPerBusiness: 2 });
    await expect(business.fetchSnapshot()).rejects.toMatchObject({ code: 100 });
    const made = fake.requests.length;
    expect(fake.requests.every((r) => r.status !== null)).toBe(true); // all answered, none in flight
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.requests.length).toBe(made);
    await client.close();
  });

  it('turns a closed partner or asset edge into a warning instead of a failed import', async () => {
    fake.faults.failPath(/\/agencies$/, { code: 200, message: '(#200) Requires business_management permission' });
    const account = fake.business.assets.find((a) => a.kind === 'ad_account')!;
    fake.faults.failPath(new RegExp(`^/${account.id}/assigned_users$`), { code: 200, message: '(#200) Permissions error' });
    const { client, business } = clientFor(fake);
    const snap = await business.fetchSnapshot();
    expect(snap.partners).toEqual([]);
    expect(snap.warnings).toHaveLength(2);
    expect(snap.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ edge: 'agencies', code: 200 }),
        expect.objectContaining({ edge: 'assigned_users', metaId: account.id, code: 200 }),
      ]),
    );
    expect(snap.assets.find((a) => a.metaId === account.id)?.assignedUsersComplete).toBe(false);
    await client.close();
  });

  it('marks every Page incomplete when a person’s assigned_pages is refused', async () => {
    const person = fake.business.users[3]!;
    fake.faults.failPath(new RegExp(`^/${person.id}/assigned_pages$`), { code: 200, message: '(#200) Permissions error' });
    const { client, business } = clientFor(fake);
    const snap = await business.fetchSnapshot();
    const pages = snap.assets.filter((a) => a.kind === 'page');
    expect(pages.every((a) => !a.assignedUsersComplete)).toBe(true);
    expect(snap.warnings.map((w) => [w.edge, w.metaId]).sort()).toEqual(pages.map((p) => ['assigned_pages', p.metaId]).sort());
    expect(snap.assets.filter((a) => a.kind !== 'page').every((a) => a.assignedUsersComplete)).toBe(true);
    await client.close();
  });
});

function tokenlessPages() {
  const systemUser = fake.business.systemUsers[0]!.id;
  return fake.business.assets.filter((a) => a.kind === 'page' && !a.assigned.some((x) => x.userId === systemUser));
}

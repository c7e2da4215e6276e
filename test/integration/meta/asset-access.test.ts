import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssetGroupRefusal, MetaPermanentError, PageNotManagedError, type MetaError } from '../../../src/meta/index.js';
import { generateBusiness, startFakeMeta, type FakeMeta } from '../../fakes/fake-meta.js';
import { TOKEN, caught, clientFor } from './support.js';

// The fake must refuse what Meta refuses on asset-level access (reference §6.3, §15), and the client must cope.
const data = generateBusiness({ members: 4, systemUsers: 1, partners: 1, adAccounts: 2, pages: 2, adminShare: 0, seed: 8 });
const [, ana, ben] = data.users;
const [account, grouped, managedPage, strangePage] = data.assets;
const robot = data.systemUsers[0]!;
for (const asset of data.assets) asset.assigned = [];
account!.assigned = [{ userId: ana!.id, tasks: ['ADVERTISE', 'ANALYZE'] }];
grouped!.assigned = [{ userId: ana!.id, tasks: ['ANALYZE'] }];
managedPage!.assigned = [{ userId: robot.id, tasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'] }];
data.assetGroups = [{ id: '7000000000000009', name: 'Spring campaign', assetIds: [grouped!.id], users: [{ userId: ana!.id, tasks: { ad_account: ['ANALYZE'] } }] }];

let fake: FakeMeta;
beforeAll(async () => {
  fake = await startFakeMeta({ business: data, tokens: [TOKEN] });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.faults.clear();
  fake.resetRecording();
});

const ref = (asset: typeof account) => ({ kind: asset!.kind, metaId: asset!.id });

describe('asset-level access in the fake Graph and the client', () => {
  it('refuses a task set Meta does not support with 100/1752129, and takes a documented one', async () => {
    const { client, business } = clientFor(fake);
    const error = (await caught(() => business.grantAssetAccess(ref(account), ben!.id, ['MANAGE', 'DRAFT']))) as MetaError;
    expect(error).toBeInstanceOf(MetaPermanentError);
    expect([error.code, error.subcode]).toEqual([100, 1752129]);
    await business.grantAssetAccess(ref(account), ben!.id, ['ADVERTISE', 'ANALYZE']);
    expect(account!.assigned).toContainEqual({ userId: ben!.id, tasks: ['ADVERTISE', 'ANALYZE'] });
    await client.close();
  });

  it('refuses to take away an asset a person holds through an asset group, and the client names the group', async () => {
    const { client, business } = clientFor(fake);
    const error = await caught(() => business.revokeAssetAccess(ref(grouped), ana!.id));
    expect(error).toBeInstanceOf(AssetGroupRefusal);
    expect((error as AssetGroupRefusal).groups).toEqual([{ id: '7000000000000009', name: 'Spring campaign' }]);
    expect(grouped!.assigned.map((a) => a.userId)).toContain(ana!.id);
    // A grant that keeps every task is no reduction: Meta takes it.
    await business.grantAssetAccess(ref(grouped), ana!.id, ['ADVERTISE', 'ANALYZE']);
    await client.close();
  });

  it("changes a Page's people only with its Page token, and says so when the system user has none", async () => {
    const { client, business } = clientFor(fake);
    await business.grantAssetAccess(ref(managedPage), ana!.id, ['ANALYZE']);
    const post = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${managedPage!.id}/assigned_users`))!;
    expect(post.status).toBe(200);
    expect(post.body.business).toBe(data.id);
    const error = await caught(() => business.grantAssetAccess(ref(strangePage), ana!.id, ['ANALYZE']));
    expect(error).toBeInstanceOf(PageNotManagedError);
    expect(fake.requests.some((r) => r.method === 'POST' && r.path.endsWith(`/${strangePage!.id}/assigned_users`))).toBe(false);
    await client.close();
  });

  it("refuses the older Page task names as Meta now does, and takes the newer ones", async () => {
    const { client, business } = clientFor(fake);
    for (const legacy of [['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'], ['MESSAGING']]) {
      const error = (await caught(() => business.grantAssetAccess(ref(managedPage), ben!.id, legacy))) as MetaError;
      expect(error).toBeInstanceOf(MetaPermanentError);
      expect(error.code).toBe(100);
      expect(error.message).toMatch(/violated JSON schema constraint 'enum'.*expected: \[FULL_CONTROL, CONTENT, MESSAGES, COMMUNITY_ACTIVITY, ADVERTISE, ANALYZE/);
    }
    expect(fake.takeViolations().map((v) => v.reason)).toEqual(['bad_enum', 'bad_enum']);
    expect(managedPage!.assigned.some((a) => a.userId === ben!.id)).toBe(false);
    await business.grantAssetAccess(ref(managedPage), ben!.id, ['CONTENT', 'MESSAGES', 'ANALYZE']);
    expect(managedPage!.assigned).toContainEqual({ userId: ben!.id, tasks: ['CONTENT', 'MESSAGES', 'ANALYZE'] });
    await business.grantAssetAccess(ref(managedPage), ben!.id, ['FULL_CONTROL']);
    expect(managedPage!.assigned).toContainEqual({ userId: ben!.id, tasks: ['FULL_CONTROL'] });
    await client.close();
  });

  it('counts an asset or a partner already gone as done, after checking Meta no longer lists it', async () => {
    const { client, business } = clientFor(fake);
    expect(await business.revokeAssetAccess(ref(account), ana!.id)).toEqual({ alreadyGone: false });
    expect(await business.revokeAssetAccess(ref(account), ana!.id)).toEqual({ alreadyGone: true });
    const partner = data.partners[0]!;
    expect(await business.removePartner(partner.id)).toEqual({ alreadyGone: false });
    expect(await business.removePartner(partner.id)).toEqual({ alreadyGone: true });
    expect(fake.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/${data.id}/agencies`))).toBe(true);
    await client.close();
  });
});

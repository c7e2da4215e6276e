import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGroup, createUser, patchBody, storedMembers } from './fixtures.js';
import { startScimServer, type ScimServer } from './scim-server.js';

/** Paging, projections, discovery and the HTTP details the IdPs and their test suites check. */
let server: ScimServer;
const ids: string[] = [];
beforeAll(async () => {
  server = await startScimServer();
  for (let i = 0; i < 25; i++) {
    ids.push(await createUser(server, {
      userName: `user${String(i).padStart(2, '0')}@contoso.com`,
      name: { givenName: `Given${i}`, familyName: 'Family' },
      emails: [{ type: 'work', value: `user${i}@contoso.com`, primary: true }],
      active: i % 5 !== 0,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: i % 2 ? 'Sales' : 'Ops' },
    }));
  }
});
afterAll(async () => {
  await server?.close();
});

describe('paging', () => {
  test('pages are integers, stable, disjoint and complete', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 25; start += 10) {
      const page = await server.request('GET', `/Users?startIndex=${start}&count=10`);
      expect(page.body).toMatchObject({ totalResults: 25, startIndex: start, itemsPerPage: Math.min(10, 26 - start) });
      seen.push(...page.body.Resources.map((user: { id: string }) => user.id));
    }
    expect(seen).toEqual(ids);
    const zero = await server.request('GET', '/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: 25, itemsPerPage: 0, Resources: [] });
    expect((await server.request('GET', '/Users?startIndex=100')).body).toMatchObject({ totalResults: 25, Resources: [] });
  });

  test('filters page too; inactive users are listed with active false', async () => {
    const inactive = await server.request('GET', '/Users?filter=active eq false&count=2&startIndex=2');
    expect(inactive.body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(inactive.body.Resources.map((user: { id: string; active: boolean }) => [user.id, user.active])).toEqual([[ids[5], false], [ids[10], false]]);
    const past = await server.request('GET', '/Users?filter=active eq false&startIndex=9');
    expect(past.body).toMatchObject({ totalResults: 5, Resources: [] });
  });

  test('richer filters work end to end', async () => {
    const count = async (filter: string) => (await server.request('GET', `/Users?filter=${encodeURIComponent(filter)}&count=100`)).body.totalResults;
    expect(await count('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales" and active eq true')).toBe(10);
    expect(await count('userName sw "USER1" or userName ew "24@contoso.com"')).toBe(11);
    expect(await count('name.givenName co "en2" and not (emails.value eq "user20@contoso.com")')).toBe(5);
    expect(await count('emails[type eq "work" and value co "user1"].value pr')).toBe(11);
    expect(await count(`id eq "${ids[3]}" or externalId pr`)).toBe(1);
    expect(await count('meta.created gt "2000-01-01T00:00:00Z" and title eq null')).toBe(25);
  });
});

describe('projections', () => {
  test('attributes and excludedAttributes on lists and single reads', async () => {
    const list = await server.request('GET', '/Users?filter=userName eq "user01@contoso.com"&attributes=userName,name.givenName');
    expect(list.body.Resources[0]).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      id: ids[1], userName: 'user01@contoso.com', name: { givenName: 'Given1' },
    });
    const one = await server.request('GET', `/Users/${ids[1]}?excludedAttributes=emails,meta`);
    expect(one.body).toHaveProperty('userName');
    expect(one.body).not.toHaveProperty('emails');
    expect(one.body).not.toHaveProperty('meta');
  });

  test('groups carry members unless excluded', async () => {
    const id = await createGroup(server, 'Projection group', ids.slice(0, 3));
    const full = await server.request('GET', `/Groups/${id}`);
    expect(full.body.members.map((member: { value: string }) => member.value).sort()).toEqual(ids.slice(0, 3).sort());
    expect((await server.request('GET', '/Groups?attributes=displayName')).body.Resources[0]).not.toHaveProperty('members');
    expect((await server.request('GET', '/Groups?filter=displayName eq "projection GROUP"')).body.Resources[0].members).toHaveLength(3);
    expect((await server.request('GET', `/Groups?filter=members[value eq "${ids[2]}"]&excludedAttributes=members`)).body.totalResults).toBe(1);
  });
});

describe('writes', () => {
  test('PUT on a group replaces its membership; PUT without members keeps it', async () => {
    const id = await createGroup(server, 'Put group', [ids[0]!]);
    const put = await server.request('PUT', `/Groups/${id}`, { displayName: 'Put group', members: [{ value: ids[1] }, { value: ids[2] }] });
    expect(put.status).toBe(200);
    expect(await storedMembers(server.db, id)).toEqual([ids[1], ids[2]].sort());
    await server.request('PUT', `/Groups/${id}`, { displayName: 'Put group renamed' });
    expect(await storedMembers(server.db, id)).toEqual([ids[1], ids[2]].sort());
  });

  test('renaming a user onto a taken userName → 409', async () => {
    const response = await server.request('PATCH', `/Users/${ids[3]}`, patchBody({ op: 'replace', path: 'userName', value: 'USER04@contoso.com' }));
    expect(response).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });
  });

  test('requests sent as application/json are accepted (Okta SPEC test POSTs)', async () => {
    const created = await server.request('POST', '/Users', JSON.stringify({ userName: 'json@contoso.com' }), { 'content-type': 'application/json; charset=utf-8' });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(created.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\//);
  });
});

describe('discovery', () => {
  test('ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await server.request('GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 1000 }, etag: { supported: false } });
    const types = await server.request('GET', '/ResourceTypes');
    expect(types.body.Resources.map((type: { id: string }) => type.id)).toEqual(['User', 'Group']);
    expect((await server.request('GET', '/ResourceTypes/User')).body.schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
    ]);
    const schemas = await server.request('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(3);
    expect(schemas.text).not.toContain('null');
    const user = await server.request('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    expect(user.body.attributes.find((attr: { name: string }) => attr.name === 'userName')).toMatchObject({ required: true, caseExact: false, uniqueness: 'server' });
    expect((await server.request('GET', '/Schemas/urn:nope')).status).toBe(404);
  });
});

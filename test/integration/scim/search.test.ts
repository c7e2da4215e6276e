import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectError, unchanged as unchangedIn } from './assertions.js';
import { createGroup, createUser } from './fixtures.js';
import { startScimServer, type ScimServer } from './scim-server.js';

/** POST /Users/.search and /Groups/.search (RFC 7644 §3.4.3): a SearchRequest body, a ListResponse like GET. */
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
let server: ScimServer;
beforeAll(async () => {
  server = await startScimServer();
  const ids: string[] = [];
  for (const name of ['ann', 'bob', 'cat', 'dan']) {
    ids.push(await createUser(server, { userName: `${name}@contoso.com`, title: 'Engineer', name: { givenName: name, familyName: 'Doe' } }));
  }
  await createGroup(server, 'Engineers', ids);
  await createGroup(server, 'Sales', []);
});
afterAll(async () => {
  await server?.close();
});

const unchanged = (run: () => Promise<void>) => unchangedIn(server, run);
const search = (resource: string, body: Record<string, unknown>) => server.request('POST', `${resource}/.search`, { schemas: [SEARCH], ...body });

describe('POST .search', () => {
  test('users: filter, paging and attributes answer exactly what the equivalent GET does', async () => {
    const searched = await search('/Users', { filter: 'title eq "Engineer"', startIndex: 2, count: 2, attributes: ['userName', 'name.givenName'] });
    expect(searched.status, searched.text).toBe(200);
    expect(searched.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const listed = await server.request('GET', `/Users?filter=${encodeURIComponent('title eq "Engineer"')}&startIndex=2&count=2&attributes=userName,name.givenName`);
    expect(searched.body).toEqual(listed.body);
    expect(searched.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 4, startIndex: 2, itemsPerPage: 2,
      Resources: [{ userName: 'bob@contoso.com', name: { givenName: 'bob' } }, { userName: 'cat@contoso.com' }],
    });
    expect(searched.body.Resources[0]).not.toHaveProperty('title');
  });

  test('groups: excludedAttributes drops members, as Entra asks', async () => {
    const searched = await search('/Groups', { filter: 'displayName eq "engineers"', excludedAttributes: ['members'] });
    expect(searched.body).toMatchObject({ totalResults: 1, Resources: [{ displayName: 'Engineers' }] });
    expect(searched.body.Resources[0]).not.toHaveProperty('members');
    const all = await search('/Groups', {});
    expect(all.body.totalResults).toBe(2);
    expect(all.body.Resources[0].members).toHaveLength(4);
  });

  test('key names are case-insensitive, sortBy is ignored (sort is unsupported), a huge count is no error', async () => {
    const searched = await server.request('POST', '/Users/.search', { Schemas: [SEARCH.toUpperCase()], Filter: 'userName sw "a"', COUNT: 1e30, sortBy: 'userName' });
    expect(searched.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, Resources: [{ userName: 'ann@contoso.com' }] });
  });

  test.each([
    ['no SearchRequest schema', { filter: 'userName pr' }, 400, 'invalidSyntax', `A search body needs "schemas": ["${SEARCH}"]`],
    ['a filter that is not a string', { schemas: [SEARCH], filter: 5 }, 400, 'invalidFilter', 'filter must be a string'],
    ['an unparsable filter', { schemas: [SEARCH], filter: 'userName eq' }, 400, 'invalidFilter', /does not parse/],
    ['attributes that are not names', { schemas: [SEARCH], attributes: [1] }, 400, 'invalidValue', 'attributes must be a list of attribute names'],
    ['a fractional count', { schemas: [SEARCH], count: 1.5 }, 400, 'invalidValue', 'count must be a whole number, not 1.5'],
  ])('%s → %i %s', async (_label, body, status, scimType, detail) => {
    await unchanged(async () => {
      expectError(await server.request('POST', '/Users/.search', body), status, scimType, detail);
      expectError(await server.request('POST', '/Groups/.search', body), status, scimType, detail);
    });
  });

  test('other methods on .search → 405 with Allow: POST', async () => {
    await unchanged(async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const response = await server.request(method, '/Users/.search', method === 'PUT' ? { schemas: [SEARCH] } : undefined);
        expectError(response, 405, undefined, 'Use POST here');
        expect(response.headers.get('allow')).toBe('POST');
      }
    });
  });
});

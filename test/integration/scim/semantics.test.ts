import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectError, unchanged as unchangedIn } from './assertions.js';
import { createUser, patchBody, storedUser } from './fixtures.js';
import { startScimServer, type ScimServer } from './scim-server.js';

/** Issue 17: filters, primaries, whole-extension PATCH paths and `active` behave as RFC 7643/7644 say. */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let server: ScimServer;
let userId: string;
let goneId: string;
beforeAll(async () => {
  server = await startScimServer();
  userId = await createUser(server, { userName: 'bjensen@contoso.com', externalId: 'bjensen', [ENTERPRISE]: { department: 'Sales', costCenter: '42' } });
  goneId = await createUser(server, { userName: 'gone@contoso.com', active: false });
});
afterAll(async () => {
  await server?.close();
});

const unchanged = (run: () => Promise<void>) => unchangedIn(server, run);

describe('filters', () => {
  test.each([
    ['/Users', 'userName eq bjensen', 'userName eq "bjensen"'],
    ['/Users', 'externalId eq bjensen', 'externalId eq "bjensen"'],
    ['/Users', 'userName sw bj and active eq true', 'userName sw "bj" and active eq true'],
    ['/Groups', 'displayName eq Admins', 'displayName eq "Admins"'],
  ])('an unquoted string on %s (%j) → 400 invalidFilter suggesting the quoted form', async (resource, filter, fixed) => {
    await unchanged(async () => {
      const detail = `String values in a filter must be in double quotes, e.g. ${fixed}`;
      expectError(await server.request('GET', `${resource}?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter', detail);
      const searched = await server.request('POST', `${resource}/.search`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter });
      expectError(searched, 400, 'invalidFilter', detail);
    });
  });

  test('a date beyond what Postgres stores → 400 invalidFilter', async () => {
    await unchanged(async () => {
      const response = await server.request('GET', `/Users?filter=${encodeURIComponent('meta.created gt "-271821-04-20T00:00:00Z"')}`);
      expectError(response, 400, 'invalidFilter', 'meta.created must be compared with a date between the years 1 and 9999');
    });
  });
});

describe('primary values (RFC 7643 §2.4: "true" at most once)', () => {
  const twice = { emails: [{ value: 'a@x', type: 'work', primary: true }, { value: 'b@x', type: 'home', primary: 'True' }] };

  test('two primary emails on POST or PUT → 400 invalidValue', async () => {
    await unchanged(async () => {
      const detail = 'emails has 2 values marked primary; at most one may be';
      expectError(await server.request('POST', '/Users', { userName: 'p@x', ...twice }), 400, 'invalidValue', detail);
      expectError(await server.request('PUT', `/Users/${userId}`, { userName: 'bjensen@contoso.com', ...twice }), 400, 'invalidValue', detail);
    });
  });

  test('the same for any multi-valued attribute', async () => {
    await unchanged(async () => {
      const phoneNumbers = [{ value: '1', primary: true }, { value: '2', primary: true }, { value: '3', primary: true }];
      expectError(await server.request('POST', '/Users', { userName: 'p@x', phoneNumbers }), 400, 'invalidValue', 'phoneNumbers has 3 values marked primary');
    });
  });

  test('one primary is fine', async () => {
    const response = await server.request('POST', '/Users', { userName: 'one@x', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: false }] });
    expect(response.status, response.text).toBe(201);
    await server.request('DELETE', `/Users/${response.body.id}`);
  });
});

describe('PATCH with the enterprise extension URN as the path', () => {
  test.each(['add', 'replace', 'Replace'])('%s sets the named sub-attributes and leaves the others', async (op) => {
    const response = await server.request('PATCH', `/Users/${userId}`, patchBody({
      op, path: ENTERPRISE, value: { department: `R&D ${op}`, manager: { value: 'm-1' } },
    }));
    expect(response.status, response.text).toBe(200);
    expect(response.body[ENTERPRISE]).toEqual({ department: `R&D ${op}`, costCenter: '42', manager: { value: 'm-1' } });
    expect(response.body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
    expect(Object.keys(response.body).filter((key) => key.startsWith('urn:'))).toEqual([ENTERPRISE]);
    expect(await storedUser(server.db, userId)).toMatchObject({ department: `R&D ${op}` });
  });

  test('a value that is not an object → 400 invalidValue', async () => {
    await unchanged(async () => {
      const response = await server.request('PATCH', `/Users/${userId}`, patchBody({ op: 'replace', path: ENTERPRISE, value: 'Sales' }));
      expectError(response, 400, 'invalidValue', `replace on ${ENTERPRISE} needs an object "value" of its attributes`);
    });
  });

  test('remove drops the whole extension', async () => {
    const other = await createUser(server, { userName: 'ext@x', [ENTERPRISE]: { department: 'Ops' } });
    const response = await server.request('PATCH', `/Users/${other}`, patchBody({ op: 'remove', path: ENTERPRISE }));
    expect(response.status, response.text).toBe(200);
    expect(response.body).not.toHaveProperty(ENTERPRISE);
    expect(await storedUser(server.db, other)).toMatchObject({ department: null });
  });
});

describe('removing active (RFC 7644 §3.5.2.2) is refused and can not reactivate anyone', () => {
  test.each([
    ['remove', { op: 'remove', path: 'active' }],
    ['Remove, any case', { op: 'Remove', path: 'Active' }],
    ['remove by URN', { op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:User:active' }],
    ['replace with null', { op: 'replace', path: 'active', value: null }],
    ['path-less null', { op: 'replace', value: { active: null } }],
  ])('%s → 400 mutability; the deactivated person stays deactivated', async (_label, operation) => {
    await unchanged(async () => {
      const response = await server.request('PATCH', `/Users/${goneId}`, patchBody(operation));
      expectError(response, 400, 'mutability', 'active can not be removed; replace it with false to deactivate the user, or true to reactivate');
    });
    expect(await storedUser(server.db, goneId)).toMatchObject({ active: false });
    expect((await server.request('GET', `/Users/${goneId}`)).body.active).toBe(false);
  });

  test('nor does it slip through beside other operations', async () => {
    await unchanged(async () => {
      const response = await server.request('PATCH', `/Users/${goneId}`, patchBody({ op: 'replace', path: 'title', value: 'x' }, { op: 'remove', path: 'active' }));
      expectError(response, 400, 'mutability');
    });
  });
});

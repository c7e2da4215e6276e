import { expect } from 'vitest';
import {
  auditTrail,
  createUser,
  loadFixture,
  replay,
  storedUser,
  type Fixture,
} from './fixtures.js';
import type { ScimServer } from './scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The parts of a documented response we can reproduce (ids and timestamps are ours). */
function portable(resource: Record<string, unknown>) {
  const { id: _id, meta: _meta, ...rest } = resource;
  return rest;
}

export type Scenario = (server: ScimServer, fixture: Fixture) => Promise<void>;

export const userScenarios: Record<string, Scenario> = {
  async 'entra-01-get-user-by-username.json'(server, fixture) {
    const expected = fixture.response!.body.Resources[0];
    const id = await createUser(server, portable(expected));
    const response = await replay(server, fixture);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toMatchObject({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(response.body.Resources[0]).toMatchObject({ ...portable(expected), id, schemas: [USER] });
  },

  async 'entra-02-get-user-by-query-zero-results.json'(server, fixture) {
    await createUser(server, { userName: 'someone.else@contoso.com' });
    const response = await replay(server, fixture);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  },

  async 'entra-03-create-user.json'(server, fixture) {
    const response = await replay(server, fixture);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject(portable(fixture.response!.body));
    expect(response.headers.get('location')).toBe(response.body.meta.location);
    const row = await storedUser(server.db, response.body.id);
    expect(row).toMatchObject({
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      active: true,
      givenName: 'givenName',
      familyName: 'familyName',
      workEmail: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
      deactivatedAt: null,
    });
    expect(row.resource).not.toHaveProperty('meta');
    expect((await auditTrail(server.db)).map((event) => event.action)).toEqual(['directory.user.created']);
  },

  async 'entra-04-get-user-not-found.json'(server, fixture) {
    const response = await replay(server, fixture);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(response.body.detail).toBeTruthy();
  },

  async 'entra-05-patch-user-multivalued.json'(server, fixture) {
    const id = await createUser(server, {
      ...portable(fixture.response!.body),
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      emails: [{ value: 'before@microsoft.com', type: 'work', primary: true }],
    });
    const response = await replay(server, fixture, { id });
    expect(response.status).toBe(200);
    expect(response.body.emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
    expect(response.body.name).toMatchObject({ familyName: 'updatedFamilyName', givenName: 'givenName' });
    expect(await storedUser(server.db, id)).toMatchObject({ workEmail: 'updatedEmail@microsoft.com', familyName: 'updatedFamilyName', active: true });
  },

  async 'entra-06-patch-user-disable.json'(server, fixture) {
    const id = await createUser(server, { ...portable(fixture.response!.body), active: true });
    const response = await replay(server, fixture, { id });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, active: false, userName: 'deanruiz@testuser.com' });
    const row = await storedUser(server.db, id);
    expect(row).toMatchObject({ active: false, deactivatedVia: 'patch-replace-active' });
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    expect(server.deactivated).toEqual([[id]]);
    // Deactivated users stay readable (Entra and Okta re-match on them).
    expect((await server.request('GET', `/Users/${id}`)).body.active).toBe(false);
  },

  async 'entra-07-delete-user.json'(server, fixture) {
    const id = await createUser(server, { userName: 'leaver@contoso.com', emails: [{ type: 'work', value: 'leaver@contoso.com' }] });
    const response = await replay(server, fixture, { id });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await server.request('GET', `/Users/${id}`)).status).toBe(404);
    expect((await server.request('GET', '/Users?filter=userName eq "leaver@contoso.com"')).body.totalResults).toBe(0);
    expect((await server.request('DELETE', `/Users/${id}`)).status).toBe(404);
    const row = await storedUser(server.db, id);
    expect(row).toMatchObject({ active: false, deactivatedVia: 'delete' });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(server.deactivated).toEqual([[id]]);
    const actions = (await auditTrail(server.db)).map((event) => event.action);
    expect(actions).toEqual(['directory.user.created', 'directory.user.deactivated', 'directory.user.deleted']);
  },

  async 'entra-11-aadoptscim062020-disable-user.json'(server, fixture) {
    const bodies = [fixture.request.bodyWithoutFlag, fixture.request.bodyWithFlag];
    // Lower-case "false" has been seen from Entra as well.
    bodies.push({ ...bodies[0], Operations: [{ op: 'Replace', path: 'active', value: 'false' }] });
    for (const [index, body] of bodies.entries()) {
      const id = await createUser(server, { userName: `disable-${index}@contoso.com` });
      const response = await replay(server, fixture, { id, body });
      expect(response.status).toBe(200);
      expect(response.body.active).toBe(false);
      expect(await storedUser(server.db, id)).toMatchObject({ active: false, deactivatedVia: 'patch-replace-active' });
    }
    expect(server.deactivated).toHaveLength(3);
  },

  async 'entra-12-aadoptscim062020-replace-multiple-attributes.json'(server, fixture) {
    const seed = {
      userName: 'multi@contoso.com',
      displayName: 'Before',
      name: { givenName: 'Old', familyName: 'Name' },
      emails: [{ type: 'work', value: 'old@contoso.com', primary: true }],
    };
    const without = await createUser(server, seed);
    expect((await replay(server, fixture, { id: without, body: fixture.request.bodyWithoutFlag })).status).toBe(200);
    expect(await storedUser(server.db, without)).toMatchObject({
      displayName: 'Pvlo', workEmail: 'TestBcwqnm@test.microsoft.com', givenName: 'Gtfd', familyName: 'Pkqf',
      externalId: 'Eqpj', employeeNumber: 'Eqpj',
    });

    const withFlag = await createUser(server, { ...seed, userName: 'multi2@contoso.com' });
    const response = await replay(server, fixture, { id: withFlag, body: fixture.request.bodyWithFlag });
    expect(response.status).toBe(200);
    const row = await storedUser(server.db, withFlag);
    expect(row).toMatchObject({ displayName: 'Bjfe', workEmail: 'TestMhvaes@test.microsoft.com', givenName: 'Kkom', familyName: 'Unua', employeeNumber: 'Aklq' });
    // Dotted keys are paths, not literal attribute names.
    expect(Object.keys(row.resource).filter((key) => key.includes('.') && !key.startsWith('urn:'))).toEqual([]);
    expect(response.body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({ employeeNumber: 'Aklq' });
  },

  async 'okta-01-create-user.json'(server, fixture) {
    const lookup = await server.request('GET', '/scim/v2/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100');
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const response = await replay(server, fixture);
    expect(response.status).toBe(201);
    const { groups: _readOnly, ...expected } = portable(fixture.response!.body);
    expect(response.body).toMatchObject(expected);
    expect(response.body).not.toHaveProperty('password');
    const row = await storedUser(server.db, response.body.id);
    expect(row).toMatchObject({ userName: 'test.user@okta.local', externalId: '00ujl29u0le5T6Aj10h7', displayName: 'Test User', active: true });
    expect(row.resource).not.toHaveProperty('password');
    expect(row.resource).not.toHaveProperty('groups');
    expect(JSON.stringify(await auditTrail(server.db))).not.toContain('1mz050nq');
  },

  async 'okta-02-create-user-conflict.json'(server, fixture) {
    const body = loadFixture('okta-01-create-user.json').request.body;
    await createUser(server, body);
    for (const userName of [body.userName, body.userName.toUpperCase()]) {
      const response = await replay(server, fixture, { body: { ...body, userName } });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    }
    expect((await server.request('GET', '/Users')).body.totalResults).toBe(1);
  },

  async 'okta-03-put-update-user.json'(server, fixture) {
    const id = await createUser(server, loadFixture('okta-01-create-user.json').request.body);
    const response = await replay(server, fixture, { id, body: { ...fixture.request.body, id } });
    expect(response.status).toBe(200);
    const { groups: _readOnly, ...expected } = portable(fixture.response!.body);
    expect(response.body).toMatchObject({ ...expected, id });
    const row = await storedUser(server.db, id);
    expect(row).toMatchObject({ givenName: 'Another', familyName: 'User', active: true });
    expect(row.resource.name).toEqual({ givenName: 'Another', middleName: 'Excited', familyName: 'User' });
  },

  async 'okta-04-patch-deactivate-user.json'(server, fixture) {
    const id = await createUser(server, loadFixture('okta-01-create-user.json').request.body);
    const response = await replay(server, fixture, { id });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, userName: 'test.user@okta.local', active: false });
    expect(await storedUser(server.db, id)).toMatchObject({ active: false, deactivatedVia: 'patch-replace-pathless' });
    expect(server.deactivated).toEqual([[id]]);
  },

  async 'refcode-01-post-user-string-true.json'(server, fixture) {
    const response = await replay(server, fixture);
    expect(response.status).toBe(201);
    expect(response.body.active).toBe(true);
    const row = await storedUser(server.db, response.body.id);
    expect(row).toMatchObject({ userName: 'emp1', active: true, title: 'Site engineer', workEmail: 'anna33@gmail.com' });
    expect(row.emailKeys.sort()).toEqual(['anna33@example.com', 'anna33@gmail.com']);
    expect(row.resource.preferredLanguage).toBe('xh');
    expect(row.resource.phoneNumbers).toHaveLength(3);
    // Nulls are dropped, values kept as sent.
    expect((row.resource.addresses as unknown[])[1]).toEqual({ formatted: '18522 Lisa Unions\nEast Gregory, CT 52311', type: 'other', primary: false });
    expect(row.resource.name).toEqual({ formatted: 'Daniel Mcgee', familyName: 'Employee', givenName: 'Darl' });
  },
};

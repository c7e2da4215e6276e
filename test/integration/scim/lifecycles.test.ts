import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { auditTrail, patchBody, resetDirectory, storedGroup, storedMembers, storedUser } from './fixtures.js';
import { startScimServer, TOKEN, type ScimServer } from './scim-server.js';

/** Whole lifecycles as each IdP drives them: create → update → deactivate → reactivate → delete, and groups. */
let server: ScimServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await resetDirectory(server.db);
  server.deactivated.length = 0;
});

const OKTA = { 'user-agent': 'Okta SCIM Client 1.0.0' };
const ENTRA = { 'user-agent': 'Microsoft.Azure.ActiveDirectory.Provisioning' };
const actions = async () => (await auditTrail(server.db)).map((event) => event.action);

describe('Okta', () => {
  test('user: assign, update by PUT, deactivate, reactivate, delete', async () => {
    const lookup = await server.request('GET', '/Users?filter=userName eq "jo@okta.local"&startIndex=1&count=100', undefined, OKTA);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'jo@okta.local', name: { givenName: 'Jo', familyName: 'Lee' }, emails: [{ primary: true, value: 'jo@okta.local', type: 'work' }], active: true, password: 'pw-1', externalId: '00u1' };
    const created = await server.request('POST', '/Users', body, { ...OKTA, 'content-type': 'application/json' });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const current = (await server.request('GET', `/Users/${id}`, undefined, OKTA)).body;
    const put = await server.request('PUT', `/Users/${id}`, { ...current, name: { givenName: 'Joanna', familyName: 'Lee' }, title: 'Designer' }, OKTA);
    expect(put.body).toMatchObject({ id, name: { givenName: 'Joanna' }, title: 'Designer', active: true });

    const off = await server.request('PATCH', `/Users/${id}`, patchBody({ op: 'replace', value: { active: false } }), OKTA);
    expect(off.body.active).toBe(false);
    expect(await storedUser(server.db, id)).toMatchObject({ active: false, deactivatedVia: 'patch-replace-pathless' });
    // Retried by Okta: no second transition, no second check.
    await server.request('PATCH', `/Users/${id}`, patchBody({ op: 'replace', value: { active: false } }), OKTA);
    expect(server.deactivated).toEqual([[id]]);

    const on = await server.request('PATCH', `/Users/${id}`, patchBody({ op: 'replace', value: { active: true } }), OKTA);
    expect(on.body.active).toBe(true);
    expect(await storedUser(server.db, id)).toMatchObject({ active: true, deactivatedAt: null, deactivatedVia: null });

    expect((await server.request('DELETE', `/Users/${id}`, undefined, OKTA)).status).toBe(204);
    expect((await server.request('GET', `/Users/${id}`, undefined, OKTA)).status).toBe(404);
    expect(await storedUser(server.db, id)).toMatchObject({ active: false, deactivatedVia: 'delete' });

    expect(await actions()).toEqual([
      'directory.user.created', 'directory.user.updated', 'directory.user.deactivated', 'directory.user.reactivated',
      'directory.user.deactivated', 'directory.user.deleted',
    ]);
    const trail = JSON.stringify(await auditTrail(server.db));
    expect(trail).toContain('"idp":"okta"');
    expect(trail).not.toContain('pw-1');
    expect(trail).not.toContain(TOKEN);
    expect(server.logLines.join('\n')).not.toContain(TOKEN);
  });

  test('AIW integrations deactivate by PUT; a PUT without active leaves the state alone', async () => {
    const created = await server.request('POST', '/Users', { userName: 'aiw@okta.local', active: true }, OKTA);
    const id = created.body.id;
    await server.request('PUT', `/Users/${id}`, { userName: 'aiw@okta.local', active: false }, OKTA);
    expect(await storedUser(server.db, id)).toMatchObject({ active: false, deactivatedVia: 'put' });
    const put = await server.request('PUT', `/Users/${id}`, { userName: 'aiw@okta.local', title: 'x' }, OKTA);
    expect(put.body.active).toBe(false);
    expect(server.deactivated).toEqual([[id]]);
  });

  test('group push: create, add, remove one, rename, delete', async () => {
    const users = [];
    for (const name of ['a', 'b']) users.push((await server.request('POST', '/Users', { userName: `${name}@okta.local` }, OKTA)).body.id);
    const [a, b] = users;
    const group = await server.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Test SCIMv2', members: [] }, OKTA);
    expect(group.status).toBe(201);
    const id = group.body.id;
    expect((await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'add', path: 'members', value: [{ value: a, display: 'a' }, { value: b, display: 'b' }] }), OKTA)).status).toBe(204);
    expect((await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'remove', path: `members[value eq "${a}"]` }), OKTA)).status).toBe(204);
    expect(await storedMembers(server.db, id)).toEqual([b]);
    expect((await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'replace', value: { id, displayName: 'Renamed' } }), OKTA)).status).toBe(204);
    expect((await server.request('GET', `/Groups/${id}`, undefined, OKTA)).body).toMatchObject({ displayName: 'Renamed', members: [{ value: b }] });
    expect((await server.request('DELETE', `/Groups/${id}`, undefined, OKTA)).status).toBe(204);
    expect((await server.request('GET', `/Groups/${id}`, undefined, OKTA)).status).toBe(404);
    expect(await storedGroup(server.db, id)).toBeUndefined();
    expect((await actions()).filter((action) => action.startsWith('directory.group'))).toEqual([
      'directory.group.created', 'directory.group.members_added', 'directory.group.members_removed', 'directory.group.updated', 'directory.group.deleted',
    ]);
  });
});

describe('Entra ID', () => {
  test('user: match, create, update, disable ("False"), enable ("True"), hard delete', async () => {
    const userName = 'Ana.Silva@contoso.onmicrosoft.com';
    expect((await server.request('GET', `/Users?filter=userName eq "${userName}"`, undefined, ENTRA)).body.totalResults).toBe(0);
    const created = await server.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: 'anasilva', userName, active: true, emails: [{ primary: true, type: 'work', value: 'ana@contoso.com' }],
      meta: { resourceType: 'User' }, name: { formatted: 'Ana Silva', familyName: 'Silva', givenName: 'Ana' }, roles: [],
    }, ENTRA);
    const id = created.body.id;
    // Entra's matching query, by userName in any case or by the work email.
    expect((await server.request('GET', `/Users?filter=userName eq "${userName.toLowerCase()}"`, undefined, ENTRA)).body.Resources[0].id).toBe(id);
    expect((await server.request('GET', '/Users?filter=emails[type eq "work"].value eq "ANA@contoso.com"', undefined, ENTRA)).body.Resources[0].id).toBe(id);

    const update = await server.request('PATCH', `/Users/${id}`, patchBody(
      { op: 'Replace', path: 'title', value: 'Analyst' },
      { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Finance' },
    ), ENTRA);
    expect(update.status).toBe(200);
    expect(await storedUser(server.db, id)).toMatchObject({ title: 'Analyst', department: 'Finance' });

    await server.request('PATCH', `/Users/${id}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }), ENTRA);
    const disabled = await storedUser(server.db, id);
    expect(disabled).toMatchObject({ active: false, deactivatedVia: 'patch-replace-active' });
    expect((await server.request('GET', `/Users?filter=userName eq "${userName}"`, undefined, ENTRA)).body.Resources[0].active).toBe(false);

    await server.request('PATCH', `/Users/${id}`, patchBody({ op: 'Replace', path: 'active', value: 'True' }), ENTRA);
    expect(await storedUser(server.db, id)).toMatchObject({ active: true, deactivatedAt: null });

    expect((await server.request('DELETE', `/Users/${id}`, undefined, ENTRA)).status).toBe(204);
    expect((await server.request('GET', `/Users?filter=userName eq "${userName}"`, undefined, ENTRA)).body.totalResults).toBe(0);
    // After a hard delete the same userName can be provisioned again.
    expect((await server.request('POST', '/Users', { userName }, ENTRA)).status).toBe(201);
    expect(server.deactivated).toEqual([[id], [id]]);
    expect(await actions()).toEqual([
      'directory.user.created', 'directory.user.updated', 'directory.user.deactivated', 'directory.user.reactivated',
      'directory.user.deactivated', 'directory.user.deleted', 'directory.user.created',
    ]);
  });

  test('group: query, create, add members, remove one (no flag), rename, delete', async () => {
    const users = [];
    for (const name of ['a', 'b', 'c']) users.push((await server.request('POST', '/Users', { userName: `${name}@contoso.com` }, ENTRA)).body.id);
    const query = await server.request('GET', '/Groups?excludedAttributes=members&filter=displayName eq "Finance"', undefined, ENTRA);
    expect(query.body.totalResults).toBe(0);
    const id = (await server.request('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], externalId: 'g1', displayName: 'Finance', meta: { resourceType: 'Group' } }, ENTRA)).body.id;
    const add = await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'Add', path: 'members', value: users.map((value) => ({ $ref: null, value })) }), ENTRA);
    expect(add.status).toBe(204);
    await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'Remove', path: 'members', value: [{ $ref: null, value: users[0] }] }), ENTRA);
    expect(await storedMembers(server.db, id)).toEqual([users[1], users[2]].sort());
    await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'Replace', path: 'displayName', value: 'Finance EMEA' }), ENTRA);
    const read = await server.request('GET', `/Groups/${id}?excludedAttributes=members`, undefined, ENTRA);
    expect(read.body).toMatchObject({ displayName: 'Finance EMEA', externalId: 'g1' });
    expect(read.body).not.toHaveProperty('members');
    // A deactivated member stays in the group (Entra doesn't restore memberships on re-enable).
    await server.request('PATCH', `/Users/${users[1]}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }), ENTRA);
    expect(await storedMembers(server.db, id)).toEqual([users[1], users[2]].sort());
    expect((await server.request('DELETE', `/Groups/${id}`, undefined, ENTRA)).status).toBe(204);
    expect(await storedGroup(server.db, id)).toBeUndefined();
  });
});

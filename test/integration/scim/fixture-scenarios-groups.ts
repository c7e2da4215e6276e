import { expect } from 'vitest';
import type { Scenario } from './fixture-scenarios-users.js';
import {
  auditTrail,
  createGroup,
  createUser,
  replay,
  storedGroup,
  storedMembers,
} from './fixtures.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const groupScenarios: Record<string, Scenario> = {
  async 'entra-08-create-group.json'(server, fixture) {
    const response = await replay(server, fixture);
    expect(response.status).toBe(201);
    const { id: _id, meta: _meta, ...expected } = fixture.response!.body;
    expect(response.body).toMatchObject({ ...expected, schemas: [GROUP], members: [] });
    expect(await storedGroup(server.db, response.body.id)).toMatchObject({
      displayName: 'displayName',
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    });
  },

  async 'entra-09-get-group-by-displayname.json'(server, fixture) {
    const member = await createUser(server, { userName: 'member@contoso.com' });
    const id = await createGroup(server, 'displayName', [member], { externalId: '0db508eb-91e2-46e4-809c-30dcbda0c685' });
    await createGroup(server, 'another group');
    const response = await replay(server, fixture);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    const [group] = response.body.Resources;
    expect(group).toMatchObject({ id, displayName: 'displayName', externalId: '0db508eb-91e2-46e4-809c-30dcbda0c685', schemas: [GROUP] });
    expect(group).not.toHaveProperty('members');
  },

  async 'entra-10-patch-group-add-member.json'(server, fixture) {
    const user = await createUser(server, { userName: 'new.member@contoso.com' });
    const id = await createGroup(server, 'Sales');
    const body = structuredClone(fixture.request.body);
    body.Operations[0].value[0].value = user;
    const response = await replay(server, fixture, { id, body });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await storedMembers(server.db, id)).toEqual([user]);
    // Adding again is a success that changes nothing.
    expect((await replay(server, fixture, { id, body })).status).toBe(204);
    const added = (await auditTrail(server.db)).filter((event) => event.action === 'directory.group.members_added');
    expect(added.map((event) => event.detail.userIds)).toEqual([[user]]);
  },

  async 'entra-13-aadoptscim062020-remove-group-member.json'(server, fixture) {
    const users = [];
    for (const name of ['a', 'b', 'c']) users.push(await createUser(server, { userName: `${name}@contoso.com` }));
    const [a, b, c] = users as [string, string, string];
    const id = await createGroup(server, 'Engineering', users);

    const without = structuredClone(fixture.request.bodyWithoutFlag);
    without.Operations[0].value[0].value = a;
    expect((await replay(server, fixture, { id, body: without })).status).toBe(204);
    // Only the listed member goes; an RFC-literal server would have emptied the group here.
    expect(await storedMembers(server.db, id)).toEqual([b, c].sort());

    const withFlag = structuredClone(fixture.request.bodyWithFlag);
    withFlag.Operations[0].path = `members[value eq "${b}"]`;
    expect((await replay(server, fixture, { id, body: withFlag })).status).toBe(204);
    expect(await storedMembers(server.db, id)).toEqual([c]);
  },

  async 'okta-05-patch-group-membership.json'(server, fixture) {
    const leaving = await createUser(server, { userName: 'leaving@okta.local' });
    const joining = await createUser(server, { userName: 'test.user@okta.local' });
    const id = await createGroup(server, 'Test SCIMv20', [leaving]);
    const body = structuredClone(fixture.request.body);
    body.Operations[0].path = `members[value eq "${leaving}"]`;
    body.Operations[1].value[0].value = joining;
    const response = await replay(server, fixture, { id, body });
    expect(response.status).toBe(204);
    expect(await storedMembers(server.db, id)).toEqual([joining]);
    const group = await server.request('GET', `/Groups/${id}`);
    expect(group.body.members).toEqual([
      { value: joining, display: 'test.user@okta.local', type: 'User', $ref: `${group.body.meta.location.replace(/Groups\/.*/, 'Users/')}${joining}` },
    ]);
  },

  async 'okta-06-patch-group-rename.json'(server, fixture) {
    const member = await createUser(server, { userName: 'stays@okta.local' });
    const id = await createGroup(server, 'Test SCIMv20', [member]);
    const body = structuredClone(fixture.request.body);
    body.Operations[0].value.id = id;
    const response = await replay(server, fixture, { id, body });
    expect(response.status).toBe(204);
    expect(await storedGroup(server.db, id)).toMatchObject({ displayName: 'Test SCIMv2' });
    expect(await storedMembers(server.db, id)).toEqual([member]);
    const renamed = (await auditTrail(server.db)).find((event) => event.action === 'directory.group.updated');
    expect(renamed?.detail).toMatchObject({ groupId: id, changes: { displayName: 'Test SCIMv2' } });
  },
};

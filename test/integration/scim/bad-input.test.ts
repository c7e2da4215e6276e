import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../../src/scim/index.js';
import { expectError, unchanged as unchangedIn } from './assertions.js';
import { createGroup, createUser, patchBody, storedMembers } from './fixtures.js';
import { startScimServer, type ScimServer } from './scim-server.js';

/** Each bad request gets the right SCIM error, and the directory is exactly as it was. */
let server: ScimServer;
let userId: string;
let groupId: string;
beforeAll(async () => {
  server = await startScimServer();
  userId = await createUser(server, { userName: 'keep@contoso.com', title: 'Keeper', emails: [{ type: 'work', value: 'keep@contoso.com' }] });
  const other = await createUser(server, { userName: "x' or '1'='1" });
  groupId = await createGroup(server, 'Stable', [userId, other]);
});
afterAll(async () => {
  await server?.close();
});

const unchanged = (run: () => Promise<void>) => unchangedIn(server, run);

describe('authentication', () => {
  test.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['basic auth', { authorization: 'Basic dXNlcjpwYXNz' }],
    ["Okta SPEC test's non-token", { authorization: 'non-token' }],
  ])('%s → 401', async (_label, headers) => {
    await unchanged(async () => {
      const get = await server.request('GET', '/Users', undefined, { authorization: '', ...headers });
      await expectError(get, 401);
      expect(get.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectError(await server.request('POST', '/Users', { userName: 'intruder' }, { authorization: '', ...headers }), 401);
      await expectError(await server.request('DELETE', `/Users/${userId}`, undefined, { authorization: '', ...headers }), 401);
    });
  });
});

describe('malformed requests', () => {
  test.each([
    ['truncated JSON', '{"userName": '],
    ['an array', '[{"userName":"a"}]'],
    ['a string', '"hello"'],
    ['an empty body', ''],
  ])('POST with %s → 400 invalidSyntax', async (_label, body) => {
    await unchanged(async () => expectError(await server.request('POST', '/Users', body, { 'content-type': 'application/scim+json' }), 400, 'invalidSyntax'));
  });

  test('PATCH with malformed JSON or a bad envelope', async () => {
    await unchanged(async () => {
      await expectError(await server.request('PATCH', `/Users/${userId}`, '{"Operations": [', { 'content-type': 'application/json' }), 400, 'invalidSyntax');
      await expectError(await server.request('PATCH', `/Users/${userId}`, { Operations: [{ op: 'replace', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
      await expectError(await server.request('PATCH', `/Users/${userId}`, patchBody({ op: 'merge', path: 'title', value: 'x' })), 400, 'invalidSyntax');
    });
  });

  test('a body that is not JSON → 415', async () => {
    await unchanged(async () => expectError(await server.request('POST', '/Users', 'userName=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415));
  });

  test('missing userName, bad booleans → 400 invalidValue', async () => {
    await unchanged(async () => {
      await expectError(await server.request('POST', '/Users', { displayName: 'no userName' }), 400, 'invalidValue');
      await expectError(await server.request('POST', '/Users', { userName: 'b@x', active: 'sometimes' }), 400, 'invalidValue');
    });
  });
});

describe('unknown attribute paths', () => {
  test.each(['nosuch', 'name.middle', 'emails[type eq "work"].address', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nosuch'])(
    'PATCH path %j → 400 invalidPath',
    async (path) => {
      await unchanged(async () => expectError(await server.request('PATCH', `/Users/${userId}`, patchBody({ op: 'replace', path, value: 'x' })), 400, 'invalidPath'));
    },
  );

  test('a PATCH is all or nothing: a good operation before a bad one is not applied', async () => {
    await unchanged(async () => {
      const response = await server.request('PATCH', `/Users/${userId}`, patchBody(
        { op: 'replace', path: 'title', value: 'Changed' },
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'nosuch', value: 'x' },
      ));
      await expectError(response, 400, 'invalidPath');
    });
    expect(server.deactivated).toEqual([]);
  });

  test('a group PATCH naming an unknown member changes nothing, not even the earlier remove', async () => {
    await unchanged(async () => {
      const response = await server.request('PATCH', `/Groups/${groupId}`, patchBody(
        { op: 'remove', path: `members[value eq "${userId}"]` },
        { op: 'add', path: 'members', value: [{ value: '6e0c2a44-0a8a-4c55-9e43-9f0c8d1b3a10' }, { value: 'not-a-uuid' }] },
      ));
      await expectError(response, 400, 'invalidValue');
      expect(response.body.detail).toContain('not-a-uuid');
    });
  });

  test("an import's members-only PATCH naming an unknown user adds nobody, not even the known ones; a group's id is skipped", async () => {
    const outsider = await createUser(server, { userName: 'outsider@contoso.com' });
    const unknown = '6e0c2a44-0a8a-4c55-9e43-9f0c8d1b3a10';
    await unchanged(async () => {
      const response = await server.request('PATCH', `/Groups/${groupId}`, patchBody({ op: 'Add', path: 'members', value: [{ value: outsider }, { value: unknown }] }));
      await expectError(response, 400, 'invalidValue');
      expect(response.body.detail).toBe(`members: no user with id "${unknown}"`);
    });
    const other = await createGroup(server, 'Other');
    const added = await server.request('PATCH', `/Groups/${other}`, patchBody({ op: 'Add', path: 'members', value: [{ value: outsider }, { value: groupId }] }));
    expect(added.status).toBe(204);
    expect(await storedMembers(server.db, other)).toEqual([outsider]);
  });
});

describe('filters', () => {
  test.each(['userName eq', 'userName zz "x"', '(userName eq "x"', 'nosuch eq "x"', 'userName eq "x" and', 'emails[type eq "work"', 'active gt false'])(
    '%j → 400 invalidFilter',
    async (filter) => {
      await unchanged(async () => expectError(await server.request('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter'));
    },
  );

  test.each([
    `userName eq "nobody' or '1'='1"`,
    `userName eq "\\"; drop table directory_users; --"`,
    `userName co "%"`,
    `userName sw "_"`,
    `userName eq "keep@contoso.com\\" or userName pr or \\""`,
    `displayName eq "') or true --"`,
  ])('injection attempt %j is only a value: 200, no match, nothing changed', async (filter) => {
    await unchanged(async () => {
      const response = await server.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ totalResults: 0, Resources: [] });
    });
  });

  test('a userName that looks like an injection is matched exactly, and only it', async () => {
    const response = await server.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "x' or '1'='1"`)}`);
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].userName).toBe("x' or '1'='1");
  });
});

describe('body size', () => {
  const bodyOf = (bytes: number) => {
    const shell = JSON.stringify({ userName: 'big@contoso.com', padding: '' });
    return shell.replace('"padding":""', `"padding":"${'x'.repeat(bytes - shell.length)}"`);
  };

  test('1 MB and more → 413 with a SCIM error; nothing stored', async () => {
    await unchanged(async () => {
      for (const size of [MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 3 * MAX_BODY_BYTES]) {
        const body = bodyOf(size);
        expect(Buffer.byteLength(body)).toBe(size);
        const tooLarge = `The request body must be smaller than ${MAX_BODY_BYTES} bytes`;
        await expectError(await server.request('POST', '/Users', body, { 'content-type': 'application/scim+json' }), 413, undefined, tooLarge);
        await expectError(await server.request('PATCH', `/Groups/${groupId}`, body, { 'content-type': 'application/scim+json' }), 413, undefined, tooLarge);
      }
    });
  });

  test('just under the limit is accepted (unknown attributes are kept)', async () => {
    const response = await server.request('POST', '/Users', bodyOf(MAX_BODY_BYTES - 1), { 'content-type': 'application/scim+json' });
    expect(response.status).toBe(201);
    await server.request('DELETE', `/Users/${response.body.id}`);
  });
});

describe('unknown ids and routes', () => {
  test('404 for unknown or malformed ids, never a 500', async () => {
    await unchanged(async () => {
      for (const id of ['5171a35d82074e068ce2', '6e0c2a44-0a8a-4c55-9e43-9f0c8d1b3a10', '%E0%A4%A']) {
        await expectError(await server.request('GET', `/Users/${id}`), 404);
        await expectError(await server.request('PATCH', `/Groups/${id}`, patchBody({ op: 'add', path: 'members', value: [] })), 404);
        await expectError(await server.request('DELETE', `/Users/${id}`), 404);
      }
      await expectError(await server.request('GET', '/Nope'), 404);
      const method = await server.request('DELETE', '/Users');
      await expectError(method, 405);
      expect(method.headers.get('allow')).toBe('GET, POST');
    });
  });

  test('a duplicate userName or group name → 409 uniqueness', async () => {
    await unchanged(async () => {
      await expectError(await server.request('POST', '/Users', { userName: 'KEEP@contoso.com' }), 409, 'uniqueness');
      await expectError(await server.request('POST', '/Groups', { displayName: 'stable' }), 409, 'uniqueness');
    });
  });
});

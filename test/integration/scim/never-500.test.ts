import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../src/scim/body-guard.js';
import { MAX_BODY_BYTES } from '../../../src/scim/index.js';
import { MAX_START_INDEX } from '../../../src/scim/list-params.js';
import { expectError, unchanged as unchangedIn } from './assertions.js';
import { createGroup, createUser, patchBody } from './fixtures.js';
import { startScimServer, type ScimServer } from './scim-server.js';

/** Issue 17: hostile or careless input gets a SCIM 4xx naming the problem, never a 500, and writes nothing. */
let server: ScimServer;
let userId: string;
let groupId: string;
beforeAll(async () => {
  server = await startScimServer();
  userId = await createUser(server, { userName: 'keep@contoso.com', emails: [{ type: 'work', value: 'keep@contoso.com', primary: true }] });
  await createUser(server, { userName: 'second@contoso.com' });
  groupId = await createGroup(server, 'Stable', [userId]);
});
afterAll(async () => {
  await server?.close();
});

const unchanged = (run: () => Promise<void>) => unchangedIn(server, run);
const search = (body: Record<string, unknown>) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], ...body });

describe('paging parameters', () => {
  test.each(['startIndex=1e30', 'startIndex=99999999999', `startIndex=${'9'.repeat(400)}`])('%s → 200, an empty page', async (query) => {
    await unchanged(async () => {
      for (const resource of ['/Users', '/Groups']) {
        const response = await server.request('GET', `${resource}?${query}`);
        expect(response.status, response.text).toBe(200);
        expect(response.body).toMatchObject({ startIndex: MAX_START_INDEX, itemsPerPage: 0, Resources: [] });
        expect(response.body.totalResults).toBeGreaterThan(0);
      }
    });
  });

  test.each(['count=1e30', 'count=99999999999', `count=${'9'.repeat(400)}`])('%s is lowered to maxResults (RFC 7644 §3.4.2.4)', async (query) => {
    const response = await server.request('GET', `/Users?${query}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ startIndex: 1, totalResults: 2, itemsPerPage: 2 });
  });

  test('a negative startIndex counts as 1 and a negative count as 0', async () => {
    const response = await server.request('GET', '/Users?startIndex=-99999999999&count=-1e30');
    expect(response.body).toMatchObject({ startIndex: 1, totalResults: 2, itemsPerPage: 0, Resources: [] });
  });

  test.each([['startIndex', 'abc'], ['count', '1.5'], ['count', '0x10'], ['startIndex', 'Infinity']])('%s=%s → 400 invalidValue', async (name, value) => {
    await unchanged(async () => {
      const detail = `${name} must be a whole number, not "${value}"`;
      expectError(await server.request('GET', `/Users?${name}=${value}`), 400, 'invalidValue', detail);
      expectError(await server.request('POST', '/Groups/.search', search({ [name]: value })), 400, 'invalidValue', detail);
    });
  });
});

describe('text Postgres can not store, or that no one types', () => {
  test.each(['a\u0000b', 'tab\there', 'line\nbreak', 'bell\u0007', 'del\u007f', 'c1\u0085'])('userName %j → 400 invalidValue', async (userName) => {
    await unchanged(async () => {
      const detail = userName.includes('\u0000') ? '"userName" contains a NUL character' : 'userName contains a control character';
      expectError(await server.request('POST', '/Users', { userName }), 400, 'invalidValue', detail);
      expectError(await server.request('PUT', `/Users/${userId}`, { userName }), 400, 'invalidValue', detail);
      const patched = await server.request('PATCH', `/Users/${userId}`, patchBody({ op: 'replace', path: 'userName', value: userName }));
      expectError(patched, 400, 'invalidValue', userName.includes('\u0000') ? '"Operations[0].value"' : detail);
    });
  });

  test.each([
    ['title', 'POST', '/Users', { userName: 'n@x', title: 'a\u0000' }, '"title"'],
    ['a sub-attribute', 'POST', '/Users', { userName: 'n@x', name: { givenName: '\u0000' } }, '"name.givenName"'],
    ['an email', 'POST', '/Users', { userName: 'n@x', emails: [{ value: 'a\u0000@x' }] }, '"emails[0].value"'],
    ['an extension', 'POST', '/Users', { userName: 'n@x', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: '\u0000' } }, 'enterprise:2.0:User.department"'],
    ['an unknown attribute name', 'POST', '/Users', { userName: 'n@x', ['x\u0000']: 1 }, '"x\\u0000"'],
    ['a group name', 'POST', '/Groups', { displayName: 'G\u0000' }, '"displayName"'],
    ['a PATCH path', 'PATCH', 'user', patchBody({ op: 'replace', path: 'title\u0000', value: 'x' }), '"Operations[0].path"'],
    ['a member id', 'PATCH', 'group', patchBody({ op: 'add', path: 'members', value: [{ value: '\u0000' }] }), '"Operations[0].value[0].value"'],
  ])('a NUL in %s → 400 invalidValue naming it', async (_label, method, target, body, where) => {
    const path = target === 'user' ? `/Users/${userId}` : target === 'group' ? `/Groups/${groupId}` : target;
    await unchanged(async () => expectError(await server.request(method, path, body), 400, 'invalidValue', `${where} contains a NUL character`));
  });

  test('half a surrogate pair → 400 invalidValue', async () => {
    await unchanged(async () => {
      expectError(await server.request('POST', '/Users', '{"userName":"\\ud800@x"}'), 400, 'invalidValue', '"userName" contains half of a UTF-16 surrogate pair');
    });
  });

  test.each([
    ['userName', { userName: '\u4e00'.repeat(400) }],
    ['externalId', { userName: 'long@x', externalId: randomBytes(3000).toString('base64') }],
    ['displayName', { userName: 'long@x', displayName: randomBytes(3000).toString('base64') }],
    ['emails.value', { userName: 'long@x', emails: [{ value: randomBytes(3000).toString('base64') }] }],
  ])('an indexed %s over 1024 bytes → 400 invalidValue', async (name, body) => {
    await unchanged(async () => expectError(await server.request('POST', '/Users', body), 400, 'invalidValue', `${name} is longer than 1024 bytes`));
  });
});

describe('body shape', () => {
  const nested = (levels: number, open: string, close: string) => `${open.repeat(levels)}1${close.repeat(levels)}`;

  test.each([['arrays', '[', ']'], ['objects', '{"a":', '}']])('10,000 levels of %s → 400 invalidSyntax, not a stack overflow', async (_label, open, close) => {
    const deep = nested(10_000, open, close);
    const detail = `The body is nested more than ${MAX_JSON_DEPTH} levels deep`;
    await unchanged(async () => {
      expectError(await server.request('POST', '/Users', `{"userName":"deep@x","x":${deep}}`), 400, 'invalidSyntax', detail);
      expectError(await server.request('PUT', `/Groups/${groupId}`, `{"displayName":"Stable","x":${deep}}`), 400, 'invalidSyntax', detail);
      const patch = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"urn:x:y","value":${deep}}]}`;
      expectError(await server.request('PATCH', `/Users/${userId}`, patch), 400, 'invalidSyntax', detail);
      expectError(await server.request('POST', '/Users/.search', `{"filter":${deep}}`), 400, 'invalidSyntax', detail);
    });
  });

  test('nesting up to the limit is fine (unknown attributes are kept as sent)', async () => {
    const body = `{"userName":"nested@x","x":${nested(MAX_JSON_DEPTH - 1, '[', ']')}}`;
    const response = await server.request('POST', '/Users', body);
    expect(response.status, response.text).toBe(201);
    await server.request('DELETE', `/Users/${response.body.id}`);
  });

  test('brackets inside strings do not count as nesting', async () => {
    const response = await server.request('POST', '/Users', { userName: 'brackets@x', title: '['.repeat(1000) + '\\"{'.repeat(100) });
    expect(response.status, response.text).toBe(201);
    await server.request('DELETE', `/Users/${response.body.id}`);
  });

  test('an over-long search body → 413 with a SCIM error', async () => {
    await unchanged(async () => {
      const body = JSON.stringify(search({ filter: `userName eq "${'x'.repeat(MAX_BODY_BYTES)}"` }));
      expectError(await server.request('POST', '/Users/.search', body), 413, undefined, `smaller than ${MAX_BODY_BYTES} bytes`);
    });
  });
});

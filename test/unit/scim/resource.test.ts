import { describe, expect, test } from 'vitest';
import { ScimError } from '../../../src/scim/errors.js';
import { MAX_COUNT, MAX_START_INDEX, parseListParams } from '../../../src/scim/list-params.js';
import { canonicalizeResource, memberIdsOf, validateUserDoc } from '../../../src/scim/resource/canonical.js';
import { project } from '../../../src/scim/resource/project.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('canonicalizeResource', () => {
  test('names are made canonical, string booleans coerced, nulls dropped', () => {
    const doc = canonicalizeResource('User', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      UserName: 'emp1',
      Active: 'True',
      Name: { GivenName: 'Darl', honorificPrefix: null },
      emails: [{ Type: 'work', Primary: 'false', value: 'a@b.c' }],
      addresses: null,
      title: null,
    });
    expect(doc).toEqual({ userName: 'emp1', active: true, name: { givenName: 'Darl' }, emails: [{ type: 'work', primary: false, value: 'a@b.c' }] });
  });

  test('read-only attributes and the password are ignored; unknown attributes are kept as sent', () => {
    const doc = canonicalizeResource('User', {
      userName: 'x', id: 'ignored', meta: { resourceType: 'User' }, groups: [], password: '1mz050nq',
      favouriteColour: 'teal', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User': { typo: true },
    });
    expect(doc).toEqual({ userName: 'x', favouriteColour: 'teal', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User': { typo: true } });
  });

  test('the enterprise extension by URN (any case), by qualified key, or misplaced at the top', () => {
    expect(canonicalizeResource('User', { userName: 'x', [ENTERPRISE.toUpperCase()]: { Department: 'Sales' } })).toEqual({ userName: 'x', [ENTERPRISE]: { department: 'Sales' } });
    expect(canonicalizeResource('User', { userName: 'x', [`${ENTERPRISE}:employeeNumber`]: 7 })).toEqual({ userName: 'x', [ENTERPRISE]: { employeeNumber: '7' } });
    expect(canonicalizeResource('User', { userName: 'x', department: 'Ops', manager: null })).toEqual({ userName: 'x', [ENTERPRISE]: { department: 'Ops' } });
  });

  test('a bad boolean is a 400 invalidValue naming the attribute', () => {
    expect(() => canonicalizeResource('User', { userName: 'x', active: 'yes' })).toThrow(/active must be true or false/);
    expect(() => canonicalizeResource('User', { userName: 'x', emails: [{ value: 'a', primary: 2 }] })).toThrow(/emails\.primary/);
  });

  test('groups keep members apart', () => {
    const body = { displayName: 'Sales', Members: [{ value: 'u1', display: 'x' }, { value: 'u2' }] };
    expect(canonicalizeResource('Group', body)).toEqual({ displayName: 'Sales' });
    expect(memberIdsOf(body)).toEqual(['u1', 'u2']);
    expect(memberIdsOf({ displayName: 'x' })).toBeUndefined();
    expect(() => memberIdsOf({ members: [{ display: 'no value' }] })).toThrow(ScimError);
  });

  test('userName is required; active defaults as asked', () => {
    expect(() => validateUserDoc({ active: true }, { active: true })).toThrow(/userName is required/);
    expect(validateUserDoc({ userName: 'x' }, { active: false })).toEqual({ userName: 'x', active: false });
  });
});

describe('project', () => {
  const resource = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    id: 'u1',
    userName: 'ana',
    name: { givenName: 'Ana', familyName: 'Silva' },
    emails: [{ value: 'a@x', type: 'work' }],
    [ENTERPRISE]: { department: 'Sales', employeeNumber: '7' },
    meta: { resourceType: 'User' },
  };

  test('attributes keeps only those (plus id and schemas), names case-insensitive', () => {
    expect(project('User', resource, { attributes: ['UserName', 'name.givenName', 'emails.value', `${ENTERPRISE}:department`] })).toEqual({
      schemas: resource.schemas, id: 'u1', userName: 'ana', name: { givenName: 'Ana' }, emails: [{ value: 'a@x' }], [ENTERPRISE]: { department: 'Sales' },
    });
  });

  test('excludedAttributes drops those, never id or schemas', () => {
    const out = project('User', resource, { excludedAttributes: ['emails', 'id', 'name.familyName', 'department'] });
    expect(out).toMatchObject({ id: 'u1', name: { givenName: 'Ana' }, [ENTERPRISE]: { employeeNumber: '7' } });
    expect(out).not.toHaveProperty('emails');
  });
});

describe('parseListParams', () => {
  const params = (query: string) => parseListParams('User', new URLSearchParams(query));

  test('paging defaults and the RFC clamps; unknown parameters are ignored', () => {
    expect(params('aadOptscim062020')).toMatchObject({ startIndex: 1, count: 100 });
    expect(params('startIndex=0&count=-5')).toMatchObject({ startIndex: 1, count: 0 });
    expect(params('StartIndex=101&Count=100000')).toMatchObject({ startIndex: 101, count: 1000 });
    expect(params('startIndex=&count=')).toMatchObject({ startIndex: 1, count: 100 });
  });

  test('huge values are clamped, never passed to Postgres as they are', () => {
    expect(params('startIndex=1e30&count=1e30')).toMatchObject({ startIndex: MAX_START_INDEX, count: MAX_COUNT });
    expect(params(`startIndex=${'9'.repeat(400)}&count=99999999999`)).toMatchObject({ startIndex: MAX_START_INDEX, count: MAX_COUNT });
    expect(params(`startIndex=-${'9'.repeat(400)}&count=-1e30`)).toMatchObject({ startIndex: 1, count: 0 });
  });

  test.each(['startIndex=abc', 'count=1.5', 'count=0x10', 'startIndex=Infinity', 'count=NaN'])('%s → 400 invalidValue', (query) => {
    expect(() => params(query)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
  });

  test('a filter that does not parse is a 400 invalidFilter', () => {
    expect(() => params('filter=userName%20eq')).toThrow(ScimError);
    expect(params('filter=userName%20eq%20%22a%22').filter).toMatchObject({ op: 'eq' });
  });
});

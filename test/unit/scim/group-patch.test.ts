import { describe, expect, test } from 'vitest';
import { ScimError } from '../../../src/scim/errors.js';
import { planGroupPatch } from '../../../src/scim/patch/group-patch.js';
import { parsePatchRequest } from '../../../src/scim/patch/request.js';

const GROUP_ID = '0b9f3f43-7a39-4d53-a1f4-6a5b7b0a4b11';
const plan = (...operations: unknown[]) =>
  planGroupPatch(GROUP_ID, { displayName: 'Sales' }, parsePatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }));

describe('group PATCH plans', () => {
  test('Entra add: several members in one operation, $ref null', () => {
    expect(plan({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }] }).membership).toEqual([
      { kind: 'add', ids: ['u1', 'u2'] },
    ]);
  });

  test('Entra without the flag: Remove + members + a value list removes only those', () => {
    expect(plan({ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }).membership).toEqual([{ kind: 'remove', ids: ['u1091'] }]);
  });

  test('with the flag, and Okta: members[value eq "…"]', () => {
    expect(plan({ op: 'remove', path: 'members[value eq "7f4b"]' }).membership).toEqual([{ kind: 'remove', ids: ['7f4b'] }]);
    expect(plan({ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }).membership).toEqual([{ kind: 'remove', ids: ['a', 'b'] }]);
  });

  test('Okta: remove then add in one request keeps the order', () => {
    expect(plan(
      { op: 'remove', path: 'members[value eq "old"]' },
      { op: 'add', path: 'members', value: [{ value: 'new', display: 'new@okta.local' }] },
    ).membership).toEqual([{ kind: 'remove', ids: ['old'] }, { kind: 'add', ids: ['new'] }]);
  });

  test('replace sets the whole list; remove without value clears; path-less members work too', () => {
    expect(plan({ op: 'replace', path: 'members', value: [{ value: 'a' }] }).membership).toEqual([{ kind: 'set', ids: ['a'] }]);
    expect(plan({ op: 'remove', path: 'members' }).membership).toEqual([{ kind: 'clear' }]);
    expect(plan({ op: 'add', value: { members: [{ value: 'a' }] } }).membership).toEqual([{ kind: 'add', ids: ['a'] }]);
  });

  test("Okta's rename echoes the group's own id, which is ignored", () => {
    expect(plan({ op: 'replace', value: { id: GROUP_ID, displayName: 'Test SCIMv2' } })).toEqual({ doc: { displayName: 'Test SCIMv2' }, membership: [] });
    expect(plan({ op: 'Replace', path: 'displayName', value: 'Renamed' }).doc).toEqual({ displayName: 'Renamed' });
  });

  test.each([
    ['a different id', { op: 'replace', value: { id: 'other', displayName: 'x' } }, 'mutability'],
    ['a member filter on anything but value', { op: 'remove', path: 'members[display eq "x"]' }, 'invalidPath'],
    ['adding through a filter', { op: 'add', path: 'members[value eq "x"]', value: {} }, 'invalidPath'],
    ['a member sub-attribute', { op: 'replace', path: 'members.display', value: 'x' }, 'invalidPath'],
    ['a member without a value', { op: 'add', path: 'members', value: [{ display: 'x' }] }, 'invalidValue'],
    ['removing displayName', { op: 'remove', path: 'displayName' }, 'invalidValue'],
    ['an unknown attribute', { op: 'replace', path: 'owner', value: 'x' }, 'invalidPath'],
  ])('refuses %s', (_label, operation, scimType) => {
    expect(() => plan(operation)).toThrow(ScimError);
    try {
      plan(operation);
    } catch (error) {
      expect(error).toMatchObject({ status: 400, scimType });
    }
  });
});

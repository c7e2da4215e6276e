import { describe, expect, test } from 'vitest';
import { ScimError } from '../../../src/scim/errors.js';
import { applyUserPatch } from '../../../src/scim/patch/user-patch.js';
import { parsePatchRequest, type PatchOperation } from '../../../src/scim/patch/request.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const base = () => ({
  userName: 'ana@contoso.com',
  active: true,
  name: { givenName: 'Ana', familyName: 'Silva' },
  emails: [{ value: 'ana@contoso.com', type: 'work', primary: true }],
});

/** Through the envelope parser, as the route does it. */
const patch = (doc: Record<string, unknown>, ...operations: unknown[]) =>
  applyUserPatch(doc, parsePatchRequest({ schemas: [PATCH_OP], Operations: operations }));

function scimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('deactivation in every shape', () => {
  test.each([
    ['Entra without the flag: "False"', { op: 'Replace', path: 'active', value: 'False' }, 'patch-replace-active'],
    ['lower-case "false"', { op: 'Replace', path: 'active', value: 'false' }, 'patch-replace-active'],
    ['Entra with aadOptscim062020: boolean', { op: 'replace', path: 'active', value: false }, 'patch-replace-active'],
    ["Okta's path-less value", { op: 'replace', value: { active: false } }, 'patch-replace-pathless'],
    ['upper-case op', { op: 'REPLACE', path: 'Active', value: 'FALSE' }, 'patch-replace-active'],
    ['add instead of replace', { op: 'Add', path: 'active', value: false }, 'patch-add-active'],
  ])('%s', (_label, operation, via) => {
    const result = patch(base(), operation);
    expect(result.doc.active).toBe(false);
    expect(result.via).toBe(via);
  });

  test('"True" reactivates', () => {
    expect(patch({ ...base(), active: false }, { op: 'Replace', path: 'active', value: 'True' }).doc.active).toBe(true);
  });

  test('anything else is refused rather than guessed', () => {
    expect(scimError(() => patch(base(), { op: 'replace', path: 'active', value: 'no' }))).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(scimError(() => patch(base(), { op: 'remove', path: 'active' }))).toMatchObject({ status: 400, scimType: 'mutability' });
  });
});

describe('paths', () => {
  test("Entra's emails[type eq \"work\"].value and name.familyName", () => {
    const { doc } = patch(base(),
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
      { op: 'Replace', path: 'name.familyName', value: 'Costa' });
    expect(doc.emails).toEqual([{ value: 'new@contoso.com', type: 'work', primary: true }]);
    expect(doc.name).toEqual({ givenName: 'Ana', familyName: 'Costa' });
  });

  test('a replace on a typed entry that does not exist creates it', () => {
    const { doc } = patch(base(),
      { op: 'Replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0100' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' });
    expect(doc.phoneNumbers).toEqual([{ type: 'work', value: '+1 555 0100' }]);
    expect(doc.addresses).toEqual([{ type: 'work', postalCode: '98052' }]);
  });

  test('attribute names are case-insensitive and stored canonically', () => {
    const { doc } = patch(base(), { op: 'replace', path: 'Name.GivenName', value: 'Anna' }, { op: 'add', path: 'NICKNAME', value: 'Babs' });
    expect(doc.name).toEqual({ givenName: 'Anna', familyName: 'Silva' });
    expect(doc.nickName).toBe('Babs');
    expect(doc).not.toHaveProperty('Name');
  });

  test('URN-qualified enterprise attributes and the Entra manager array', () => {
    const { doc } = patch(base(),
      { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '701' },
      { op: 'Add', path: 'manager', value: [{ $ref: 'http://x/Users/m1', value: 'm1' }] });
    expect(doc[ENTERPRISE]).toEqual({ employeeNumber: '701', manager: { $ref: 'http://x/Users/m1', value: 'm1' } });
  });

  test('remove a sub-attribute, a filtered entry, an extension attribute', () => {
    const start = { ...patch(base(), { op: 'add', path: `${ENTERPRISE}:department`, value: 'Sales' }).doc };
    const { doc } = patch(start,
      { op: 'remove', path: 'name.givenName' },
      { op: 'Remove', path: 'emails[type eq "work"]' },
      { op: 'remove', path: `${ENTERPRISE}:department` });
    expect(doc.name).toEqual({ familyName: 'Silva' });
    expect(doc).not.toHaveProperty('emails');
    expect(doc).not.toHaveProperty(ENTERPRISE);
  });

  test('roles[primary eq "True"].value compares the boolean', () => {
    const start = { ...base(), roles: [{ value: 'a', primary: true }, { value: 'b', primary: false }] };
    expect(patch(start, { op: 'Replace', path: 'roles[primary eq "True"].value', value: 'admin' }).doc.roles).toEqual([
      { value: 'admin', primary: true },
      { value: 'b', primary: false },
    ]);
  });

  test('re-adding an email changes nothing; a new primary demotes the old one', () => {
    const same = patch(base(), { op: 'add', path: 'emails', value: [{ value: 'ANA@contoso.com', type: 'work' }] }).doc;
    expect(same.emails).toEqual(base().emails);
    const added = patch(base(), { op: 'add', path: 'emails', value: [{ value: 'home@x.com', type: 'home', primary: 'True' }] }).doc;
    expect(added.emails).toEqual([
      { value: 'ana@contoso.com', type: 'work', primary: false },
      { value: 'home@x.com', type: 'home', primary: true },
    ]);
  });

  test('an unknown extension attribute is kept as sent', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
    expect(patch(base(), { op: 'add', path: `${urn}:badge`, value: 'B-7' }).doc[urn]).toEqual({ badge: 'B-7' });
  });
});

describe('path-less operations', () => {
  test('Okta: nested objects merge into complex attributes', () => {
    const { doc } = patch(base(), { op: 'replace', value: { name: { givenName: 'Anne' }, title: 'CFO' } });
    expect(doc.name).toEqual({ givenName: 'Anne', familyName: 'Silva' });
    expect(doc.title).toBe('CFO');
  });

  test('Entra with aadOptscim062020: keys are dotted and URN paths', () => {
    const { doc } = patch(base(), {
      op: 'replace',
      value: { displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua', [`${ENTERPRISE}:employeeNumber`]: 'Aklq' },
    });
    expect(doc).toMatchObject({ displayName: 'Bjfe', name: { givenName: 'Kkom', familyName: 'Unua' }, [ENTERPRISE]: { employeeNumber: 'Aklq' } });
    expect(Object.keys(doc).filter((key) => key.includes('.') && !key.startsWith('urn:'))).toEqual([]);
  });

  test('an extension object in the value merges attribute by attribute', () => {
    const { doc } = patch({ ...base(), [ENTERPRISE]: { department: 'Sales' } }, { op: 'add', value: { [ENTERPRISE]: { costCenter: 'C1' } } });
    expect(doc[ENTERPRISE]).toEqual({ department: 'Sales', costCenter: 'C1' });
  });

  test('read-only attributes are ignored, the password is never stored', () => {
    const { doc } = patch(base(), { op: 'replace', value: { id: 'x', meta: {}, groups: [], password: 'hunter2', title: 'CTO' } });
    expect(doc).toEqual({ ...base(), title: 'CTO' });
  });
});

describe('refusals, all or nothing', () => {
  test('unknown paths', () => {
    for (const path of ['nosuch', 'name.nosuch', 'emails[type eq "work"].nosuch', 'emails[type zz "work"].value', 'userName[type eq "x"]', 'emails[type eq "work"']) {
      expect(scimError(() => patch(base(), { op: 'replace', path, value: 'x' }))).toMatchObject({ status: 400, scimType: 'invalidPath' });
    }
  });

  test('read-only paths', () => {
    expect(scimError(() => patch(base(), { op: 'replace', path: 'id', value: 'x' }))).toMatchObject({ scimType: 'mutability' });
  });

  test('userName can not be removed', () => {
    expect(scimError(() => patch(base(), { op: 'remove', path: 'userName' }))).toMatchObject({ scimType: 'invalidValue' });
  });

  test('a failing operation leaves the document untouched', () => {
    const doc = base();
    const before = structuredClone(doc);
    expect(() => patch(doc, { op: 'replace', path: 'title', value: 'x' }, { op: 'replace', path: 'nosuch', value: 'y' })).toThrow(ScimError);
    expect(doc).toEqual(before);
  });

  test('a typed filter that names no entry and cannot create one is noTarget', () => {
    expect(scimError(() => patch(base(), { op: 'replace', path: 'emails[value co "x"].type', value: 'home' }))).toMatchObject({ scimType: 'noTarget' });
  });
});

describe('parsePatchRequest', () => {
  const ops = (operations: unknown, schemas: unknown = [PATCH_OP]) => () => parsePatchRequest({ schemas, Operations: operations } as Record<string, unknown>);

  test('op is case-insensitive and keys may be any case', () => {
    expect(parsePatchRequest({ SCHEMAS: [PATCH_OP], operations: [{ OP: 'Add', Path: 'title', Value: 'x' }] })).toEqual<PatchOperation[]>([
      { op: 'add', path: 'title', value: 'x' },
    ]);
  });

  test.each([
    ['missing PatchOp schema', ops([{ op: 'add', path: 'x', value: 1 }], []), 'invalidSyntax'],
    ['empty Operations', ops([]), 'invalidSyntax'],
    ['unknown op', ops([{ op: 'merge', value: {} }]), 'invalidSyntax'],
    ['remove without path', ops([{ op: 'Remove' }]), 'noTarget'],
    ['add without value', ops([{ op: 'add', path: 'title' }]), 'invalidValue'],
    ['path that is not a string', ops([{ op: 'add', path: 3, value: 1 }]), 'invalidPath'],
  ])('%s', (_label, run, scimType) => {
    expect(scimError(run)).toMatchObject({ status: 400, scimType });
  });
});

describe('the enterprise extension URN as a path', () => {
  const withExtension = () => ({ ...base(), [ENTERPRISE]: { department: 'Sales', costCenter: '42' } });

  test('add and replace set the named sub-attributes, in any case, and keep the others', () => {
    for (const op of ['add', 'Replace']) {
      const { doc } = patch(withExtension(), { op, path: ENTERPRISE.toUpperCase(), value: { Department: 'R&D', manager: 'm-1' } });
      expect(doc[ENTERPRISE]).toEqual({ department: 'R&D', costCenter: '42', manager: { value: 'm-1' } });
    }
  });

  test('remove drops it; a value that is not an object is invalidValue', () => {
    expect(patch(withExtension(), { op: 'remove', path: ENTERPRISE }).doc).not.toHaveProperty(ENTERPRISE);
    expect(scimError(() => patch(withExtension(), { op: 'add', path: ENTERPRISE, value: ['x'] }))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });
});

describe('limits apply to new values only', () => {
  test('a stored userName with a control character does not block a deactivation', () => {
    const { doc } = patch({ ...base(), userName: 'old\tname' }, { op: 'replace', path: 'active', value: 'False' });
    expect(doc.active).toBe(false);
    expect(scimError(() => patch(base(), { op: 'replace', path: 'userName', value: 'new\tname' }))).toMatchObject({ scimType: 'invalidValue' });
  });
});

import { describe, expect, test } from 'vitest';
import { parseFilter } from '../../../src/scim/filter/parse.js';
import { quoteBareValues } from '../../../src/scim/filter/lenient.js';
import { ScimError } from '../../../src/scim/errors.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function rejects(text: string, kind: 'User' | 'Group' = 'User') {
  try {
    parseFilter(kind, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe('invalidFilter');
    return (error as ScimError).message;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseFilter', () => {
  test('userName eq resolves the attribute and compares case-insensitively', () => {
    expect(parseFilter('User', 'userName eq "Test_User"')).toEqual({
      op: 'eq',
      attr: { extension: null, name: 'userName', type: 'string', caseExact: false, multiValued: false },
      value: 'Test_User',
    });
  });

  test('attribute names and operators are case-insensitive', () => {
    expect(parseFilter('User', 'UserName EQ "bob"')).toEqual(parseFilter('User', 'userName eq "bob"'));
    expect(parseFilter('User', 'EXTERNALID Eq "x"')).toMatchObject({ attr: { name: 'externalId', caseExact: true } });
  });

  test("Entra's emails[type eq \"work\"].value eq form means one email that is both", () => {
    expect(parseFilter('User', 'emails[type eq "work"].value eq "a@b.c"')).toEqual({
      op: 'some',
      attr: { extension: null, name: 'emails', type: 'complex', caseExact: false, multiValued: true },
      filter: {
        op: 'and',
        filters: [
          { op: 'eq', attr: expect.objectContaining({ name: 'emails', sub: 'type' }), value: 'work' },
          { op: 'eq', attr: expect.objectContaining({ name: 'emails', sub: 'value' }), value: 'a@b.c' },
        ],
      },
    });
  });

  test('an explicit "and" beside a value filter keeps its RFC meaning', () => {
    const filter = parseFilter('User', 'emails[type eq "work"] and emails.value eq "a@b.c"');
    expect(filter.op).toBe('and');
  });

  test('unquoted string values are invalidFilter, with the quoted form as the fix (RFC 7644 §3.4.2.2)', () => {
    expect(rejects('userName eq bjensen')).toBe('String values in a filter must be in double quotes, e.g. userName eq "bjensen"');
    expect(rejects('externalId eq jyoung')).toMatch(/externalId eq "jyoung"/);
    expect(rejects('userName eq bob@example.com and active eq true')).toMatch(/userName eq "bob@example.com" and active eq true/);
  });

  test('manager compares its value; unqualified and URN-qualified enterprise names both resolve', () => {
    expect(parseFilter('User', 'id eq "a" and manager eq "b"')).toMatchObject({
      filters: [{ attr: { name: 'id' } }, { attr: { extension: ENTERPRISE, name: 'manager', sub: 'value' }, value: 'b' }],
    });
    expect(parseFilter('User', `${ENTERPRISE}:department eq "Sales"`)).toMatchObject({ attr: { extension: ENTERPRISE, name: 'department' } });
  });

  test('not, or, and, parentheses and precedence', () => {
    expect(parseFilter('User', 'title pr or not (userName eq "x") and active eq false')).toMatchObject({
      op: 'or',
      filters: [{ op: 'pr' }, { op: 'and', filters: [{ op: 'not', filter: { op: 'eq' } }, { op: 'eq', value: false }] }],
    });
  });

  test('every comparison operator parses', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter('User', `displayName ${op} "m"`)).toMatchObject({ op, value: 'm' });
    }
  });

  test('booleans accept "True"/"False" strings; dates are normalised', () => {
    expect(parseFilter('User', 'active eq "False"')).toMatchObject({ value: false });
    expect(parseFilter('User', 'meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({
      attr: { name: 'meta', sub: 'lastModified', type: 'dateTime' },
      value: '2011-05-13T04:42:34.000Z',
    });
  });

  test('eq null means "not present", ne null means present', () => {
    expect(parseFilter('User', 'title eq null')).toMatchObject({ op: 'not', filter: { op: 'pr' } });
    expect(parseFilter('User', 'title ne null')).toMatchObject({ op: 'pr' });
  });

  test('group filters: displayName and members', () => {
    expect(parseFilter('Group', 'displayName eq "Sales"')).toMatchObject({ attr: { name: 'displayName' } });
    expect(parseFilter('Group', 'members[value eq "u1"]')).toMatchObject({ op: 'some', attr: { name: 'members' } });
  });

  test('values that look like injections stay values', () => {
    expect(parseFilter('User', `userName eq "x' OR 1=1 --"`)).toMatchObject({ value: "x' OR 1=1 --" });
    expect(parseFilter('User', 'userName eq "x\\" or userName pr or \\"y"')).toMatchObject({ op: 'eq', value: 'x" or userName pr or "y' });
  });

  test.each([
    ['', 'empty'],
    ['userName eq', 'no value'],
    ['userName zz "x"', 'unknown operator'],
    ['(userName eq "x"', 'unbalanced'],
    ['userName eq "x")', 'trailing'],
    ['nosuchattr eq "x"', 'unknown attribute'],
    ['name.nosuch eq "x"', 'unknown sub-attribute'],
    ['name eq "x"', 'complex without a value sub-attribute'],
    ['active gt true', 'ordering a boolean'],
    ['active eq "maybe"', 'not a boolean'],
    ['meta.created gt "yesterday"', 'not a date'],
    ['password eq "secret"', 'write-only'],
    ['emails[type eq "work"][value eq "x"]', 'nested brackets'],
    ['emails[members[value eq "x"]]', 'nested value filter'],
    ['title co null', 'null with co'],
  ])('rejects %j (%s) with invalidFilter', (text) => {
    expect(rejects(text)).toBeTruthy();
  });

  test('a filter longer than 4096 characters is refused', () => {
    expect(rejects(`userName eq "${'x'.repeat(5000)}"`)).toMatch(/longer than/);
  });
});

describe('quoteBareValues', () => {
  test('quotes only bare comparison values, never quoted text', () => {
    expect(quoteBareValues('externalId eq jyoung')).toBe('externalId eq "jyoung"');
    expect(quoteBareValues('userName eq "a eq b" and title eq x')).toBe('userName eq "a eq b" and title eq "x"');
    expect(quoteBareValues('active eq true and count gt 3')).toBe('active eq true and count gt 3');
    expect(quoteBareValues('members[value eq abc]')).toBe('members[value eq "abc"]');
  });
});

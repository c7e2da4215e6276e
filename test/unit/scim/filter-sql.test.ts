import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { parseFilter } from '../../../src/scim/filter/parse.js';
import { groupFilterSql, userFilterSql } from '../../../src/services/directory/filter-sql.js';
import { UnsupportedFilterError } from '../../../src/services/directory/types.js';

const dialect = new PgDialect();
const users = (text: string) => dialect.sqlToQuery(userFilterSql(parseFilter('User', text)));
const groups = (text: string) => dialect.sqlToQuery(groupFilterSql(parseFilter('Group', text)));

describe('filter to SQL', () => {
  test('userName eq uses the lower(user_name) index with a bound parameter', () => {
    expect(users('userName eq "Bob@X.com"')).toMatchObject({
      sql: 'lower("directory_users"."user_name") = lower($1::text)',
      params: ['Bob@X.com'],
    });
  });

  test('externalId and id compare exactly; ids that are no uuid match nothing', () => {
    expect(users('externalId eq "AbC"')).toMatchObject({ sql: '"directory_users"."external_id" = $1::text', params: ['AbC'] });
    expect(users('id eq "6e0c2a44-0a8a-4c55-9e43-9f0c8d1b3a10"').sql).toBe('"directory_users"."id" = $1::uuid');
    expect(users('id eq "5171a35d82074e068ce2"')).toMatchObject({ sql: 'false', params: [] });
  });

  test("Entra's work-email match narrows through the email_keys GIN index, then checks the element", () => {
    const { sql, params } = users('emails[type eq "work"].value eq "A@b.c"');
    expect(sql).toMatch(/^"directory_users"\."email_keys" @> array\[lower\(\$1::text\)\] and exists \(select 1 from jsonb_array_elements/);
    expect(sql).toContain('lower((el.v ->> $');
    expect(params).toEqual(expect.arrayContaining(['A@b.c', 'work', 'emails', 'type', 'value']));
  });

  test('and / or / not combine; not counts a missing attribute as "not equal"', () => {
    expect(users('userName eq "a" or not (title eq "b")').sql).toBe(
      '((lower("directory_users"."user_name") = lower($1::text)) or (not coalesce((lower("directory_users"."title") = lower($2::text)), false)))',
    );
  });

  test('co, sw and ew need no LIKE escaping; every value stays a parameter', () => {
    const { sql, params } = users(`displayName co "%_x' or 1=1 --" and title sw "a" and title ew "z"`);
    expect(sql).toContain('strpos(');
    expect(sql).toContain('starts_with(');
    expect(sql).toContain('right(');
    expect(sql).not.toContain('1=1');
    expect(params).toContain("%_x' or 1=1 --");
  });

  test('attributes without a column are read from the resource jsonb by canonical name', () => {
    expect(users('nickName eq "Babs"')).toMatchObject({
      sql: 'lower(("directory_users"."resource" ->> $1::text)) = lower($2::text)',
      params: ['nickName', 'Babs'],
    });
    expect(users('name.middleName pr').sql).toContain("coalesce((\"directory_users\".\"resource\" -> $1::text ->> $2::text), '') <> ''");
  });

  test('booleans and dates', () => {
    expect(users('active eq false')).toMatchObject({ sql: '"directory_users"."active" = $1', params: [false] });
    expect(users('meta.created ge "2024-01-01T00:00:00Z"')).toMatchObject({
      sql: '"directory_users"."created_at" >= $1::timestamptz',
      params: ['2024-01-01T00:00:00.000Z'],
    });
  });

  test('group displayName and members', () => {
    expect(groups('displayName eq "Sales"').sql).toBe('lower("directory_groups"."display_name") = lower($1::text)');
    const member = groups('members[value eq "6e0c2a44-0a8a-4c55-9e43-9f0c8d1b3a10"]');
    expect(member.sql).toBe(
      'exists (select 1 from "directory_group_members" where "directory_group_members"."group_id" = "directory_groups"."id" and "directory_group_members"."user_id" = $1::uuid)',
    );
  });

  test('shapes the store cannot answer exactly are refused, not guessed', () => {
    expect(() => groups('members.display eq "x"')).toThrow(UnsupportedFilterError);
    expect(() => users('meta.location eq "x"')).toThrow(UnsupportedFilterError);
  });
});

import { sql, type SQL } from 'drizzle-orm';
import { directoryGroupMembers, directoryGroups, directoryUsers } from '../../../db/schema.js';
import type { CompareOp, DirectoryFilter, FilterAttr } from './filter.js';
import { isUuid, UnsupportedFilterError } from './types.js';

/*
 * Filter → SQL. Every value is a bound parameter; attribute names come from the resolved schema, never from
 * the request. The common IdP lookups (userName, externalId, id, work email, displayName) hit indexes.
 */

type Kind = 'text' | 'uuid' | 'bool' | 'jsonbool' | 'time' | 'jsonb';
type Operand = { expr: SQL; kind: Kind };
type Some = Extract<DirectoryFilter, { op: 'some' }>;
type Scope = { operand(attr: FilterAttr): Operand; some(filter: Some): SQL };

const u = directoryUsers;
const g = directoryGroups;
const gm = directoryGroupMembers;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const OPERATORS: Partial<Record<CompareOp, SQL>> = {
  eq: sql.raw('='), ne: sql.raw('<>'), gt: sql.raw('>'), ge: sql.raw('>='), lt: sql.raw('<'), le: sql.raw('<='),
};

/** WHERE fragment for directory_users (callers add `deleted_at is null`). */
export function userFilterSql(filter: DirectoryFilter): SQL {
  return build(filter, userScope);
}

/** WHERE fragment for directory_groups. */
export function groupFilterSql(filter: DirectoryFilter): SQL {
  return build(filter, groupScope);
}

function build(f: DirectoryFilter, scope: Scope): SQL {
  switch (f.op) {
    case 'and':
    case 'or':
      return sql`(${sql.join(f.filters.map((part) => sql`(${build(part, scope)})`), sql.raw(` ${f.op} `))})`;
    case 'not':
      // SQL's NULL would make `not` drop rows lacking the attribute; SCIM counts those as "not equal".
      return sql`not coalesce((${build(f.filter, scope)}), false)`;
    case 'some':
      return scope.some(f);
    default:
      if (f.attr.multiValued && scope !== elementScope && scope !== memberScope) {
        return scope.some({ op: 'some', attr: { ...f.attr, sub: undefined }, filter: f });
      }
      return f.op === 'pr' ? present(scope.operand(f.attr)) : compare(scope.operand(f.attr), f.op, f.value, f.attr.caseExact);
  }
}

function present({ expr, kind }: Operand): SQL {
  if (kind === 'text') return sql`coalesce(${expr}, '') <> ''`;
  if (kind === 'jsonb') return sql`(${expr} is not null and jsonb_typeof(${expr}) <> 'null')`;
  return sql`${expr} is not null`;
}

function compare({ expr, kind }: Operand, op: CompareOp, value: string | number | boolean, caseExact: boolean): SQL {
  switch (kind) {
    case 'uuid':
      if (op === 'eq') return isUuid(value) ? sql`${expr} = ${value}::uuid` : sql`false`;
      if (op === 'ne') return isUuid(value) ? sql`${expr} <> ${value}::uuid` : sql`true`;
      return compareText(sql`${expr}::text`, op, String(value), true);
    case 'bool':
      return op === 'eq' ? sql`${expr} = ${value}` : sql`${expr} is distinct from ${value}`;
    case 'jsonbool':
      return op === 'eq' ? sql`${expr} = ${String(value)}` : sql`${expr} is distinct from ${String(value)}`;
    case 'time': {
      const operator = OPERATORS[op];
      if (!operator) throw new UnsupportedFilterError(`"${op}" does not apply to dates`);
      return sql`${expr} ${operator} ${String(value)}::timestamptz`;
    }
    case 'jsonb':
      throw new UnsupportedFilterError('a complex attribute can only be tested with "pr"');
    case 'text':
      return compareText(expr, op, String(value), caseExact);
  }
}

function compareText(expr: SQL, op: CompareOp, value: string, caseExact: boolean): SQL {
  const left = caseExact ? expr : sql`lower(${expr})`;
  const right = caseExact ? sql`${value}::text` : sql`lower(${value}::text)`;
  switch (op) {
    case 'co':
      return sql`strpos(${left}, ${right}) > 0`;
    case 'sw':
      return sql`starts_with(${left}, ${right})`;
    case 'ew':
      return sql`right(${left}, char_length(${right})) = ${right}`;
    case 'ne':
      return sql`(${expr} is null or ${left} <> ${right})`;
    default:
      return sql`${left} ${OPERATORS[op]!} ${right}`;
  }
}

/** A value inside the resource jsonb, by canonical names (bound as parameters all the same). */
function jsonOperand(root: SQL, attr: FilterAttr): Operand {
  const holder = attr.extension ? sql`(${root} -> ${attr.extension}::text)` : root;
  if (attr.sub) {
    return { expr: sql`(${holder} -> ${attr.name}::text ->> ${attr.sub}::text)`, kind: attr.type === 'boolean' ? 'jsonbool' : 'text' };
  }
  if (attr.type === 'complex') return { expr: sql`(${holder} -> ${attr.name}::text)`, kind: 'jsonb' };
  return { expr: sql`(${holder} ->> ${attr.name}::text)`, kind: attr.type === 'boolean' ? 'jsonbool' : 'text' };
}

const text = (expr: unknown): Operand => ({ expr: sql`${expr}`, kind: 'text' });

const USER_COLUMNS: Record<string, Operand> = {
  id: { expr: sql`${u.id}`, kind: 'uuid' },
  externalId: text(u.externalId),
  userName: text(u.userName),
  active: { expr: sql`${u.active}`, kind: 'bool' },
  displayName: text(u.displayName),
  title: text(u.title),
  'name.givenName': text(u.givenName),
  'name.familyName': text(u.familyName),
  'enterprise:department': text(u.department),
  'enterprise:employeeNumber': text(u.employeeNumber),
  'meta.created': { expr: sql`${u.createdAt}`, kind: 'time' },
  'meta.lastModified': { expr: sql`${u.updatedAt}`, kind: 'time' },
};

const GROUP_COLUMNS: Record<string, Operand> = {
  id: { expr: sql`${g.id}`, kind: 'uuid' },
  externalId: text(g.externalId),
  displayName: text(g.displayName),
  'meta.created': { expr: sql`${g.createdAt}`, kind: 'time' },
  'meta.lastModified': { expr: sql`${g.updatedAt}`, kind: 'time' },
};

function columnKey(attr: FilterAttr): string {
  const name = attr.sub ? `${attr.name}.${attr.sub}` : attr.name;
  return attr.extension === ENTERPRISE ? `enterprise:${name}` : name;
}

function columnOrJson(columns: Record<string, Operand>, resource: unknown, attr: FilterAttr): Operand {
  const column = columns[columnKey(attr)];
  if (column) return column;
  if (attr.name === 'meta') throw new UnsupportedFilterError(`meta.${attr.sub ?? ''} can't be filtered; use meta.created or meta.lastModified`);
  return jsonOperand(sql`${resource}`, attr);
}

const elementScope: Scope = {
  operand(attr) {
    if (!attr.sub) throw new UnsupportedFilterError(`name a sub-attribute of ${attr.name} to compare`);
    return { expr: sql`(el.v ->> ${attr.sub}::text)`, kind: attr.type === 'boolean' ? 'jsonbool' : 'text' };
  },
  some() {
    throw new UnsupportedFilterError('value filters can not be nested');
  },
};

/** The email an `emails` element filter pins down, so the GIN index on email_keys can narrow the scan. */
function pinnedEmail(filter: DirectoryFilter): string | undefined {
  const parts = filter.op === 'and' ? filter.filters : [filter];
  for (const part of parts) {
    if (part.op === 'eq' && part.attr.sub === 'value' && typeof part.value === 'string') return part.value;
  }
  return undefined;
}

const userScope: Scope = {
  operand: (attr) => columnOrJson(USER_COLUMNS, u.resource, attr),
  some(f) {
    const holder = f.attr.extension ? sql`(${u.resource} -> ${f.attr.extension}::text)` : sql`${u.resource}`;
    const list = sql`(${holder} -> ${f.attr.name}::text)`;
    const elements = sql`jsonb_array_elements(case when jsonb_typeof(${list}) = 'array' then ${list} else '[]'::jsonb end)`;
    const exists = f.filter.op === 'pr' && !f.filter.attr.sub
      ? sql`jsonb_typeof(${list}) = 'array' and jsonb_array_length(${list}) > 0`
      : sql`exists (select 1 from ${elements} as el(v) where ${build(f.filter, elementScope)})`;
    const email = f.attr.name === 'emails' && !f.attr.extension ? pinnedEmail(f.filter) : undefined;
    return email === undefined ? exists : sql`${u.emailKeys} @> array[lower(${email}::text)] and ${exists}`;
  },
};

const memberScope: Scope = {
  operand(attr) {
    if (attr.sub === 'value' || (!attr.sub && attr.type !== 'complex')) return { expr: sql`${gm.userId}`, kind: 'uuid' };
    throw new UnsupportedFilterError('members can only be filtered by value');
  },
  some() {
    throw new UnsupportedFilterError('value filters can not be nested');
  },
};

const groupScope: Scope = {
  operand: (attr) => columnOrJson(GROUP_COLUMNS, g.resource, attr),
  some(f) {
    if (f.attr.name !== 'members') {
      throw new UnsupportedFilterError(`${f.attr.name} can't be filtered on groups`);
    }
    const inner = f.filter.op === 'pr' && !f.filter.attr.sub ? sql`true` : build(f.filter, memberScope);
    return sql`exists (select 1 from ${gm} where ${gm.groupId} = ${g.id} and ${inner})`;
  },
};

import { parse as parseScimFilter, type Filter } from 'scim2-parse-filter';
import type { DirectoryFilter, FilterAttr, ValueType } from '../../services/directory/index.js';
import { badRequest } from '../errors.js';
import { findAttr, type AttrDef, type AttrType, type ResourceKind } from '../schema/attributes.js';
import { resolveAttrName } from '../schema/resolve.js';
import { quoteBareValues } from './lenient.js';

const MAX_FILTER_LENGTH = 4096;
const MIN_TIME = Date.parse('0001-01-01T00:00:00Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** The multi-valued attribute a value filter applies to, e.g. `emails` in `emails[type eq "work"]`. */
export type ElementScope = { extension: string | null; def: AttrDef };
type Scope = { kind: ResourceKind; element?: ElementScope };

const invalid = (detail: string) => badRequest('invalidFilter', detail);

/** Parses and resolves a `filter` query parameter; anything we can't answer exactly is a 400 invalidFilter. */
export function parseFilter(kind: ResourceKind, text: string): DirectoryFilter {
  return convert(parseText(text), { kind }, text.includes('].'));
}

/** Parses the filter inside a PATCH value path; its attribute names are sub-attributes of `element`. */
export function parseElementFilter(kind: ResourceKind, element: ElementScope, text: string): DirectoryFilter {
  return convert(parseText(text), { kind, element }, false);
}

function parseText(text: string): Filter {
  if (text.trim() === '') throw invalid('The filter is empty');
  if (text.length > MAX_FILTER_LENGTH) throw invalid(`The filter is longer than ${MAX_FILTER_LENGTH} characters`);
  try {
    return parseScimFilter(text);
  } catch (error) {
    // RFC 7644 §3.4.2.2 wants string values quoted. Guessing a bare word's meaning would answer 200 with a
    // wrong or empty match, and the IdP would create a duplicate; say how to fix it instead.
    const quoted = quoteBareValues(text);
    if (quoted !== text && parses(quoted)) {
      throw invalid(`String values in a filter must be in double quotes, e.g. ${quoted.slice(0, 200)}`);
    }
    throw invalid(`The filter ${JSON.stringify(text.slice(0, 200))} does not parse: ${(error as Error).message}`);
  }
}

function parses(text: string): boolean {
  try {
    parseScimFilter(text);
    return true;
  } catch {
    return false;
  }
}

function convert(f: Filter, scope: Scope, mergeValuePaths: boolean): DirectoryFilter {
  switch (f.op) {
    case 'and':
    case 'or': {
      const { filters } = f as Extract<Filter, { filters: Filter[] }>;
      const merged = mergeValuePaths && f.op === 'and' && filters.length === 2 ? mergeValuePath(filters[0]!, filters[1]!) : undefined;
      if (merged) return convert(merged, scope, false);
      return { op: f.op, filters: filters.map((part) => convert(part, scope, mergeValuePaths)) };
    }
    case 'not':
      return { op: 'not', filter: convert((f as Extract<Filter, { op: 'not' }>).filter, scope, mergeValuePaths) };
    case '[]': {
      const path = f as Extract<Filter, { op: '[]' }>;
      if (scope.element) throw invalid('Value filters can not be nested');
      const location = resolveAttrName(scope.kind, path.attrPath);
      if (!location?.known || location.sub || !location.def.multiValued || location.def.type !== 'complex') {
        throw invalid(`"${path.attrPath}[…]" needs a multi-valued attribute such as emails or members`);
      }
      const element = { extension: location.extension, def: location.def };
      return { op: 'some', attr: attrOf(element.extension, element.def), filter: convert(path.valFilter, { ...scope, element }, false) };
    }
    case 'pr':
      return { op: 'pr', attr: resolve(scope, (f as Extract<Filter, { op: 'pr' }>).attrPath, true) };
    default: {
      const compare = f as Extract<Filter, { compValue: unknown }>;
      const attr = resolve(scope, compare.attrPath, false);
      if (compare.compValue === null) {
        if (compare.op === 'eq') return { op: 'not', filter: { op: 'pr', attr } };
        if (compare.op === 'ne') return { op: 'pr', attr };
        throw invalid(`"${compare.op} null" is not a comparison`);
      }
      return { op: compare.op, attr, value: typedValue(attr, compare.op, compare.compValue, compare.attrPath) };
    }
  }
}

/**
 * The library reads Entra's `emails[type eq "work"].value eq "x"` as "some work email, and some email equal
 * to x". Entra means one email that is both; fold the comparison back into the value filter.
 */
function mergeValuePath(left: Filter, right: Filter): Filter | undefined {
  if (left.op !== '[]' || !('attrPath' in right)) return undefined;
  const path = left as Extract<Filter, { op: '[]' }>;
  const prefix = `${path.attrPath}.`.toLowerCase();
  if (!right.attrPath.toLowerCase().startsWith(prefix)) return undefined;
  const inner = { ...right, attrPath: right.attrPath.slice(prefix.length) } as Filter;
  return { op: '[]', attrPath: path.attrPath, valFilter: { op: 'and', filters: [path.valFilter, inner] } };
}

const VALUE_TYPES: Record<AttrType, ValueType> = {
  string: 'string', reference: 'string', binary: 'string', boolean: 'boolean',
  dateTime: 'dateTime', integer: 'number', decimal: 'number', complex: 'complex',
};

function attrOf(extension: string | null, def: AttrDef, sub?: AttrDef): FilterAttr {
  const typed = sub ?? def;
  return {
    extension,
    name: def.name,
    ...(sub ? { sub: sub.name } : {}),
    type: VALUE_TYPES[typed.type],
    caseExact: typed.caseExact,
    multiValued: def.multiValued,
  };
}

function resolve(scope: Scope, attrPath: string, presence: boolean): FilterAttr {
  let extension: string | null;
  let def: AttrDef;
  let sub: AttrDef | undefined;
  if (scope.element) {
    ({ extension, def } = scope.element);
    sub = findAttr(def.subAttributes, attrPath);
    if (!sub) throw invalid(`"${attrPath}" is not a sub-attribute of ${def.name}`);
  } else {
    const location = resolveAttrName(scope.kind, attrPath);
    if (!location?.known) throw invalid(`Unknown attribute "${attrPath}" in filter`);
    ({ extension, def, sub } = location);
  }
  if (def.mutability === 'writeOnly') throw invalid(`${def.name} can not be filtered`);
  // `emails eq "x"` and `manager eq "id"` compare the value sub-attribute (RFC 7644 §3.4.2.2).
  if (!sub && !presence && def.type === 'complex') {
    sub = findAttr(def.subAttributes, 'value');
    if (!sub) throw invalid(`${def.name} is complex; compare one of its sub-attributes, e.g. ${def.name}.${def.subAttributes?.[0]?.name}`);
  }
  return attrOf(extension, def, sub);
}

function typedValue(attr: FilterAttr, op: string, value: string | number | boolean, attrPath: string): string | number | boolean {
  switch (attr.type) {
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') throw invalid(`${attrPath} is a boolean; use eq or ne`);
      const lower = String(value).toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalid(`${attrPath} must be compared with true or false`);
      return lower === 'true';
    }
    case 'dateTime': {
      if (op === 'co' || op === 'sw' || op === 'ew') throw invalid(`${attrPath} is a date; use eq, ne, gt, ge, lt or le`);
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      // JavaScript dates reach year ±275,760; Postgres timestamps don't, and no one was provisioned then.
      if (Number.isNaN(time) || time < MIN_TIME || time > MAX_TIME) {
        throw invalid(`${attrPath} must be compared with a date between the years 1 and 9999, such as "2024-01-31T00:00:00Z"`);
      }
      return new Date(time).toISOString();
    }
    case 'complex':
      throw invalid(`${attrPath} is complex; compare one of its sub-attributes`);
    default:
      return String(value);
  }
}

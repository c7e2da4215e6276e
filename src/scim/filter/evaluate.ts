import type { CompareOp, DirectoryFilter, FilterAttr } from '../../services/directory/index.js';

/**
 * Evaluates a value filter against one element of a multi-valued attribute, e.g. `type eq "work"` against an
 * email. Used for PATCH value paths, where the elements are already in memory.
 */
export function matchesElement(filter: DirectoryFilter, element: unknown): boolean {
  const item = element !== null && typeof element === 'object' ? (element as Record<string, unknown>) : { value: element };
  switch (filter.op) {
    case 'and':
      return filter.filters.every((part) => matchesElement(part, item));
    case 'or':
      return filter.filters.some((part) => matchesElement(part, item));
    case 'not':
      return !matchesElement(filter.filter, item);
    case 'some':
      return false;
    case 'pr': {
      const value = read(item, filter.attr);
      return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
    }
    default:
      return compare(read(item, filter.attr), filter.op, filter.value, filter.attr);
  }
}

function read(item: Record<string, unknown>, attr: FilterAttr): unknown {
  const key = attr.sub ?? 'value';
  if (key in item) return item[key];
  const lower = key.toLowerCase();
  const found = Object.keys(item).find((name) => name.toLowerCase() === lower);
  return found === undefined ? undefined : item[found];
}

function compare(actual: unknown, op: CompareOp, expected: string | number | boolean, attr: FilterAttr): boolean {
  if (actual === undefined || actual === null) return op === 'ne';
  if (attr.type === 'boolean') {
    const value = typeof actual === 'string' ? actual.toLowerCase() === 'true' : actual === true;
    return op === 'eq' ? value === expected : value !== expected;
  }
  if (attr.type === 'dateTime') {
    return order(Date.parse(String(actual)) - Date.parse(String(expected)), op);
  }
  if (typeof actual === 'object') return op === 'ne';
  const left = attr.caseExact ? String(actual) : String(actual).toLowerCase();
  const right = attr.caseExact ? String(expected) : String(expected).toLowerCase();
  switch (op) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return order(left < right ? -1 : left > right ? 1 : 0, op);
  }
}

function order(difference: number, op: CompareOp): boolean {
  if (Number.isNaN(difference)) return op === 'ne';
  switch (op) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}

import type { DirectoryFilter } from '../services/directory/index.js';
import { badRequest } from './errors.js';
import { parseFilter } from './filter/parse.js';
import { readKey } from './patch/request.js';
import type { ResourceKind } from './schema/attributes.js';
import { URN } from './schema/urns.js';

export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;
/** Far past any directory, and far below Postgres' bigint OFFSET: a larger startIndex is an empty page either way. */
export const MAX_START_INDEX = 2_147_483_647;

export type ListParams = {
  filter?: DirectoryFilter;
  startIndex: number;
  count: number;
  projection: Projection;
};

export type Projection = { attributes?: string[]; excludedAttributes?: string[] };

/** The list parameters as sent, from a query string or a SearchRequest body. */
type RawListParams = { filter?: unknown; startIndex?: unknown; count?: unknown; attributes?: unknown; excludedAttributes?: unknown };

/** Query parameter names are matched case-insensitively; unknown ones (e.g. aadOptscim062020) are ignored. */
function param(params: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of params) if (key.toLowerCase() === lower) return value;
  return undefined;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** An integer, however large (1e30 is one); anything else is a 400 rather than a guess. */
function integer(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && NUMBER.test(value.trim()) ? Number(value.trim()) : NaN;
  if (Number.isInteger(number) || number === Infinity || number === -Infinity) return number;
  throw badRequest('invalidValue', `${name} must be a whole number, not ${JSON.stringify(value).slice(0, 40)}`);
}

function names(name: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    throw badRequest('invalidValue', `${name} must be a list of attribute names`);
  }
  const list = (items as string[]).map((item) => item.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

function projectionOf(raw: RawListParams): Projection {
  const attributes = names('attributes', raw.attributes);
  const excludedAttributes = names('excludedAttributes', raw.excludedAttributes);
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

export function parseProjection(params: URLSearchParams): Projection {
  return projectionOf({ attributes: param(params, 'attributes'), excludedAttributes: param(params, 'excludedAttributes') });
}

/**
 * RFC 7644 §3.4.2.4: startIndex below 1 counts as 1, a negative count as 0, and a count above what the server
 * returns (ServiceProviderConfig filter.maxResults) is lowered to it; the answer's itemsPerPage says so.
 */
function listParams(kind: ResourceKind, raw: RawListParams): ListParams {
  if (raw.filter !== undefined && raw.filter !== null && typeof raw.filter !== 'string') {
    throw badRequest('invalidFilter', 'filter must be a string');
  }
  const startIndex = Math.min(MAX_START_INDEX, Math.max(1, integer('startIndex', raw.startIndex) ?? 1));
  const count = Math.min(MAX_COUNT, Math.max(0, integer('count', raw.count) ?? DEFAULT_COUNT));
  return {
    ...(typeof raw.filter === 'string' ? { filter: parseFilter(kind, raw.filter) } : {}),
    startIndex,
    count,
    projection: projectionOf(raw),
  };
}

export function parseListParams(kind: ResourceKind, params: URLSearchParams): ListParams {
  const raw: RawListParams = {};
  for (const name of ['filter', 'startIndex', 'count', 'attributes', 'excludedAttributes'] as const) {
    const value = param(params, name);
    if (value !== undefined) raw[name] = value;
  }
  return listParams(kind, raw);
}

/** The body of POST /Users/.search or /Groups/.search (RFC 7644 §3.4.3); sortBy is ignored, as sort is unsupported. */
export function parseSearchRequest(kind: ResourceKind, body: Record<string, unknown>): ListParams {
  const schemas = readKey(body, 'schemas');
  const lower = URN.searchRequest.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === lower)) {
    throw badRequest('invalidSyntax', `A search body needs "schemas": ["${URN.searchRequest}"]`);
  }
  const read = (name: string) => readKey(body, name);
  return listParams(kind, {
    filter: read('filter'),
    startIndex: read('startIndex'),
    count: read('count'),
    attributes: read('attributes'),
    excludedAttributes: read('excludedAttributes'),
  });
}

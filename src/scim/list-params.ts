import type { DirectoryFilter } from '../services/directory/index.js';
import { parseFilter } from './filter/parse.js';
import type { ResourceKind } from './schema/attributes.js';

export const DEFAULT_COUNT = 100;
export const MAX_COUNT = 1000;

export type ListParams = {
  filter?: DirectoryFilter;
  startIndex: number;
  count: number;
  projection: Projection;
};

export type Projection = { attributes?: string[]; excludedAttributes?: string[] };

/** Query parameter names are matched case-insensitively; unknown ones (e.g. aadOptscim062020) are ignored. */
function param(params: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of params) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

function list(value: string | undefined): string[] | undefined {
  const names = value?.split(',').map((name) => name.trim()).filter(Boolean);
  return names?.length ? names : undefined;
}

export function parseProjection(params: URLSearchParams): Projection {
  const attributes = list(param(params, 'attributes'));
  const excludedAttributes = list(param(params, 'excludedAttributes'));
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

/** RFC 7644 §3.4.2.4: startIndex below 1 counts as 1, a negative count as 0. */
export function parseListParams(kind: ResourceKind, params: URLSearchParams): ListParams {
  const filterText = param(params, 'filter');
  const startIndex = Math.max(1, integer(param(params, 'startIndex')) ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, integer(param(params, 'count')) ?? DEFAULT_COUNT));
  return {
    ...(filterText !== undefined ? { filter: parseFilter(kind, filterText) } : {}),
    startIndex,
    count,
    projection: parseProjection(params),
  };
}

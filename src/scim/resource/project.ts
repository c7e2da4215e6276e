import type { Projection } from '../list-params.js';
import type { ResourceKind } from '../schema/attributes.js';
import { knownExtension, resolveAttrName } from '../schema/resolve.js';
import { isPlainObject } from './coerce.js';
import type { ScimResource } from './render.js';

const ALWAYS = ['schemas', 'id'];

type Segment = { holder: string | null; name: string; sub?: string };

/** Where a requested attribute name lives in a rendered resource; undefined when it names nothing. */
function segmentOf(kind: ResourceKind, resource: ScimResource, name: string): Segment | undefined {
  const extension = knownExtension(kind, name);
  if (extension) return { holder: null, name: extension };
  const location = resolveAttrName(kind, name);
  if (location?.known) return { holder: location.extension, name: location.def.name, ...(location.sub ? { sub: location.sub.name } : {}) };
  if (location && !location.known) return { holder: location.extension, name: location.name };
  // Attributes we don't model were stored as sent; match their names case-insensitively.
  const key = Object.keys(resource).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : { holder: null, name: key };
}

function holderIn(resource: ScimResource, holder: string | null): Record<string, unknown> | undefined {
  if (holder === null) return resource;
  const value = resource[holder];
  return isPlainObject(value) ? value : undefined;
}

function pickSub(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) return value.map((item) => (isPlainObject(item) ? { [sub]: item[sub] } : item));
  return isPlainObject(value) && sub in value ? { [sub]: value[sub] } : undefined;
}

/** Applies `attributes` / `excludedAttributes` (RFC 7644 §3.9); `schemas` and `id` are always returned. */
export function project(kind: ResourceKind, resource: ScimResource, projection: Projection): ScimResource {
  if (projection.attributes) {
    const out: ScimResource = Object.fromEntries(ALWAYS.map((key) => [key, resource[key]]));
    for (const name of projection.attributes) {
      const segment = segmentOf(kind, resource, name);
      const source = segment && holderIn(resource, segment.holder);
      if (!segment || !source || source[segment.name] === undefined) continue;
      const value = segment.sub ? pickSub(source[segment.name], segment.sub) : source[segment.name];
      if (value === undefined) continue;
      const target = segment.holder === null ? out : ((out[segment.holder] ??= {}) as Record<string, unknown>);
      const existing = target[segment.name];
      target[segment.name] = isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value;
    }
    return out;
  }
  if (!projection.excludedAttributes) return resource;
  const out = structuredClone(resource);
  for (const name of projection.excludedAttributes) {
    const segment = segmentOf(kind, out, name);
    if (!segment || (segment.holder === null && ALWAYS.includes(segment.name))) continue;
    const holder = holderIn(out, segment.holder);
    if (!holder) continue;
    if (!segment.sub) delete holder[segment.name];
    else if (isPlainObject(holder[segment.name])) delete (holder[segment.name] as Record<string, unknown>)[segment.sub];
  }
  return out;
}

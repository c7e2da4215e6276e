import type { DirectoryFilter } from '../../services/directory/index.js';
import { badRequest, ScimError } from '../errors.js';
import { parseElementFilter } from '../filter/parse.js';
import { isPlainObject } from '../resource/coerce.js';
import { findAttr, type AttrDef, type ResourceKind } from '../schema/attributes.js';
import { describeLocation, knownExtension, resolveAttrName } from '../schema/resolve.js';
import type { PatchOperation } from './request.js';

export type PatchTarget =
  /** An attribute of an extension we don't model: kept as sent, like unknown attributes on create. */
  | { kind: 'opaque'; extension: string; name: string }
  /** A whole extension we model (the enterprise User URN); only `remove` gets here, add/replace are split up. */
  | { kind: 'extension'; extension: string }
  | { kind: 'attr'; extension: string | null; def: AttrDef; sub?: AttrDef; filter?: DirectoryFilter; label: string };

const invalidPath = (detail: string) => badRequest('invalidPath', detail);

/** Parses `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]` and `attr[filter].sub` (RFC 7644 §3.5.2 PATH). */
export function parsePatchPath(kind: ResourceKind, path: string): PatchTarget {
  const extension = knownExtension(kind, path);
  if (extension) return { kind: 'extension', extension };
  const open = path.indexOf('[');
  if (open === -1) {
    const location = resolveAttrName(kind, path);
    if (!location) throw invalidPath(`Unknown attribute path "${path}"`);
    if (!location.known) return { kind: 'opaque', extension: location.extension, name: location.name };
    return { kind: 'attr', extension: location.extension, def: location.def, ...(location.sub ? { sub: location.sub } : {}), label: describeLocation(location) };
  }
  const close = path.lastIndexOf(']');
  if (close < open) throw invalidPath(`Unbalanced brackets in path "${path}"`);
  const location = resolveAttrName(kind, path.slice(0, open).trim());
  if (!location?.known || location.sub || !location.def.multiValued || location.def.type !== 'complex') {
    throw invalidPath(`"${path}": a value filter needs a multi-valued attribute such as emails or members`);
  }
  const after = path.slice(close + 1).trim();
  let sub: AttrDef | undefined;
  if (after) {
    sub = after.startsWith('.') ? findAttr(location.def.subAttributes, after.slice(1)) : undefined;
    if (!sub) throw invalidPath(`Unknown sub-attribute "${after}" in path "${path}"`);
  }
  let filter: DirectoryFilter;
  try {
    filter = parseElementFilter(kind, { extension: location.extension, def: location.def }, path.slice(open + 1, close));
  } catch (error) {
    if (error instanceof ScimError) throw invalidPath(`Path "${path}": ${error.message}`);
    throw error;
  }
  return { kind: 'attr', extension: location.extension, def: location.def, ...(sub ? { sub } : {}), filter, label: path };
}

export type PatchStep = { path: string; value: unknown; pathless: boolean };

/**
 * The steps of one operation. A path-less add/replace carries an object whose keys are attribute names
 * (Okta: `{"active": false}`, nested objects) or, from Entra with aadOptscim062020, dotted and URN paths
 * (`{"name.givenName": …, "urn:…:User:employeeNumber": …}`); each key becomes its own step.
 */
export function stepsOf(kind: ResourceKind, operation: PatchOperation): PatchStep[] {
  const { op, path, value } = operation;
  if (path !== undefined) {
    const extension = knownExtension(kind, path);
    // RFC 7644 §3.5.2.1/3: an add or replace on a complex target sets the sub-attributes it names, leaving the others.
    if (!extension || op === 'remove') return [{ path, value, pathless: false }];
    if (!isPlainObject(value)) throw badRequest('invalidValue', `${op} on ${extension} needs an object "value" of its attributes`);
    return extensionSteps(extension, value);
  }
  if (!isPlainObject(value)) {
    throw badRequest('invalidValue', `${op} without "path" needs an object "value"`);
  }
  const steps: PatchStep[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = knownExtension(kind, key);
    if (extension && isPlainObject(inner)) steps.push(...extensionSteps(extension, inner));
    else steps.push({ path: key, value: inner, pathless: true });
  }
  return steps;
}

/** Read-only attributes in the object are skipped, as in a path-less value (it is the same shape). */
function extensionSteps(extension: string, value: Record<string, unknown>): PatchStep[] {
  return Object.entries(value).map(([name, inner]) => ({ path: `${extension}:${name}`, value: inner, pathless: true }));
}

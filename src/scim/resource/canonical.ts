import type { ScimDoc } from '../../services/directory/index.js';
import { badRequest } from '../errors.js';
import type { ResourceKind } from '../schema/attributes.js';
import { describeLocation, knownExtension, resolveAttrName } from '../schema/resolve.js';
import { coerceValue, isPlainObject } from './coerce.js';
import { assertOnePrimary, checkGroupLimits, checkUserLimits } from './limits.js';

/**
 * Turns a POST or PUT body into the stored document: canonical attribute names (RFC 7643 says they are
 * case-insensitive), string booleans coerced, nulls dropped (Entra's examples send them), read-only attributes
 * (id, meta, groups) and the password ignored. Attributes we don't model are kept as sent.
 */
export function canonicalizeResource(kind: ResourceKind, body: Record<string, unknown>): ScimDoc {
  const doc: ScimDoc = {};
  for (const [key, raw] of Object.entries(body)) {
    if (raw === null || raw === undefined || key.toLowerCase() === 'schemas') continue;
    const extension = knownExtension(kind, key);
    if (extension) {
      if (!isPlainObject(raw)) throw badRequest('invalidValue', `${extension} must be an object`);
      for (const [name, value] of Object.entries(raw)) place(kind, doc, `${extension}:${name}`, value);
    } else {
      place(kind, doc, key, raw);
    }
  }
  return doc;
}

function place(kind: ResourceKind, doc: ScimDoc, key: string, raw: unknown): void {
  if (raw === null || raw === undefined) return;
  const location = resolveAttrName(kind, key);
  // Unknown extensions and attributes are the IdP's business; keep them for the round trip.
  if (!location || !location.known) {
    doc[key] = raw;
    return;
  }
  const { def, sub } = location;
  if (def.mutability === 'readOnly' || def.mutability === 'writeOnly') return;
  if (kind === 'Group' && def.name === 'members') return; // stored as memberships; see memberIdsOf
  const holder = location.extension ? objectAt(doc, location.extension) : doc;
  const label = describeLocation(location);
  if (!sub) {
    const value = coerceValue(def, raw, label);
    if (def.multiValued) assertOnePrimary(value, label);
    if (value !== undefined) holder[def.name] = value;
    return;
  }
  // A dotted key ("name.givenName") at the top level: lenient, since Entra uses that form in PATCH.
  if (def.multiValued) {
    doc[key] = raw;
    return;
  }
  const value = coerceValue(sub, raw, label);
  if (value !== undefined) objectAt(holder, def.name)[sub.name] = value;
}

function objectAt(holder: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = holder[key];
  if (isPlainObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  holder[key] = created;
  return created;
}

/**
 * userName is required and non-empty; `active` defaults to true so it is always stored as a boolean.
 * `before` is the stored document on PUT and PATCH: see checkUserLimits.
 */
export function validateUserDoc(doc: ScimDoc, defaults: { active: boolean }, before?: ScimDoc): ScimDoc {
  if (typeof doc.userName !== 'string' || doc.userName.trim() === '') {
    throw badRequest('invalidValue', 'userName is required and must be a non-empty string');
  }
  checkUserLimits(doc, before);
  return { ...doc, active: typeof doc.active === 'boolean' ? doc.active : defaults.active };
}

export function validateGroupDoc(doc: ScimDoc, before?: ScimDoc): ScimDoc {
  if (typeof doc.displayName !== 'string' || doc.displayName.trim() === '') {
    throw badRequest('invalidValue', 'displayName is required and must be a non-empty string');
  }
  checkGroupLimits(doc, before);
  return doc;
}

/** The `members` of a Group body (any key case), as user ids. */
export function memberIdsOf(body: Record<string, unknown>): string[] | undefined {
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'members');
  return key === undefined ? undefined : memberIds(body[key]);
}

export function memberIds(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const id = isPlainObject(item) ? item.value : item;
    if (typeof id !== 'string' || id === '') {
      throw badRequest('invalidValue', 'each member needs a "value" holding the id of a user');
    }
    return id;
  });
}

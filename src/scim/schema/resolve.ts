import {
  coreAttributes,
  coreSchemaOf,
  extensionAttributes,
  findAttr,
  type AttrDef,
  type ResourceKind,
} from './attributes.js';
import { URN } from './urns.js';

/** Where an attribute name points. `extension` is the canonical URN of the object holding it, or null for core. */
export type AttrLocation =
  | { known: true; extension: string | null; def: AttrDef; sub?: AttrDef }
  /** An attribute of an extension schema we don't model: stored as sent under its URN. */
  | { known: false; extension: string; name: string };

export function isUrn(name: string): boolean {
  return name.slice(0, 4).toLowerCase() === 'urn:';
}

/** The canonical URN when `name` is a whole extension schema id we model (e.g. the enterprise User URN). */
export function knownExtension(kind: ResourceKind, name: string): string | undefined {
  return extensionAttributes(kind, name) ? URN.enterpriseUser : undefined;
}

/**
 * Resolves `attr`, `attr.sub`, `urn:…:attr` or `urn:…:attr.sub` (no value filter) case-insensitively, as RFC 7643
 * §2.1 requires. Unqualified enterprise names (Entra sends `manager`) fall back to the extension. Returns undefined
 * for names that belong to no schema.
 */
export function resolveAttrName(kind: ResourceKind, raw: string): AttrLocation | undefined {
  let schema: string | null = null;
  let rest = raw;
  if (isUrn(raw)) {
    const cut = raw.lastIndexOf(':');
    schema = raw.slice(0, cut);
    rest = raw.slice(cut + 1);
    if (!rest) return undefined;
  }
  const dot = rest.indexOf('.');
  const name = dot === -1 ? rest : rest.slice(0, dot);
  const subName = dot === -1 ? undefined : rest.slice(dot + 1);
  if (!name || subName === '') return undefined;

  if (schema !== null && schema.toLowerCase() !== coreSchemaOf[kind].toLowerCase()) {
    const defs = extensionAttributes(kind, schema);
    if (!defs) return subName === undefined ? { known: false, extension: schema, name } : undefined;
    return locate(URN.enterpriseUser, findAttr(defs, name), subName);
  }
  const core = findAttr(coreAttributes(kind), name);
  if (core || schema !== null || kind !== 'User') return locate(null, core, subName);
  return locate(URN.enterpriseUser, findAttr(extensionAttributes(kind, URN.enterpriseUser), name), subName);
}

function locate(extension: string | null, def: AttrDef | undefined, subName: string | undefined): AttrLocation | undefined {
  if (!def) return undefined;
  if (subName === undefined) return { known: true, extension, def };
  const sub = findAttr(def.subAttributes, subName);
  return sub ? { known: true, extension, def, sub } : undefined;
}

/** A stable dotted label for messages and audit details, e.g. `name.givenName` or `urn:…:User:department`. */
export function describeLocation(location: AttrLocation): string {
  if (!location.known) return `${location.extension}:${location.name}`;
  const base = location.extension ? `${location.extension}:${location.def.name}` : location.def.name;
  return location.sub ? `${base}.${location.sub.name}` : base;
}

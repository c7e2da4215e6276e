import type { DirectoryFilter, ScimDoc } from '../../services/directory/index.js';
import { badRequest } from '../errors.js';
import { matchesElement } from '../filter/evaluate.js';
import { coerceSingle, coerceValue, isPlainObject } from '../resource/coerce.js';
import type { PatchTarget } from './path.js';
import type { PatchOp } from './request.js';

type Holder = Record<string, unknown>;
type Target = Extract<PatchTarget, { kind: 'attr' }>;

/**
 * Applies one step to a document in place (callers work on a copy, so a failed PATCH changes nothing).
 * Read-only attributes in a path-less value are skipped (Okta echoes `id` when renaming a group).
 */
export function applyStep(doc: ScimDoc, op: PatchOp, target: PatchTarget, value: unknown, pathless: boolean): void {
  if (target.kind === 'extension') {
    if (op !== 'remove') throw badRequest('invalidValue', `${op} on ${target.extension} needs an object "value" of its attributes`);
    delete doc[target.extension];
    return;
  }
  if (target.kind === 'opaque') {
    const holder = holderOf(doc, target.extension, op !== 'remove');
    if (!holder) return;
    if (op === 'remove' || value === null) delete holder[target.name];
    else holder[target.name] = value;
    if (Object.keys(holder).length === 0) delete doc[target.extension];
    return;
  }
  const { def } = target;
  if (def.mutability === 'readOnly') {
    if (pathless) return;
    throw badRequest('mutability', `${target.label} is read-only`);
  }
  if (def.mutability === 'writeOnly') return; // the password: accepted, never stored
  const holder = holderOf(doc, target.extension, op !== 'remove');
  if (!holder) return;
  if (target.filter) applyFiltered(holder, op, target, target.filter, value);
  else if (def.multiValued) applyList(holder, op, target, value);
  else if (target.sub) applySub(holder, op, target, value);
  else applySingle(holder, op, target, value);
  if (target.extension && Object.keys(holder).length === 0) delete doc[target.extension];
}

function holderOf(doc: ScimDoc, extension: string | null, create: boolean): Holder | undefined {
  if (!extension) return doc;
  const existing = doc[extension];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const made: Holder = {};
  doc[extension] = made;
  return made;
}

function applySingle(holder: Holder, op: PatchOp, { def, label }: Target, value: unknown): void {
  const coerced = op === 'remove' ? undefined : coerceValue(def, value, label);
  if (coerced === undefined) {
    delete holder[def.name];
    return;
  }
  const current = holder[def.name];
  // RFC 7644 §3.5.2.3: sub-attributes a complex value doesn't mention stay as they are.
  holder[def.name] = def.type === 'complex' && isPlainObject(current) && isPlainObject(coerced) ? { ...current, ...coerced } : coerced;
}

function applySub(holder: Holder, op: PatchOp, { def, sub, label }: Target, value: unknown): void {
  const parent = isPlainObject(holder[def.name]) ? (holder[def.name] as Holder) : undefined;
  const coerced = op === 'remove' ? undefined : coerceValue(sub!, value, label);
  if (coerced === undefined) {
    if (!parent) return;
    delete parent[sub!.name];
    if (Object.keys(parent).length === 0) delete holder[def.name];
    return;
  }
  if (parent) parent[sub!.name] = coerced;
  else holder[def.name] = { [sub!.name]: coerced };
}

function listOf(holder: Holder, name: string): unknown[] {
  const current = holder[name];
  return Array.isArray(current) ? [...current] : [];
}

function setList(holder: Holder, name: string, list: unknown[]): void {
  if (list.length === 0) delete holder[name];
  else holder[name] = onePrimary(list);
}

/** At most one element may be primary (RFC 7643 §2.4); the last one set wins. */
function onePrimary(list: unknown[]): unknown[] {
  const last = list.findLastIndex((item) => isPlainObject(item) && item.primary === true);
  if (last === -1) return list;
  return list.map((item, index) => (index !== last && isPlainObject(item) && item.primary === true ? { ...item, primary: false } : item));
}

function sameElement(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b) && 'value' in b) {
    const sameValue = String(a.value).toLowerCase() === String(b.value).toLowerCase();
    const sameType = b.type === undefined || String(a.type).toLowerCase() === String(b.type).toLowerCase();
    return sameValue && sameType;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function applyList(holder: Holder, op: PatchOp, { def, sub, label }: Target, value: unknown): void {
  const current = listOf(holder, def.name);
  if (sub) {
    // `emails.value` without a filter addresses that sub-attribute of every element.
    const coerced = op === 'remove' ? undefined : coerceValue(sub, value, label);
    const updated = current.map((item) => {
      if (!isPlainObject(item)) return item;
      const { [sub.name]: _old, ...rest } = item;
      return coerced === undefined ? rest : { ...rest, [sub.name]: coerced };
    });
    setList(holder, def.name, updated);
    return;
  }
  if (op === 'remove') {
    // Entra without aadOptscim062020 names the values to remove; a literal RFC reading would drop them all.
    const doomed = value === undefined || value === null ? undefined : (coerceValue(def, value, label) as unknown[]);
    setList(holder, def.name, doomed ? current.filter((item) => !doomed.some((gone) => sameElement(item, gone))) : []);
    return;
  }
  const items = (coerceValue(def, value, label) as unknown[] | undefined) ?? [];
  if (op === 'replace') {
    setList(holder, def.name, items);
    return;
  }
  // Re-adding a value already there changes nothing (RFC 7644 §3.5.2.1); both IdPs retry.
  for (const item of items) if (!current.some((existing) => sameElement(existing, item))) current.push(item);
  setList(holder, def.name, current);
}

/** The element a filter like `type eq "work"` describes, so a replace on a missing entry can create it. */
function seedOf(filter: DirectoryFilter): Holder | undefined {
  if (filter.op === 'eq' && filter.attr.sub) return { [filter.attr.sub]: filter.value };
  if (filter.op !== 'and') return undefined;
  const parts = filter.filters.map(seedOf);
  return parts.every((part) => part !== undefined) ? Object.assign({}, ...parts) : undefined;
}

function applyFiltered(holder: Holder, op: PatchOp, target: Target, filter: DirectoryFilter, value: unknown): void {
  const { def, sub, label } = target;
  const current = listOf(holder, def.name);
  const matched = current.map((item, index) => (matchesElement(filter, item) ? index : -1)).filter((index) => index >= 0);
  if (op === 'remove') {
    const kept = sub
      ? current.map((item, index) => (matched.includes(index) && isPlainObject(item) ? withoutKey(item, sub.name) : item))
      : current.filter((_, index) => !matched.includes(index));
    setList(holder, def.name, kept);
    return;
  }
  const coerced = sub ? coerceValue(sub, value, label) : coerceSingle(def, value, label);
  if (matched.length === 0) {
    // Entra replaces `phoneNumbers[type eq "work"].value` on users who have none: treat it as an add.
    const seed = seedOf(filter);
    if (!seed) throw badRequest('noTarget', `${label} matches no value`);
    current.push(sub ? { ...seed, [sub.name]: coerced } : { ...seed, ...(isPlainObject(coerced) ? coerced : {}) });
  } else {
    for (const index of matched) {
      const item = isPlainObject(current[index]) ? (current[index] as Holder) : {};
      if (sub) current[index] = coerced === undefined ? withoutKey(item, sub.name) : { ...item, [sub.name]: coerced };
      else current[index] = op === 'add' ? { ...item, ...(coerced as Holder) } : { ...seedOf(filter), ...(coerced as Holder) };
    }
  }
  setList(holder, def.name, current);
}

function withoutKey(item: Holder, key: string): Holder {
  const { [key]: _removed, ...rest } = item;
  return rest;
}

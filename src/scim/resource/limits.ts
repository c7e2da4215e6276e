import type { ScimDoc } from '../../services/directory/index.js';
import { CONTROL_CHARACTERS } from '../body-guard.js';
import { badRequest } from '../errors.js';
import { isPlainObject } from './coerce.js';

/** These values are copied into btree/GIN-indexed columns, whose entries can't exceed about 2,700 bytes. */
export const MAX_INDEXED_BYTES = 1024;

type Rule = { label: string; controls: boolean; read: (doc: ScimDoc) => unknown[] };

const USER_RULES: Rule[] = [
  { label: 'userName', controls: true, read: (doc) => [doc.userName] },
  { label: 'externalId', controls: false, read: (doc) => [doc.externalId] },
  { label: 'displayName', controls: false, read: (doc) => [doc.displayName] },
  {
    label: 'emails.value',
    controls: false,
    read: (doc) => (Array.isArray(doc.emails) ? doc.emails.map((email) => (isPlainObject(email) ? email.value : undefined)) : []),
  },
];

const GROUP_RULES: Rule[] = [
  { label: 'displayName', controls: true, read: (doc) => [doc.displayName] },
  { label: 'externalId', controls: false, read: (doc) => [doc.externalId] },
];

/**
 * Checks only values that are new compared with `before`: a person stored before these limits existed must
 * still be deactivatable by a PATCH that doesn't touch the offending attribute.
 */
function check(rules: Rule[], doc: ScimDoc, before: ScimDoc | undefined): void {
  for (const { label, controls, read } of rules) {
    const old = new Set(before ? read(before) : []);
    for (const value of read(doc)) {
      if (typeof value !== 'string' || old.has(value)) continue;
      if (Buffer.byteLength(value, 'utf8') > MAX_INDEXED_BYTES) {
        throw badRequest('invalidValue', `${label} is longer than ${MAX_INDEXED_BYTES} bytes`);
      }
      if (controls && CONTROL_CHARACTERS.test(value)) {
        throw badRequest('invalidValue', `${label} contains a control character (such as a tab, line break or NUL); send the name as plain text`);
      }
    }
  }
}

export const checkUserLimits = (doc: ScimDoc, before?: ScimDoc) => check(USER_RULES, doc, before);
export const checkGroupLimits = (doc: ScimDoc, before?: ScimDoc) => check(GROUP_RULES, doc, before);

/** RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once. */
export function assertOnePrimary(values: unknown, label: string): void {
  if (!Array.isArray(values)) return;
  const primaries = values.filter((item) => isPlainObject(item) && item.primary === true).length;
  if (primaries > 1) throw badRequest('invalidValue', `${label} has ${primaries} values marked primary; at most one may be`);
}

import { badRequest } from './errors.js';

/** A real SCIM body nests about five deep (user → extension → manager → value); unknown attributes get room to spare. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before it is parsed: everything after parsing (cloning,
 * canonicalising, jsonb) walks documents recursively, and 10,000 levels would overflow a stack somewhere.
 * A linear scan that skips string contents; syntax errors are left for JSON.parse to report.
 */
export function assertJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest('invalidSyntax', `The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Postgres can not store U+0000 or half a surrogate pair (`"\\ud800"`) in text or jsonb, so either one anywhere,
 * key or value, is refused up front with the attribute it was found in, instead of failing the write.
 * Depth is already bounded, so recursion is safe.
 */
export function assertStorableText(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    check(value, path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorableText(item, `${path}[${index}]`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const where = path ? `${path}.${key}` : key;
      check(key, where);
      assertStorableText(inner, where);
    }
  }
}

function check(text: string, path: string): void {
  if (text.includes('\u0000')) {
    throw badRequest('invalidValue', `${JSON.stringify(path)} contains a NUL character (\\u0000), which can not be stored`);
  }
  if (LONE_SURROGATE.test(text)) {
    throw badRequest('invalidValue', `${JSON.stringify(path)} contains half of a UTF-16 surrogate pair, which is not valid text`);
  }
}

/** C0 and C1 control characters and DEL: never part of a name someone types, and invisible in every UI. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

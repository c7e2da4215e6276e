import { badRequest } from '../errors.js';
import { findAttr, type AttrDef } from '../schema/attributes.js';

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Entra sends booleans as the strings "True"/"False" (and "false" has been seen). "False" is truthy in
 * JavaScript, so every boolean attribute goes through here; anything else is refused rather than guessed.
 */
export function toBoolean(value: unknown, label: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw badRequest('invalidValue', `${label} must be true or false, not ${JSON.stringify(value)}`);
}

/**
 * Brings a value in line with its attribute definition: canonical sub-attribute names, booleans coerced,
 * nulls dropped (undefined means "no value"). Unknown sub-attributes are kept as sent.
 */
export function coerceValue(def: AttrDef, value: unknown, label: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (!def.multiValued) return coerceSingle(def, value, label);
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => coerceSingle(def, item, label)).filter((item) => item !== undefined);
}

export function coerceSingle(def: AttrDef, value: unknown, label: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case 'boolean':
      return toBoolean(value, label);
    case 'complex':
      return coerceComplex(def, value, label);
    case 'integer':
    case 'decimal': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number) && (def.type === 'decimal' || Number.isInteger(number))) return number;
      throw badRequest('invalidValue', `${label} must be a number`);
    }
    default:
      if (typeof value === 'string') return value;
      // Stored "in the same format they were sent" is the rule, but a number where a string is due is harmless.
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw badRequest('invalidValue', `${label} must be a string`);
  }
}

function coerceComplex(def: AttrDef, value: unknown, label: string): Record<string, unknown> | undefined {
  // Entra sends the single-valued manager as a one-element array, and some clients send a bare id.
  if (Array.isArray(value) && !def.multiValued) {
    if (value.length > 1) throw badRequest('invalidValue', `${label} takes a single value`);
    return coerceComplex(def, value[0], label);
  }
  if (value === null || value === undefined) return undefined;
  if (!isPlainObject(value)) {
    const valueDef = findAttr(def.subAttributes, 'value');
    if (valueDef && (typeof value === 'string' || typeof value === 'number')) return { value: String(value) };
    throw badRequest('invalidValue', `${label} must be an object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findAttr(def.subAttributes, key);
    if (!sub) {
      if (raw !== null && raw !== undefined) out[key] = raw;
      continue;
    }
    const coerced = coerceValue(sub, raw, `${label}.${sub.name}`);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length ? out : undefined;
}

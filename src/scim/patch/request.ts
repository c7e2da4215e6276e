import { badRequest } from '../errors.js';
import { isPlainObject } from '../resource/coerce.js';
import { URN } from '../schema/urns.js';

export type PatchOp = 'add' | 'replace' | 'remove';
export type PatchOperation = { op: PatchOp; path?: string; value?: unknown };

const OPS = new Set<string>(['add', 'replace', 'remove']);
const MAX_OPERATIONS = 1000;

/** Message attribute names are case-insensitive too (RFC 7643 §2.1). */
export function readKey(body: Record<string, unknown>, name: string): unknown {
  if (name in body) return body[name];
  const lower = name.toLowerCase();
  const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : body[key];
}

/** Validates a PatchOp envelope. `op` is case-insensitive: Entra sends Add/Replace/Remove. */
export function parsePatchRequest(body: Record<string, unknown>): PatchOperation[] {
  const schemas = readKey(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === URN.patchOp.toLowerCase())) {
    throw badRequest('invalidSyntax', `A PATCH body needs "schemas": ["${URN.patchOp}"]`);
  }
  const operations = readKey(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', '"Operations" must be a non-empty array');
  }
  if (operations.length > MAX_OPERATIONS) throw badRequest('tooMany', `At most ${MAX_OPERATIONS} operations per PATCH`);
  return operations.map((raw, index): PatchOperation => {
    const where = `Operations[${index}]`;
    if (!isPlainObject(raw)) throw badRequest('invalidSyntax', `${where} must be an object`);
    const op = readKey(raw, 'op');
    if (typeof op !== 'string' || !OPS.has(op.toLowerCase())) {
      throw badRequest('invalidSyntax', `${where}.op must be add, replace or remove, not ${JSON.stringify(op)}`);
    }
    const path = readKey(raw, 'path');
    if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) {
      throw badRequest('invalidPath', `${where}.path must be a non-empty string`);
    }
    const value = readKey(raw, 'value');
    const lower = op.toLowerCase() as PatchOp;
    if (lower === 'remove' && !path) throw badRequest('noTarget', `${where}: remove needs a "path"`);
    if (lower !== 'remove' && value === undefined) throw badRequest('invalidValue', `${where}: ${lower} needs a "value"`);
    return { op: lower, ...(typeof path === 'string' ? { path: path.trim() } : {}), ...(value !== undefined ? { value } : {}) };
  });
}

// What Meta's Graph API accepts for the node types Hubkeeper touches, read at runtime from
// meta-graph-spec.json (a verbatim copy of Meta's SDK codegen spec plus the fields edges add, see the
// reference's §15). The fake asks `checkCall` before serving anything, so it refuses what Meta refuses.
import { readFileSync } from 'node:fs';

type SpecParam = { name: string; type: string; required: boolean };
type SpecEdge = { method: string; edge: string; return: string; params: SpecParam[] };
type SpecNode = { fields: Record<string, string>; edges: SpecEdge[] };
type Spec = {
  source: string;
  commit: string;
  date: string;
  nodes: Record<string, SpecNode>;
  enums: Record<string, string[]>;
  edge_fields: Record<string, { fields: string[]; source: string }>;
};

export const spec: Spec = JSON.parse(readFileSync(new URL('./meta-graph-spec.json', import.meta.url), 'utf8')) as Spec;

/** Params every Graph call may carry: auth, field selection, paging, batch and output options. */
export const SYSTEM_PARAMS: ReadonlySet<string> = new Set([
  'access_token', 'appsecret_proof', 'appsecret_time', 'fields', 'limit', 'after', 'before', 'summary',
  'include_headers', 'batch', 'method', 'pretty', 'suppress_http_code', 'locale', 'debug', 'format', 'date_format', 'metadata',
]);

export type SpecReason = 'unknown_node' | 'unknown_edge' | 'unknown_field' | 'unknown_param' | 'missing_param' | 'wrong_method' | 'bad_enum' | 'bad_type';

export type SpecViolation = {
  reason: SpecReason;
  code: 100;
  subcode?: number;
  type: string;
  message: string;
};

export type SpecCall = {
  /** Spec node type of the object addressed, e.g. `Business`, `Page`. */
  nodeType: string;
  /** Object id, for messages. */
  id: string;
  /** '' for the node itself. */
  edge: string;
  method: string;
  /** Query and body params together. */
  params: Record<string, unknown>;
};

export function nodeSpec(type: string): SpecNode | undefined {
  return spec.nodes[type];
}

/**
 * Where Meta was seen to answer differently from its SDK spec (reference §6.4, "Conflict", Graph v23.0): a Page's
 * `POST assigned_users` checks `tasks` against a newer enum, refusing the older MANAGE, CREATE_CONTENT, MODERATE
 * and MESSAGING, and takes `business` (its current docs mark it required; whether Meta enforces that is
 * UNCONFIRMED, so it is accepted, not demanded).
 */
const OBSERVED_ENUMS: Record<string, string[]> = {
  page_assigned_users_tasks_observed: ['FULL_CONTROL', 'CONTENT', 'MESSAGES', 'COMMUNITY_ACTIVITY', 'ADVERTISE', 'ANALYZE', 'IG_APP_ADMIN', 'IG_APP', 'SPARK_INSIGHTS', 'SPARK_PUBLISH', 'SPARK_EVERYTHING', 'CREATOR_MANAGEMENT', 'CREATIVE_MANAGEMENT'],
};
const OBSERVED_EDGES: Record<string, SpecParam[]> = {
  'Page POST assigned_users': [
    { name: 'tasks', type: 'list<page_assigned_users_tasks_observed>', required: false },
    { name: 'user', type: 'int', required: true },
    { name: 'business', type: 'string', required: false },
  ],
};

export function edgeSpec(type: string, edge: string, method: string): SpecEdge | undefined {
  const found = spec.nodes[type]?.edges.find((e) => e.edge === edge && e.method === method);
  const observed = OBSERVED_EDGES[`${type} ${method} ${edge}`];
  return found && observed ? { ...found, params: observed } : found;
}

const allowedCache = new Map<string, ReadonlySet<string> | undefined>();

/** Fields `fields=` may name on what `edge` of `type` returns (the node itself for edge ''). */
export function allowedFields(type: string, edge: string): ReadonlySet<string> | undefined {
  const key = `${type}/${edge}`;
  if (!allowedCache.has(key)) allowedCache.set(key, computeAllowedFields(type, edge)); // the spec never changes
  return allowedCache.get(key);
}

function computeAllowedFields(type: string, edge: string): Set<string> | undefined {
  const returned = edge ? edgeSpec(type, edge, 'GET')?.return : type;
  const node = returned ? spec.nodes[returned] : undefined;
  if (!node) return undefined;
  const out = new Set(Object.keys(node.fields));
  // Field expansion may name the returned node's own GET edges.
  for (const e of node.edges) if (e.method === 'GET' && e.edge) out.add(e.edge);
  for (const f of spec.edge_fields[`${type}/${edge}`]?.fields ?? []) out.add(f);
  return out;
}

/** `a,b{c,d},e.limit(2)` → ['a', 'b', 'e']: top-level names only, braces respected. */
export function topLevelFields(fields: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '{' || ch === '(') depth++;
    if (ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((f) => f.trim().replace(/[.{(].*$/s, '')).filter(Boolean);
}

/** Meta accepts JSON arrays, single-quoted pseudo-JSON and (tolerantly) comma lists. */
export function parseListParam(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value ?? '').trim();
  if (text.startsWith('[')) {
    try {
      return (JSON.parse(text.replace(/'/g, '"')) as unknown[]).map(String);
    } catch {
      return undefined;
    }
  }
  return text ? text.split(',').map((s) => s.trim()) : [];
}

const fault = (reason: SpecReason, message: string, extra: Partial<SpecViolation> = {}): SpecViolation => ({
  reason, code: 100, type: 'OAuthException', message, ...extra,
});

function checkValue(name: string, type: string, value: unknown): SpecViolation | undefined {
  const list = /^list<(.+)>$/.exec(type);
  if (list) {
    const items = parseListParam(value);
    if (!items) return fault('bad_type', `(#100) Param ${name} must be an array`);
    for (const [i, item] of items.entries()) {
      const bad = checkValue(`${name}[${i}]`, list[1]!, item);
      if (bad) return bad;
    }
    return undefined;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const values = spec.enums[type];
  if (values && !values.includes(text)) return fault('bad_enum', `(#100) Param ${name} must be one of {${values.join(', ')}}`);
  const observed = OBSERVED_ENUMS[type];
  if (observed && !observed.includes(text)) {
    return fault('bad_enum', `(#100) Param ${name} violated JSON schema constraint 'enum': got ${JSON.stringify(text)}, expected: [${observed.join(', ')}]`);
  }
  if (type === 'int' && !/^-?\d+$/.test(text)) return fault('bad_type', `(#100) Param ${name} must be an integer`);
  if (type === 'unsigned int' && !/^\d+$/.test(text)) return fault('bad_type', `(#100) Param ${name} must be a non-negative integer`);
  if (type === 'bool' && !/^(true|false|0|1)$/.test(text)) return fault('bad_type', `(#100) Param ${name} must be a boolean`);
  return undefined;
}

/**
 * What Meta would answer a call the spec does not allow (unknown edge, field or param, missing required
 * param, wrong method, value outside an enum), or undefined when the spec allows it.
 */
export function checkCall(call: SpecCall): SpecViolation | undefined {
  const node = spec.nodes[call.nodeType];
  if (!node) return fault('unknown_node', `(#100) Node type (${call.nodeType}) is not in the spec`);
  const method = call.method.toUpperCase();
  const sameName = node.edges.filter((e) => e.edge === call.edge);
  if (call.edge && sameName.length === 0) {
    return fault('unknown_edge', `(#100) Tried accessing nonexisting field (${call.edge}) on node type (${call.nodeType})`);
  }
  const edge = edgeSpec(call.nodeType, call.edge, method);
  if (!edge) {
    return fault('wrong_method', `Unsupported ${method.toLowerCase()} request. Object with ID '${call.id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`, { subcode: 33, type: 'GraphMethodException' });
  }
  const known = new Map(edge.params.map((p) => [p.name, p]));
  for (const [name, value] of Object.entries(call.params)) {
    if (SYSTEM_PARAMS.has(name)) continue;
    const param = known.get(name);
    if (!param) return fault('unknown_param', `(#100) Param ${name} is not a valid parameter of ${method} ${call.edge ? `/{id}/${call.edge}` : '/{id}'} on node type (${call.nodeType})`);
    const bad = checkValue(name, param.type, value);
    if (bad) return bad;
  }
  for (const p of edge.params) {
    if (p.required && (call.params[p.name] === undefined || call.params[p.name] === '')) {
      return fault('missing_param', `(#100) The parameter ${p.name} is required`);
    }
  }
  const fields = call.params.fields;
  if (method === 'GET' && typeof fields === 'string' && fields) {
    const allowed = allowedFields(call.nodeType, call.edge);
    const returned = call.edge ? edge.return : call.nodeType;
    for (const field of topLevelFields(fields)) {
      if (!allowed?.has(field)) return fault('unknown_field', `(#100) Tried accessing nonexisting field (${field}) on node type (${returned})`);
    }
  }
  return undefined;
}

// A fake Meta Graph API on 127.0.0.1 that behaves like the real one where Hubkeeper depends on it:
// token handling, field selection, cursor paging (incl. privacy-filtered short/empty pages), summaries,
// batch requests, error envelopes, usage headers, rate limiting, business rules and injectable faults.
// It is at least as strict as Meta: every request is checked against Meta's SDK spec for the node type its id
// has (meta-spec.ts, meta-graph-spec.json), and what the spec does not allow is refused with Meta's code 100
// and recorded as a contract violation that fails the test file (test/support/meta-contract.ts).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  graphTime,
  sampleBusiness,
  type FakeAsset,
  type FakeAssetKind,
  type FakeBusinessData,
  type FakeInvitation,
  type FakeSystemUser,
  type FakeUser,
} from './meta-business.js';
import { checkCall, parseListParam, SYSTEM_PARAMS, type SpecReason, type SpecViolation } from './meta-spec.js';

export * from './meta-business.js';
export { checkCall, spec as metaGraphSpec } from './meta-spec.js';

export type GraphErrorSpec = {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  /** HTTP status; default 500 for codes 1/2, else 400. */
  status?: number;
  isTransient?: boolean;
};

export type RateLimitRule = {
  /** Calls allowed per window per business (each batch op counts; the batch envelope does not). */
  calls: number;
  windowMs: number;
  /** 80004 (default), 17, 4 or 613. */
  code?: number;
  subcode?: number;
  /** Reported estimated_time_to_regain_access; default: minutes left in the window, rounded up. */
  regainMinutes?: number;
  /** BUC type in X-Business-Use-Case-Usage; default ads_management. */
  type?: string;
  /**
   * Each call made while blocked pushes the end of the block to at least call time + this (Meta: calls made
   * while throttled extend the block). Default: windowMs; 0 turns it off.
   */
  extendBlockMs?: number;
};

export type UsageHeaders = {
  app?: { call_count: number; total_time: number; total_cputime: number };
  buc?: { type?: string; call_count: number; total_cputime: number; total_time: number; estimated_time_to_regain_access: number };
  adAccount?: { acc_id_util_pct: number; reset_time_duration: number; ads_api_access_tier?: string };
};

export type PageFaults = {
  /** Every Nth page of every edge first comes back empty, with a `next` (privacy filtering). */
  emptyEvery?: number;
  /** Every Nth page carries only half the requested items, with a `next`. */
  shortEvery?: number;
  /** Paging never ends: past the last item every page is empty and still has a (fresh) `next`. */
  endless?: boolean;
  /** The last page's `next` carries the same `after` cursor it was asked with, forever. */
  repeatCursor?: boolean;
};

export type FakeMetaOptions = {
  /** Default: sampleBusiness(). */
  business?: FakeBusinessData;
  /** Tokens valid for `business`; default ['fake-meta-token']. */
  tokens?: string[];
  extraBusinesses?: Array<{ business: FakeBusinessData; tokens: string[] }>;
  /** Version reported for unversioned calls (facebook-api-version header); default v26.0. */
  apiVersion?: string;
  defaultLimit?: number;
  /** Largest `limit` honoured (larger ones are capped silently); default 100. */
  maxLimit?: number;
  latencyMs?: number;
  /** Extra latency per op of a batch (ops are modelled as sequential). */
  batchOpLatencyMs?: number;
  /** Invitations per business per 24 h before code 17; default 50. */
  inviteCap?: number;
  pageFaults?: PageFaults;
  rateLimit?: RateLimitRule;
  usage?: UsageHeaders;
  /**
   * "Require app secret proof" per business (the app connected to it): business id → app secret. Every call
   * whose token belongs to such a business needs appsecret_proof = hex HMAC-SHA256(key secret, token).
   */
  appSecretProof?: Record<string, string>;

  /** Clock for rate windows, invite cap and created_time; default Date.now. */
  now?: () => number;
};

export type RecordedCall = {
  method: string;
  /** Path as sent, version included, without the query string. */
  path: string;
  /** Unversioned template, e.g. `GET /{id}/business_users`. */
  route: string;
  /** Query parameters; access_token replaced by [redacted]. */
  query: Record<string, string>;
  status: number | null;
  /** What the spec check said: 'ok', a violation reason, or undefined when it never got that far. */
  spec?: 'ok' | SpecReason | 'unmodelled' | undefined;
};

/** A request the spec (or the fake's own model) does not know: the contract check fails the suite on any. */
export type ContractViolation = {
  method: string;
  route: string;
  nodeType?: string | undefined;
  reason: SpecReason | 'unknown_path' | 'unmodelled';
  message: string;
};

export type RecordedRequest = RecordedCall & {
  /** Form/JSON/multipart body fields; access_token replaced by [redacted]. */
  body: Record<string, unknown>;
  tokenSource: 'query' | 'body' | 'bearer' | 'none';
  /** Business the token belongs to (what in-flight and rate limits are counted against). */
  business: string | undefined;
  at: number;
  ms: number;
  /** Ops of a batch request, in order; status null for ops answered with null. */
  batch?: RecordedCall[];
};

export type FakeCounts = {
  httpRequests: number;
  batchRequests: number;
  batchOps: number;
  /** By route template, HTTP requests and batch ops alike. */
  byRoute: Record<string, number>;
  maxInFlight: number;
  maxInFlightByBusiness: Record<string, number>;
};

export type FakeFaults = {
  /** Makes `token` (default: every token) answer 190/463 from now on. */
  expireToken(token?: string): void;
  rateLimitNext(
    n: number,
    options?: { code?: number; subcode?: number; regainMinutes?: number; header?: 'buc' | 'app' | 'ad_account' | 'none'; resetSeconds?: number; path?: RegExp },
  ): void;
  /** HTTP 500 with a code 1/2 envelope (or a bare HTML body with envelope:false). */
  serverErrorNext(n: number, options?: { code?: 1 | 2; status?: number; envelope?: boolean; path?: RegExp }): void;
  /** 'hang': never answer; 'destroy': drop the socket; 'hang-after': do the work, then never answer. */
  timeoutNext(n: number, options?: { mode?: 'hang' | 'destroy' | 'hang-after'; path?: RegExp }): void;
  /**
   * Every call (incl. batch ops) whose unversioned path matches answers `error`, `times` times (default
   * forever), after letting the first `skip` matches through (e.g. skip: 1 fails page 2 of an edge).
   */
  failPath(pattern: RegExp, error: GraphErrorSpec & { times?: number; skip?: number; method?: string }): void;
  /** The next n batch ops come back as null (Meta timed out before reaching them). */
  nullBatchOpsNext(n: number): void;
  /**
   * The next n batch ops (matching `path`) fail with a throttling code (4/17/32/613/80000–80014) inside a batch
   * that still answers 200; with include_headers=true the op carries its own X-Business-Use-Case-Usage.
   */
  throttleBatchOpsNext(n: number, options?: { code?: number; subcode?: number; regainMinutes?: number; path?: RegExp }): void;
  /**
   * Blocks every call of the primary business (HTTP requests and batch ops) for `ms` from now with `code`
   * (default 80004); each call made while blocked extends the block to call time + `extendMs` (default `ms`).
   */
  throttleFor(ms: number, options?: { code?: number; subcode?: number; extendMs?: number }): void;
  clear(): void;
};

export type FakeMeta = {
  url: string;
  /** The primary business; mutate freely. */
  business: FakeBusinessData;
  businesses: Map<string, FakeBusinessData>;
  /** Every token the fake currently accepts (expired ones included), e.g. to scan logs for leaks. */
  readonly tokens: string[];
  requests: RecordedRequest[];
  faults: FakeFaults;
  setLatency(ms: number, batchOpMs?: number): void;
  setRateLimit(rule: RateLimitRule | undefined): void;
  setUsage(usage: UsageHeaders | undefined): void;
  setPageFaults(faults: PageFaults | undefined): void;
  /** Turns "require app secret proof" on (secret) or off (undefined) for a business (default: the primary). */
  requireAppSecretProof(secret: string | undefined, businessId?: string): void;
  /** Role writes to this person answer success but change nothing (Meta keeps roles some accounts can't take). */
  keepRoleOf(userId: string): void;
  addToken(token: string, businessId?: string): void;
  /** Requests the spec does not allow, since start or the last takeViolations(). */
  readonly violations: ContractViolation[];
  /** Returns and forgets the recorded violations (for tests that send bad requests on purpose). */
  takeViolations(): ContractViolation[];
  counts(): FakeCounts;
  /** Forgets recorded requests, counts and the in-flight high-water marks. */
  resetRecording(): void;
  close(): Promise<void>;
};

type NodeType = 'BusinessUser' | 'BusinessRoleRequest' | 'SystemUser' | 'Business' | 'AdAccount' | 'Page' | 'AdsPixel' | 'ProductCatalog' | 'AssignedUser' | 'Application' | 'BusinessAssetGroup';
/** What each node type answers when `fields` is not given. */
const DEFAULTS: Record<NodeType, string> = {
  BusinessUser: 'id,name,business,role',
  BusinessRoleRequest: 'id,email,role,status',
  SystemUser: 'id,name,role',
  Business: 'id,name',
  AdAccount: 'id',
  Page: 'id,name',
  AdsPixel: 'id,name',
  ProductCatalog: 'id,name',
  AssignedUser: 'id,name,tasks',
  // Not in the spec's nodes (only as the return of owned_apps): no `fields` can be checked, so none are asked.
  Application: 'id,name',
  BusinessAssetGroup: 'id,name',
};
/**
 * Task sets Meta documents for asset-level access (reference §6.4 role bundles); any other set is refused with
 * 100/1752129 "This Task Combination Is Not Supported". Pixels have no documented bundles: any set goes. Pages
 * neither: their bundles were written in the older task names, which Meta now refuses outright (meta-spec.ts).
 */
const TASK_BUNDLES: Partial<Record<FakeAssetKind, string[][]>> = {
  ad_account: [['MANAGE', 'ADVERTISE', 'ANALYZE'], ['ADVERTISE', 'ANALYZE'], ['ANALYZE'], ['DRAFT']],
  catalog: [['MANAGE', 'ADVERTISE'], ['ADVERTISE']],
};
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
/** Base roles: the only values `role` reads back on business_users (finer access is in tasks & co). */
const BASE_ROLES = new Set(['ADMIN', 'EMPLOYEE']);
const FINANCE: Record<string, string> = { FINANCE_EDITOR: 'EDITOR', FINANCE_EDIT: 'EDITOR', FINANCE_ANALYST: 'ANALYST', FINANCE_VIEW: 'ANALYST' };
/** Codes Meta throttles with (checklist §10/§15). */
const THROTTLE_CODES = new Set([4, 17, 32, 613, ...Array.from({ length: 15 }, (_, i) => 80000 + i)]);

// Every fake's contract violations, so a suite-wide afterAll can fail on any (test/support/meta-contract.ts).
let fakeSerial = 0;
const allViolations: Array<ContractViolation & { fake: number }> = [];
/** Returns and forgets the contract violations of every fake started in this worker. */
export function drainContractViolations(): ContractViolation[] {
  return allViolations.splice(0).map(({ fake: _fake, ...v }) => v);
}
const ASSET_TYPE: Record<FakeAssetKind, NodeType> = { ad_account: 'AdAccount', page: 'Page', pixel: 'AdsPixel', catalog: 'ProductCatalog' };
const ASSET_EDGES: Record<string, [FakeAssetKind, 'owned' | 'client']> = {
  owned_ad_accounts: ['ad_account', 'owned'],
  client_ad_accounts: ['ad_account', 'client'],
  owned_pages: ['page', 'owned'],
  client_pages: ['page', 'client'],
  owned_pixels: ['pixel', 'owned'],
  adspixels: ['pixel', 'owned'],
  client_pixels: ['pixel', 'client'],
  owned_product_catalogs: ['catalog', 'owned'],
  client_product_catalogs: ['catalog', 'client'],
};
const USER_EDGES: Record<string, FakeAssetKind> = {
  assigned_ad_accounts: 'ad_account',
  assigned_pages: 'page',
  assigned_product_catalogs: 'catalog',
};
const RATE_MESSAGES: Record<number, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  80001: '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80004: '(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.',
};

class GraphFault extends Error {
  constructor(readonly spec: GraphErrorSpec, readonly headers: Record<string, string> = {}) {
    super(spec.message ?? `code ${spec.code}`);
  }
}

type Out = { status: number; json: unknown; headers?: Record<string, string> };
type Node =
  | { kind: 'business'; biz: FakeBusinessData }
  | { kind: 'user'; biz: FakeBusinessData; obj: FakeUser }
  | { kind: 'invitation'; biz: FakeBusinessData; obj: FakeInvitation }
  | { kind: 'system_user'; biz: FakeBusinessData; obj: FakeSystemUser }
  | { kind: 'asset'; biz: FakeBusinessData; obj: FakeAsset };
type Call = {
  method: string;
  /** Path as sent (version included), for building `next` URLs. */
  rawPath: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token: string | undefined;
  /** Set by route(): the spec check's outcome. */
  spec?: RecordedCall['spec'];
};
type RequestFault =
  | { kind: 'rate'; left: number; path?: RegExp | undefined; spec: GraphErrorSpec; headers: Record<string, string> }
  | { kind: 'server'; left: number; path?: RegExp | undefined; code: number; status: number; envelope: boolean }
  | { kind: 'timeout'; left: number; path?: RegExp | undefined; mode: 'hang' | 'destroy' | 'hang-after' };

const traceId = () => randomBytes(8).toString('base64url');
const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());
const encodeCursor = (c: { o: number; p: number; e?: 1 }) => Buffer.from(JSON.stringify(c)).toString('base64');
const redactToken = (rec: Record<string, unknown>) => ('access_token' in rec ? { ...rec, access_token: '[redacted]' } : rec);

function decodeCursor(value: string): { o: number; p: number; e?: 1 } {
  try {
    const c = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as { o: number; p: number; e?: 1 };
    if (Number.isInteger(c.o) && Number.isInteger(c.p)) return c;
  } catch {
    // fall through
  }
  throw new GraphFault({ code: 100, message: '(#100) The after cursor is invalid' });
}

function splitVersion(pathname: string): { version: string | undefined; path: string } {
  const m = /^\/(v\d+\.\d+)(\/.*)?$/.exec(pathname);
  return m ? { version: m[1], path: m[2] ?? '/' } : { version: undefined, path: pathname || '/' };
}

/** Unversioned path with ids replaced: `/123/business_users` → `/{id}/business_users`. */
function template(method: string, path: string): string {
  return `${method} ${path.replace(/\/(act_)?\d+(?=\/|$)/g, '/{id}')}`;
}

function parseMultipart(raw: string, boundary: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const m = /name="([^"]+)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n?$/.exec(part);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      const json = JSON.parse(raw) as unknown;
      return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
    } catch {
      throw new GraphFault({ code: 100, message: '(#100) Invalid JSON in request body' });
    }
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (contentType?.includes('multipart/form-data') && boundary) return parseMultipart(raw, boundary[1] ?? boundary[2]!);
  return Object.fromEntries(new URLSearchParams(raw));
}

function parseList(value: unknown): string[] {
  const list = parseListParam(value);
  if (!list) throw new GraphFault({ code: 100, message: '(#100) Param must be an array' });
  return list;
}

function errorBody(spec: GraphErrorSpec): Out {
  const error: Record<string, unknown> = {
    message: spec.message ?? `(#${spec.code}) Error`,
    type: spec.type ?? 'OAuthException',
    code: spec.code,
  };
  if (spec.subcode !== undefined) error.error_subcode = spec.subcode;
  if (spec.isTransient !== undefined) error.is_transient = spec.isTransient;
  error.fbtrace_id = traceId();
  return { status: spec.status ?? (spec.code === 1 || spec.code === 2 ? 500 : 400), json: { error } };
}

function missing(method: string, id: string): GraphFault {
  return new GraphFault({
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

/** The requested (already spec-checked) fields of a record, plus id; fields the record lacks are absent. */
function select(record: Record<string, unknown>, fieldsParam: string | undefined, type: NodeType): Record<string, unknown> {
  const wanted = (fieldsParam || DEFAULTS[type]).split(',').map((f) => f.trim().replace(/[.{].*$/, '')).filter(Boolean);
  const out: Record<string, unknown> = { id: record.id };
  for (const field of wanted) if (record[field] !== undefined) out[field] = record[field];
  return out;
}

/** Starts the fake on 127.0.0.1 with an OS-chosen port. */
export async function startFakeMeta(options: FakeMetaOptions = {}): Promise<FakeMeta> {
  const now = options.now ?? Date.now;
  const primary = options.business ?? sampleBusiness();
  const businesses = new Map<string, FakeBusinessData>([[primary.id, primary]]);
  const tokens = new Map<string, string>((options.tokens ?? ['fake-meta-token']).map((t) => [t, primary.id]));
  for (const extra of options.extraBusinesses ?? []) {
    businesses.set(extra.business.id, extra.business);
    for (const t of extra.tokens) tokens.set(t, extra.business.id);
  }
  const expired = new Set<string>();
  let expireAll = false;
  let latencyMs = options.latencyMs ?? 0;
  let batchOpLatencyMs = options.batchOpLatencyMs ?? 0;
  let rateLimit = options.rateLimit;
  let usage = options.usage;
  let pageFaults = options.pageFaults;
  const defaultLimit = options.defaultLimit ?? 25;
  const maxLimit = options.maxLimit ?? 100;
  const inviteCap = options.inviteCap ?? 50;
  const windows = new Map<string, { start: number; end: number; count: number }>();
  const invitesSent = new Map<string, number[]>();
  let requestFaults: RequestFault[] = [];
  let pathFaults: Array<{ pattern: RegExp; method?: string | undefined; skip: number; left: number; spec: GraphErrorSpec }> = [];
  let nullOps = 0;
  let inviteSerial = 0;
  const serial = ++fakeSerial;
  const violations: ContractViolation[] = [];
  const pageTokens = new Map<string, { biz: string; page: string }>();
  const tokenOfPage = new Map<string, string>();
  const appSecrets = new Map<string, string>(Object.entries(options.appSecretProof ?? {}));
  const rolesKept = new Set<string>();
  let block: { biz: string; until: number; code: number; subcode?: number | undefined; extendMs: number } | undefined;
  let opThrottles: Array<{ left: number; code: number; subcode?: number | undefined; regainMinutes: number; path?: RegExp | undefined }> = [];

  const requests: RecordedRequest[] = [];
  let byRoute: Record<string, number> = {};
  let batchRequests = 0;
  let batchOps = 0;
  const inFlight = new Map<string, number>();
  let maxByBusiness: Record<string, number> = {};
  let totalInFlight = 0;
  let maxInFlight = 0;
  const open = new Set<http.ServerResponse>();
  let baseUrl = '';

  // Node index, rebuilt whenever the shape of any business changes (tests may mutate data directly).
  let index: Map<string, Node> | undefined;
  let indexKey = '';
  function resolve(id: string): Node | undefined {
    const key = [...businesses.values()].map((b) => `${b.users.length}.${b.invitations.length}.${b.systemUsers.length}.${b.assets.length}`).join('|');
    if (!index || key !== indexKey) {
      index = new Map();
      indexKey = key;
      for (const biz of businesses.values()) {
        index.set(biz.id, { kind: 'business', biz });
        for (const obj of biz.users) index.set(obj.id, { kind: 'user', biz, obj });
        for (const obj of biz.invitations) index.set(obj.id, { kind: 'invitation', biz, obj });
        for (const obj of biz.systemUsers) index.set(obj.id, { kind: 'system_user', biz, obj });
        for (const obj of biz.assets) index.set(obj.id, { kind: 'asset', biz, obj });
      }
    }
    return index.get(id);
  }
  // Who holds what, per business (see heldBy).
  let heldIndex: Map<string, { shape: number; byUser: Map<string, FakeAsset[]>; checkedFor: number }> | undefined;
  let requestSerial = 0;
  const touched = () => {
    index = undefined;
    heldIndex = undefined;
  };

  type Principal = { biz: string; token: string; page?: string | undefined };

  function authorize(token: string | undefined): Principal {
    if (!token) {
      throw new GraphFault({ code: 104, message: 'An access token is required to request this resource.' }, {
        'www-authenticate': 'OAuth "Facebook Platform" "invalid_request" "An access token is required to request this resource."',
      });
    }
    const pageToken = pageTokens.get(token);
    const biz = tokens.get(token) ?? pageToken?.biz;
    if (!biz || expired.has(token) || expireAll) {
      const message = biz
        ? 'Error validating access token: Session has expired on Saturday, 30-Mar-24 16:00:00 PDT. The current time is Sunday, 31-Mar-24 14:58:07 PDT.'
        : 'Invalid OAuth access token - Cannot parse access token';
      throw new GraphFault({ code: 190, subcode: biz ? 463 : 467, message }, {
        'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"`,
      });
    }
    return { biz, token, page: pageToken?.page };
  }

  /** "Require app secret proof": the proof must be hex HMAC-SHA256(key app secret, message token). */
  function checkProof(who: Principal, proof: unknown): void {
    const secret = appSecrets.get(who.biz);
    if (!secret) return;
    if (typeof proof !== 'string' || !proof) {
      throw new GraphFault({ code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' });
    }
    const want = Buffer.from(createHmac('sha256', secret).update(who.token).digest('hex'));
    const got = Buffer.from(proof.toLowerCase());
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      throw new GraphFault({ code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' });
    }
  }

  const regainHeader = (biz: string, minutes: number, callCount = 100): Record<string, string> => ({
    'x-business-use-case-usage': JSON.stringify({ [biz]: [{ type: 'ads_management', call_count: callCount, total_cputime: 40, total_time: 40, estimated_time_to_regain_access: minutes }] }),
  });
  const throttleSpec = (code: number, subcode?: number): GraphErrorSpec => ({
    code, message: RATE_MESSAGES[code] ?? `(#${code}) Rate limit reached`, isTransient: true,
    ...(subcode !== undefined || code === 80004 ? { subcode: subcode ?? 2446079 } : {}),
  });

  function consume(biz: string): void {
    const t = now();
    if (block && (block.biz === biz) && t < block.until) {
      // Calls made while throttled extend the block.
      block.until = Math.max(block.until, t + block.extendMs);
      throw new GraphFault(throttleSpec(block.code, block.subcode), regainHeader(biz, Math.max(1, Math.ceil((block.until - t) / 60_000))));
    }
    if (!rateLimit) return;
    let w = windows.get(biz);
    if (!w || t >= w.end) windows.set(biz, (w = { start: t, end: t + rateLimit.windowMs, count: 0 }));
    if (w.count >= rateLimit.calls) {
      w.end = Math.max(w.end, t + (rateLimit.extendBlockMs ?? rateLimit.windowMs));
      const code = rateLimit.code ?? 80004;
      throw new GraphFault({ code, subcode: rateLimit.subcode ?? (code === 80004 ? 2446079 : undefined), message: RATE_MESSAGES[code] ?? `(#${code}) Rate limit`, isTransient: true });
    }
    w.count++;
  }

  function bucUsage(biz: string | undefined): Record<string, unknown> | undefined {
    let buc = usage?.buc ? { type: 'ads_management', ...usage.buc } : undefined;
    if (rateLimit && biz) {
      const t = now();
      const w = windows.get(biz);
      const live = w && t < w.end;
      const pct = live ? Math.round((w.count / rateLimit.calls) * 100) : 0;
      const blocked = live && w.count >= rateLimit.calls;
      const regain = blocked ? (rateLimit.regainMinutes ?? Math.max(1, Math.ceil((w.end - t) / 60_000))) : 0;
      buc = { type: rateLimit.type ?? 'ads_management', call_count: pct, total_cputime: Math.round(pct / 2), total_time: Math.round(pct / 2), estimated_time_to_regain_access: regain };
    }
    return buc;
  }

  function usageHeaders(biz: string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (usage?.app) out['x-app-usage'] = JSON.stringify(usage.app);
    if (usage?.adAccount) out['x-ad-account-usage'] = JSON.stringify(usage.adAccount);
    const buc = bucUsage(biz);
    if (buc && biz) out['x-business-use-case-usage'] = JSON.stringify({ [biz]: [buc] });
    return out;
  }

  function list<T>(call: Call, items: T[], toRecord: (item: T) => Record<string, unknown>, type: NodeType): Out {
    const requested = Number.parseInt(call.query.limit ?? '', 10);
    const limit = Math.min(maxLimit, Math.max(1, Number.isFinite(requested) ? requested : defaultLimit));
    const cursor = call.query.after ? decodeCursor(call.query.after) : { o: 0, p: 0 };
    const nextUrl = (after: string) => `${baseUrl}${call.rawPath}?${new URLSearchParams({ ...call.query, after })}`;
    const summary = /^(true|total_count)$/.test(call.query.summary ?? '') ? { summary: { total_count: items.length } } : {};
    const nth = (every: number | undefined) => every !== undefined && every > 0 && (cursor.p + 1) % every === 0;
    if (nth(pageFaults?.emptyEvery) && !cursor.e && cursor.o < items.length) {
      const here = encodeCursor(cursor);
      return { status: 200, json: { data: [], paging: { cursors: { before: here, after: here }, next: nextUrl(encodeCursor({ ...cursor, e: 1 })) }, ...summary } };
    }
    const count = nth(pageFaults?.shortEvery) ? Math.max(1, Math.floor(limit / 2)) : limit;
    const data = items.slice(cursor.o, cursor.o + count).map((item) => select(toRecord(item), call.query.fields, type));
    const after = encodeCursor({ o: cursor.o + count, p: cursor.p + 1 });
    const paging: Record<string, unknown> = {};
    if (data.length > 0) paging.cursors = { before: encodeCursor({ o: cursor.o, p: cursor.p }), after };
    const more = cursor.o + count < items.length;
    if (more || pageFaults?.endless) paging.next = nextUrl(after);
    else if (pageFaults?.repeatCursor) paging.next = nextUrl(call.query.after ?? encodeCursor(cursor));
    return { status: 200, json: { data, ...(Object.keys(paging).length ? { paging } : {}), ...summary } };
  }

  const ref = (biz: FakeBusinessData) => ({ id: biz.id, name: biz.name });
  function assetRecord(biz: FakeBusinessData, a: FakeAsset): Record<string, unknown> {
    const owner = a.ownership === 'owned' ? { business: ref(biz), owner_business: ref(biz) } : {};
    return { id: a.id, name: a.name, ...a.fields, ...owner };
  }
  const userRecord = (biz: FakeBusinessData, u: FakeUser): Record<string, unknown> => ({ ...u, tasks: u.tasks ?? [u.role], business: ref(biz) });
  const typeOf = (node: Node): NodeType =>
    node.kind === 'business' ? 'Business'
    : node.kind === 'user' ? 'BusinessUser'
    : node.kind === 'invitation' ? 'BusinessRoleRequest'
    : node.kind === 'system_user' ? 'SystemUser'
    : ASSET_TYPE[node.obj.kind];
  const param = (call: Call, name: string): unknown => call.body[name] ?? call.query[name];

  /** A call the spec allows but this fake does not model: refused, and counted as a contract violation. */
  class Unmodelled extends GraphFault {}
  const unmodelled = (call: Call, nodeType: string) =>
    new Unmodelled({ code: 100, message: `(#100) fake-meta does not model ${call.method} ${template(call.method, call.path)} on node type (${nodeType})` });

  function getEdge(call: Call, node: Node, edge: string, who: Principal): Out {
    if (node.kind === 'business') {
      const biz = node.biz;
      if (edge === 'business_users') return list(call, biz.users, (u) => userRecord(biz, u), 'BusinessUser');
      if (edge === 'pending_users') {
        const email = call.query.email?.toLowerCase();
        const items = email ? biz.invitations.filter((i) => i.email.toLowerCase() === email) : biz.invitations;
        return list(call, items, (i) => ({ ...i, owner: ref(biz) }), 'BusinessRoleRequest');
      }
      if (edge === 'system_users') return list(call, biz.systemUsers, (s) => s, 'SystemUser');
      if (edge === 'agencies') return list(call, biz.partners, (p) => ({ ...p, shared_ca_count: 0 }), 'Business');
      if (edge === 'owned_apps') return list(call, biz.apps ?? [], (app) => app, 'Application');
      const assetEdge = ASSET_EDGES[edge];
      if (assetEdge) {
        const [kind, ownership] = assetEdge;
        const items = biz.assets.filter((a) => a.kind === kind && a.ownership === ownership);
        // `access_token` is a Page field: read on a Page listing it follows the same rule as on the node.
        const withToken = kind === 'page' && wantsAccessToken(call);
        return list(call, items, (a) => withPageToken(assetRecord(biz, a), withToken ? pageTokenFor(biz, a, who) : undefined), ASSET_TYPE[kind]);
      }
    }
    if (node.kind === 'asset' && edge === 'assigned_users') {
      const business = String(call.query.business);
      if (!businesses.has(business)) throw new GraphFault({ code: 100, message: '(#100) Param business must be a valid business id' });
      const records = node.obj.assigned.map((a) => {
        const who = resolve(a.userId);
        // A partner's person: named by the partner, and `business` is the partner (AssignedUser.business).
        const partner = who ? undefined : node.biz.partners.find((p) => p.people?.some((x) => x.id === a.userId));
        const name = who && (who.kind === 'user' || who.kind === 'system_user') ? who.obj.name : partner?.people?.find((x) => x.id === a.userId)?.name;
        const userType = who?.kind === 'system_user' ? 'SYSTEM_USER' : 'BUSINESS_USER';
        const business = partner ? { id: partner.id, name: partner.name } : ref(node.biz);
        return { id: a.userId, name, user_type: userType, tasks: a.tasks, permitted_tasks: a.tasks, business };
      });
      return list(call, records, (r) => r, 'AssignedUser');
    }
    if (node.kind === 'asset' && edge === 'agencies') {
      const holders = node.biz.partners.filter((p) => permissionsOf(p, node.obj.kind).some((x) => x.id === node.obj.id));
      return list(call, holders, (p) => ({ id: p.id, name: p.name, permitted_tasks: permissionsOf(p, node.obj.kind).find((x) => x.id === node.obj.id)?.permitted_tasks }), 'Business');
    }
    if ((node.kind === 'user' || node.kind === 'system_user') && USER_EDGES[edge]) {
      const userId = node.obj.id;
      const only = call.query.pages !== undefined && edge === 'assigned_pages' ? new Set(parseList(call.query.pages)) : undefined;
      const held = heldBy(node.biz, USER_EDGES[edge]!, userId).filter((a) => !only || only.has(a.id));
      const type = ASSET_TYPE[USER_EDGES[edge]!];
      return list(call, held, (a) => {
        const tasks = a.assigned.find((x) => x.userId === userId)?.tasks;
        return { ...assetRecord(node.biz, a), tasks, permitted_tasks: tasks };
      }, type);
    }
    if ((node.kind === 'user' || node.kind === 'system_user') && edge === 'assigned_business_asset_groups') {
      const userId = node.obj.id;
      const contained = call.query.contained_asset_id;
      const groups = (node.biz.assetGroups ?? []).filter((g) => g.users.some((u) => u.userId === userId) && (!contained || g.assetIds.includes(contained)));
      return list(call, groups, (g) => {
        const tasks = g.users.find((u) => u.userId === userId)!.tasks;
        return {
          id: g.id, name: g.name, owner_business: ref(node.biz),
          adaccount_tasks: tasks.ad_account, page_tasks: tasks.page, pixel_tasks: tasks.pixel,
        };
      }, 'BusinessAssetGroup');
    }
    throw unmodelled(call, typeOf(node));
  }

  /**
   * The assets of a kind a person holds, from an index (thousands of assigned_pages ops would each scan every
   * asset). Every write the fake serves drops it, and so does any change in the number of assets or holders,
   * so a test that edits the data directly between requests sees its change.
   */
  function heldBy(biz: FakeBusinessData, kind: FakeAssetKind, userId: string): FakeAsset[] {
    let held = heldIndex?.get(biz.id);
    // Checked once per request (a batch's ops run back to back): counting every holder per op costs too much.
    if (held && held.checkedFor === requestSerial) return (held.byUser.get(userId) ?? []).filter((a) => a.kind === kind);
    const shape = biz.assets.reduce((n, a) => n + a.assigned.length, biz.assets.length);
    if (held && held.shape === shape) held.checkedFor = requestSerial;
    else {
      held = { shape, byUser: new Map(), checkedFor: requestSerial };
      for (const a of biz.assets) {
        for (const x of a.assigned) {
          const list = held.byUser.get(x.userId);
          if (list) list.push(a);
          else held.byUser.set(x.userId, [a]);
        }
      }
      (heldIndex ??= new Map()).set(biz.id, held);
    }
    return (held.byUser.get(userId) ?? []).filter((a) => a.kind === kind);
  }

  const permissionsOf = (p: FakeBusinessData['partners'][number], kind: FakeAssetKind) =>
    kind === 'ad_account' ? p.adaccount_permissions : kind === 'page' ? p.page_permissions : kind === 'catalog' ? p.productcatalog_permissions : [];

  /**
   * An asset in a business asset group the person belongs to: Meta refuses reductions through the asset's
   * assigned_users until they leave the group (§6.3, [GUIDE-OV] Limitations). The code and wording are
   * UNCONFIRMED; Hubkeeper must not rely on them (it asks assigned_business_asset_groups instead).
   */
  function refuseIfGrouped(biz: FakeBusinessData, asset: FakeAsset, userId: string): void {
    const group = (biz.assetGroups ?? []).find((g) => g.assetIds.includes(asset.id) && g.users.some((u) => u.userId === userId));
    if (group) {
      throw new GraphFault({
        code: 100,
        message: "(#100) This person's permissions on this asset come from a business asset group. Remove them from the asset group to change them.",
      });
    }
  }

  const lastAdminFault = () =>
    new GraphFault({ code: 3914, message: "(#3914) It looks like you're trying to remove the last admin from this Business Manager. At least one admin is required in Business Manager." });
  const isLastAdmin = (biz: FakeBusinessData, user: FakeUser) =>
    user.role === 'ADMIN' && biz.users.filter((u) => u.role === 'ADMIN').length <= 1;

  function invite(call: Call, biz: FakeBusinessData): Out {
    const email = String(param(call, 'email')).trim();
    const role = String(param(call, 'role') ?? 'EMPLOYEE');
    const t = now();
    const recent = (invitesSent.get(biz.id) ?? []).filter((at) => at > t - 86_400_000);
    if (recent.length >= inviteCap) throw new GraphFault({ code: 17, message: '(#17) User request limit reached' });
    invitesSent.set(biz.id, [...recent, t]);
    const typeParam = param(call, 'invited_user_type');
    const tasksParam = param(call, 'tasks');
    const invitation: FakeInvitation = {
      id: String(3_900_000_000_000_000 + ++inviteSerial),
      email,
      role,
      status: 'PENDING',
      created_time: graphTime(t),
      expiration_time: graphTime(t + 30 * 86_400_000),
      // Omitted means a personal Facebook profile (§15).
      invited_user_type: typeParam !== undefined ? parseList(typeParam) : ['FB'],
      ...(tasksParam !== undefined ? { tasks: parseList(tasksParam) } : {}),
    };
    biz.invitations.push(invitation);
    touched();
    return { status: 200, json: { id: invitation.id } };
  }

  /** A role written to a business user: `role` keeps the base role, the finer access goes to tasks & co. */
  function applyRole(user: FakeUser, role: string): void {
    user.role = BASE_ROLES.has(role) ? role : 'EMPLOYEE';
    user.tasks = [role];
    if (FINANCE[role]) user.finance_permission = FINANCE[role];
    else delete user.finance_permission;
    if (role.startsWith('PARTNER_CENTER_')) user.ip_permission = role.slice('PARTNER_CENTER_'.length);
    else delete user.ip_permission;
  }

  const wantsAccessToken = (call: Call) => /(^|,)\s*access_token\s*(,|$)/.test(call.query.fields ?? '');
  // Absent when the system user doesn't have the Page.
  const withPageToken = (record: Record<string, unknown>, token: string | undefined) => (token ? { ...record, access_token: token } : record);

  /**
   * The system user a business's token was made for: the first one it lists. A fixture that lists none gets a
   * stand-in (Meta would list it; tests that don't care about system users leave it out).
   */
  function tokenSystemUser(biz: FakeBusinessData): FakeSystemUser {
    return biz.systemUsers[0] ?? { id: `9${biz.id}`, name: `${biz.name} token`, role: 'ADMIN', created_time: graphTime(0) };
  }

  /** `/me`: whom the token speaks for. A Page token speaks for its Page, a system-user token for its system user. */
  function tokenOwner(who: Principal): Node | undefined {
    if (who.page) return resolve(who.page);
    const biz = businesses.get(who.biz);
    return biz && { kind: 'system_user', biz, obj: tokenSystemUser(biz) };
  }

  function pageTokenFor(biz: FakeBusinessData, page: FakeAsset, who: Principal): string | undefined {
    if (who.page) return who.page === page.id ? who.token : undefined;
    const systemUser = biz.systemUsers[0];
    if (!systemUser || !page.assigned.some((a) => a.userId === systemUser.id)) return undefined;
    const existing = tokenOfPage.get(page.id);
    if (existing) return existing;
    const token = `EAAPage${page.id}${randomBytes(12).toString('hex')}`;
    pageTokens.set(token, { biz: biz.id, page: page.id });
    tokenOfPage.set(page.id, token);
    return token;
  }

  function violate(call: Call, v: Omit<ContractViolation, 'method' | 'route'>): void {
    const entry = { method: call.method, route: template(call.method, call.path), ...v };
    violations.push(entry);
    allViolations.push({ ...entry, fake: serial });
  }

  function route(call: Call, who: Principal): Out {
    const [id, edge = '', ...rest] = call.path.split('/').filter(Boolean);
    if (!id || rest.length > 0) {
      const message = `(#100) Unknown path components: ${call.path}`;
      violate(call, { reason: 'unknown_path', message });
      call.spec = 'unknown_edge';
      throw new GraphFault({ code: 100, message });
    }
    const node = id === 'me' ? tokenOwner(who) : resolve(id);
    // Gone, another business's, or not this Page token's: Meta answers all three alike (100/33).
    if (!node || node.biz.id !== who.biz) throw missing(call.method, id);
    if (who.page && !(node.kind === 'asset' && node.obj.id === who.page)) throw missing(call.method, id);
    const nodeType = typeOf(node);
    const violation: SpecViolation | undefined = checkCall({ nodeType, id, edge, method: call.method, params: { ...call.query, ...call.body } });
    if (violation) {
      violate(call, { nodeType, reason: violation.reason, message: violation.message });
      call.spec = violation.reason;
      const { reason: _reason, ...spec } = violation;
      throw new GraphFault(spec);
    }
    call.spec = 'ok';
    try {
      return dispatch(call, who, node, edge);
    } catch (error) {
      if (error instanceof Unmodelled) {
        violate(call, { nodeType, reason: 'unmodelled', message: error.message });
        call.spec = 'unmodelled';
      }
      throw error;
    }
  }

  function dispatch(call: Call, who: Principal, node: Node, edge: string): Out {
    if (call.method !== 'GET') heldIndex = undefined;
    // A Page's assigned_users (any method) and a grant to a partner (POST agencies) need its Page token (§6.3, §7,
    // §15). Which token `DELETE /{page-id}/agencies` needs is not documented (§7 lists only `business`): the fake
    // takes the system-user token or the Page's, so nothing Hubkeeper sends there rests on a guess.
    const pageTokenOnly = edge === 'assigned_users' || (edge === 'agencies' && call.method === 'POST');
    if (node.kind === 'asset' && node.obj.kind === 'page' && pageTokenOnly && !who.page) {
      throw new GraphFault({ code: 190, message: '(#190) This method must be called with a Page Access Token' });
    }
    if (call.method === 'GET') {
      if (edge) return getEdge(call, node, edge, who);
      if (node.kind === 'business') return { status: 200, json: select({ id: node.biz.id, name: node.biz.name }, call.query.fields, 'Business') };
      if (node.kind === 'asset') {
        const record = assetRecord(node.biz, node.obj);
        const token = node.obj.kind === 'page' && wantsAccessToken(call) ? pageTokenFor(node.biz, node.obj, who) : undefined;
        return { status: 200, json: select(withPageToken(record, token), call.query.fields, ASSET_TYPE[node.obj.kind]) };
      }
      if (node.kind === 'user') return { status: 200, json: select(userRecord(node.biz, node.obj), call.query.fields, 'BusinessUser') };
      return { status: 200, json: select({ ...node.obj, business: ref(node.biz) }, call.query.fields, typeOf(node)) };
    }
    if (call.method === 'POST') {
      if (node.kind === 'business' && edge === 'business_users') return invite(call, node.biz);
      if (node.kind === 'user' && !edge) {
        const role = param(call, 'role');
        if (role !== undefined) {
          if (role !== 'ADMIN' && isLastAdmin(node.biz, node.obj)) throw lastAdminFault();
          if (!rolesKept.has(node.obj.id)) applyRole(node.obj, String(role));
        }
        const tasks = param(call, 'tasks');
        if (tasks !== undefined) node.obj.tasks = parseList(tasks);
        for (const field of ['first_name', 'last_name', 'title', 'email', 'pending_email'] as const) {
          if (param(call, field) !== undefined) node.obj[field] = String(param(call, field));
        }
        return { status: 200, json: { success: true } };
      }
      if (node.kind === 'invitation' && !edge) {
        const role = param(call, 'role');
        if (role !== undefined) node.obj.role = String(role);
        const tasks = param(call, 'tasks');
        if (tasks !== undefined) node.obj.tasks = parseList(tasks);
        return { status: 200, json: { id: node.obj.id } };
      }
      if (node.kind === 'asset' && edge === 'assigned_users') {
        const userId = String(param(call, 'user'));
        const who2 = resolve(userId);
        if (!who2 || who2.biz !== node.biz || (who2.kind !== 'user' && who2.kind !== 'system_user')) throw missing('POST', userId);
        const tasks = parseList(param(call, 'tasks') ?? '[]');
        const bundles = TASK_BUNDLES[node.obj.kind];
        if (bundles && !bundles.some((bundle) => sameSet(bundle, tasks))) {
          throw new GraphFault({ code: 100, subcode: 1752129, message: '(#100) This Task Combination Is Not Supported', type: 'OAuthException' });
        }
        const existing = node.obj.assigned.find((a) => a.userId === userId);
        if (existing && existing.tasks.some((t) => !tasks.includes(t))) refuseIfGrouped(node.biz, node.obj, userId);
        if (existing) existing.tasks = tasks;
        else node.obj.assigned.push({ userId, tasks });
        return { status: 200, json: { success: true } };
      }
    }
    if (call.method === 'DELETE') {
      if (node.kind === 'user' && !edge) {
        if (isLastAdmin(node.biz, node.obj)) throw lastAdminFault();
        node.biz.users.splice(node.biz.users.indexOf(node.obj), 1);
        for (const asset of node.biz.assets) asset.assigned = asset.assigned.filter((a) => a.userId !== node.obj.id);
        touched();
        return { status: 200, json: { success: true } };
      }
      if (node.kind === 'invitation' && !edge) {
        node.biz.invitations.splice(node.biz.invitations.indexOf(node.obj), 1);
        touched();
        return { status: 200, json: { success: true } };
      }
      if (node.kind === 'business' && edge === 'agencies') {
        // The partner loses access to every asset of the business.
        const partner = node.biz.partners.find((p) => p.id === String(param(call, 'business')));
        if (!partner) throw missing('DELETE', String(param(call, 'business')));
        node.biz.partners.splice(node.biz.partners.indexOf(partner), 1);
        const people = new Set((partner.people ?? []).map((p) => p.id));
        for (const asset of node.biz.assets) asset.assigned = asset.assigned.filter((a) => !people.has(a.userId));
        return { status: 200, json: { success: true } };
      }
      if (node.kind === 'asset' && edge === 'agencies') {
        const partner = node.biz.partners.find((p) => p.id === String(param(call, 'business')));
        const perms = partner ? permissionsOf(partner, node.obj.kind) : [];
        const held = perms.findIndex((x) => x.id === node.obj.id);
        if (!partner || held < 0) throw missing('DELETE', String(param(call, 'business')));
        perms.splice(held, 1);
        // Its people reach the asset through it: they lose it too.
        const people = new Set((partner.people ?? []).map((p) => p.id));
        node.obj.assigned = node.obj.assigned.filter((a) => !people.has(a.userId));
        return { status: 200, json: { success: true } };
      }
      if (node.kind === 'asset' && edge === 'assigned_users') {
        const userId = String(param(call, 'user'));
        const held = node.obj.assigned.findIndex((a) => a.userId === userId);
        if (held < 0) throw missing('DELETE', userId);
        refuseIfGrouped(node.biz, node.obj, userId);
        node.obj.assigned.splice(held, 1);
        return { status: 200, json: { success: true } };
      }
    }
    throw unmodelled(call, typeOf(node));
  }

  /** One Graph call: path faults, throttling, rate limit, then the route. Shared by plain requests and batch ops. */
  function serve(call: Call, who: Principal): Out {
    for (const f of pathFaults) {
      if (f.left > 0 && f.pattern.test(call.path) && (!f.method || f.method === call.method)) {
        if (f.skip-- > 0) continue;
        f.left--;
        throw new GraphFault(f.spec);
      }
    }
    consume(who.biz);
    return route(call, who);
  }

  function attempt(run: () => Out): Out {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof GraphFault)) throw error;
      const out = errorBody(error.spec);
      return { ...out, headers: error.headers };
    }
  }

  async function batch(call: Call, who: Principal, record: RecordedRequest): Promise<Out> {
    for (const name of Object.keys({ ...call.query, ...call.body })) {
      if (!SYSTEM_PARAMS.has(name)) {
        const message = `(#100) Param ${name} is not a valid parameter of a batch request`;
        violate(call, { reason: 'unknown_param', message });
        throw new GraphFault({ code: 100, message });
      }
    }
    const rawOps = call.body.batch ?? call.query.batch;
    let ops: unknown;
    try {
      ops = typeof rawOps === 'string' ? JSON.parse(rawOps) : rawOps;
    } catch {
      throw new GraphFault({ code: 100, message: '(#100) The parameter batch must be a JSON array' });
    }
    if (!Array.isArray(ops)) throw new GraphFault({ code: 100, message: '(#100) The parameter batch is required' });
    if (ops.length > 50) throw new GraphFault({ code: 100, message: '(#100) Too many requests in batch message. Maximum batch size is 50' });
    batchRequests++;
    const withHeaders = String(call.body.include_headers ?? call.query.include_headers ?? 'true') !== 'false';
    record.batch = [];
    const answers: unknown[] = [];
    for (const op of ops as Array<{ method?: string; relative_url?: string; body?: string }>) {
      await sleep(batchOpLatencyMs);
      const method = String(op.method ?? 'GET').toUpperCase();
      const [rawPath = '', qs = ''] = String(op.relative_url ?? '').replace(/^\/*/, '/').split('?');
      const query = Object.fromEntries(new URLSearchParams(qs));
      const body = op.body ? Object.fromEntries(new URLSearchParams(op.body)) : {};
      const { path } = splitVersion(rawPath);
      const opRoute = template(method, path);
      batchOps++;
      byRoute[opRoute] = (byRoute[opRoute] ?? 0) + 1;
      const opRecord: RecordedCall = { method, path: rawPath, route: opRoute, query: redactToken(query) as Record<string, string>, status: null };
      record.batch.push(opRecord);
      if (nullOps > 0) {
        nullOps--;
        answers.push(null);
        continue;
      }
      const token = query.access_token ?? (body.access_token as string | undefined) ?? call.token;
      const opCall: Call = { method, rawPath, path, query, body, token };
      const opHeaders: Record<string, string> = { 'Content-Type': 'text/javascript; charset=UTF-8' };
      const out = attempt(() => {
        let opWho = who;
        if (token !== call.token) {
          opWho = authorize(token);
          checkProof(opWho, query.appsecret_proof ?? body.appsecret_proof);
        }
        const throttle = opThrottles.find((f) => f.left > 0 && (!f.path || f.path.test(path)));
        if (throttle) {
          throttle.left--;
          throw new GraphFault(throttleSpec(throttle.code, throttle.subcode), regainHeader(opWho.biz, throttle.regainMinutes));
        }
        const served = serve(opCall, opWho);
        const buc = bucUsage(opWho.biz);
        if (buc) opHeaders['X-Business-Use-Case-Usage'] = JSON.stringify({ [opWho.biz]: [buc] });
        return served;
      });
      for (const [name, value] of Object.entries(out.headers ?? {})) opHeaders[name.replace(/(^|-)\w/g, (c) => c.toUpperCase())] = value;
      opRecord.status = out.status;
      opRecord.spec = opCall.spec;
      // Each op's own headers (usage included) only with include_headers=true (Meta's default).
      const headers = withHeaders ? { headers: Object.entries(opHeaders).map(([name, value]) => ({ name, value })) } : {};
      answers.push({ code: out.status, ...headers, body: JSON.stringify(out.json) });
    }
    return { status: 200, json: answers };
  }

  function takeFault(path: string): RequestFault | undefined {
    const fault = requestFaults.find((f) => f.left > 0 && (!f.path || f.path.test(path)));
    if (fault) fault.left--;
    return fault;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', baseUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = (req.method ?? 'GET').toUpperCase();
    requestSerial++;
    const query = Object.fromEntries(url.searchParams);
    const { version, path } = splitVersion(url.pathname);
    const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let body: Record<string, unknown> = {};
    let parseError: GraphFault | undefined;
    try {
      body = parseBody(req.headers['content-type'], Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      parseError = error as GraphFault;
    }
    const bodyToken = typeof body.access_token === 'string' ? body.access_token : undefined;
    const token = query.access_token ?? bodyToken ?? bearer;
    const tokenSource = query.access_token ? 'query' : bodyToken ? 'body' : bearer ? 'bearer' : 'none';
    const business = token ? (tokens.get(token) ?? pageTokens.get(token)?.biz) : undefined;
    const bucket = business ?? '(none)';
    const record: RecordedRequest = {
      method, path: url.pathname, route: template(method, path), query: redactToken(query) as Record<string, string>,
      body: redactToken(body), tokenSource, business, at: Date.now(), ms: 0, status: null,
    };
    requests.push(record);
    byRoute[record.route] = (byRoute[record.route] ?? 0) + 1;
    totalInFlight++;
    inFlight.set(bucket, (inFlight.get(bucket) ?? 0) + 1);
    maxInFlight = Math.max(maxInFlight, totalInFlight);
    maxByBusiness[bucket] = Math.max(maxByBusiness[bucket] ?? 0, inFlight.get(bucket)!);
    open.add(res);
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      open.delete(res);
      totalInFlight--;
      inFlight.set(bucket, inFlight.get(bucket)! - 1);
      record.ms = Math.round(performance.now() - started);
    };
    res.on('close', settle);

    await sleep(latencyMs);
    const fault = takeFault(path);
    if (fault?.kind === 'timeout' && fault.mode === 'destroy') return void req.socket.destroy();
    if (fault?.kind === 'timeout' && fault.mode === 'hang') return;
    let out: Out;
    if (fault?.kind === 'server') {
      out = fault.envelope
        ? errorBody({ code: fault.code, status: fault.status, isTransient: true, message: fault.code === 1 ? 'An unknown error has occurred.' : 'An unexpected error has occurred. Please retry your request later.' })
        : { status: fault.status, json: undefined };
    } else if (fault?.kind === 'rate') {
      out = { ...errorBody(fault.spec), headers: fault.headers };
    } else {
      const call: Call = { method, rawPath: url.pathname, path, query, body, token };
      let who: Principal | undefined;
      out = attempt(() => {
        if (parseError) throw parseError;
        who = authorize(token);
        checkProof(who, query.appsecret_proof ?? body.appsecret_proof);
        if (path === '/' && method === 'POST') return { status: 0, json: null }; // batch: async, below
        return serve(call, who);
      });
      if (out.status === 0) out = await batch(call, who!, record).catch((e: unknown) => attempt(() => { throw e; }));
      record.spec = call.spec;
    }
    if (fault?.kind === 'timeout') return; // 'hang-after': the work is done, the answer never comes
    record.status = out.status;
    res.writeHead(out.status, {
      'content-type': out.json === undefined ? 'text/html' : 'application/json; charset=UTF-8',
      'facebook-api-version': version ?? options.apiVersion ?? 'v26.0',
      'x-fb-trace-id': traceId(),
      'x-fb-request-id': traceId(),
      ...usageHeaders(business),
      ...out.headers,
    });
    res.end(out.json === undefined ? '<html><body>Service Unavailable</body></html>' : JSON.stringify(out.json));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const faults: FakeFaults = {
    expireToken(token) {
      if (token) expired.add(token);
      else expireAll = true;
    },
    rateLimitNext(n, o = {}) {
      const code = o.code ?? 80004;
      const regain = o.regainMinutes ?? 0;
      const header = o.header ?? 'buc';
      const biz = primary.id;
      const headers: Record<string, string> =
        header === 'buc' ? { 'x-business-use-case-usage': JSON.stringify({ [biz]: [{ type: 'ads_management', call_count: 100, total_cputime: 40, total_time: 40, estimated_time_to_regain_access: regain }] }) }
        : header === 'app' ? { 'x-app-usage': JSON.stringify({ call_count: 100, total_time: 40, total_cputime: 40 }) }
        : header === 'ad_account' ? { 'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 100, reset_time_duration: o.resetSeconds ?? 60, ads_api_access_tier: 'standard_access' }) }
        : {};
      const spec: GraphErrorSpec = { code, message: RATE_MESSAGES[code] ?? `(#${code}) Rate limit reached`, isTransient: true };
      if (o.subcode !== undefined || code === 80004) spec.subcode = o.subcode ?? 2446079;
      requestFaults.push({ kind: 'rate', left: n, path: o.path, spec, headers });
    },
    serverErrorNext(n, o = {}) {
      requestFaults.push({ kind: 'server', left: n, path: o.path, code: o.code ?? 2, status: o.status ?? 500, envelope: o.envelope ?? true });
    },
    timeoutNext(n, o = {}) {
      requestFaults.push({ kind: 'timeout', left: n, path: o.path, mode: o.mode ?? 'hang' });
    },
    failPath(pattern, error) {
      const { times, skip, method, ...spec } = error;
      pathFaults.push({ pattern, method, skip: skip ?? 0, left: times ?? Number.POSITIVE_INFINITY, spec });
    },
    nullBatchOpsNext(n) {
      nullOps += n;
    },
    throttleBatchOpsNext(n, o = {}) {
      const code = o.code ?? 80004;
      if (!THROTTLE_CODES.has(code)) throw new RangeError(`${code} is not a throttling code`);
      opThrottles.push({ left: n, code, subcode: o.subcode, regainMinutes: o.regainMinutes ?? 1, path: o.path });
    },
    throttleFor(ms, o = {}) {
      const code = o.code ?? 80004;
      if (!THROTTLE_CODES.has(code)) throw new RangeError(`${code} is not a throttling code`);
      block = { biz: primary.id, until: now() + ms, code, subcode: o.subcode, extendMs: o.extendMs ?? ms };
    },
    clear() {
      requestFaults = [];
      pathFaults = [];
      opThrottles = [];
      block = undefined;
      nullOps = 0;
      expired.clear();
      expireAll = false;
    },
  };

  return {
    url: baseUrl,
    business: primary,
    businesses,
    get tokens() {
      return [...tokens.keys(), ...pageTokens.keys()];
    },
    violations,
    takeViolations() {
      for (let i = allViolations.length - 1; i >= 0; i--) if (allViolations[i]!.fake === serial) allViolations.splice(i, 1);
      return violations.splice(0);
    },
    keepRoleOf(userId) {
      rolesKept.add(userId);
    },
    requireAppSecretProof(secret, businessId = primary.id) {
      if (secret) appSecrets.set(businessId, secret);
      else appSecrets.delete(businessId);
    },
    requests,
    faults,
    setLatency(ms, batchOpMs) {
      latencyMs = ms;
      if (batchOpMs !== undefined) batchOpLatencyMs = batchOpMs;
    },
    setRateLimit(rule) {
      rateLimit = rule;
      windows.clear();
    },
    setUsage(next) {
      usage = next;
    },
    setPageFaults(next) {
      pageFaults = next;
    },
    addToken(token, businessId = primary.id) {
      tokens.set(token, businessId);
    },
    counts() {
      return { httpRequests: requests.length, batchRequests, batchOps, byRoute: { ...byRoute }, maxInFlight, maxInFlightByBusiness: { ...maxByBusiness } };
    },
    resetRecording() {
      requests.length = 0;
      byRoute = {};
      batchRequests = 0;
      batchOps = 0;
      maxInFlight = totalInFlight;
      maxByBusiness = {};
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

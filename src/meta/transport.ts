import { createHmac } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { networkError } from './classify.js';

export type GraphMethod = 'GET' | 'POST' | 'DELETE';

export type GraphCall = {
  method: GraphMethod;
  /** `/123/business_users`, `/` for the batch endpoint, or an already versioned `/v25.0/…` path. */
  path: string;
  /** Query parameters (GET/DELETE) or form fields (POST). Never the token: the transport adds it. */
  params?: Record<string, string>;
};

export type RawResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
};

export type TransportConfig = {
  /** Graph origin plus any path prefix, no trailing slash. */
  baseUrl: string;
  apiVersion: string;
  dispatcher: Dispatcher;
  requestTimeoutMs: number;
  /**
   * The app's secret, when known: every call then carries appsecret_proof (required by apps that turn on
   * "Require app secret", reference §1.2/§15).
   */
  appSecret?: string | undefined;
};

/** hex HMAC-SHA256 of the token keyed by the app secret: Graph's `appsecret_proof`. */
export function appSecretProof(appSecret: string, token: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex');
}

/** The auth params of a call made with `token`: the token, and its proof when the app secret is known. */
export function authParams(config: Pick<TransportConfig, 'appSecret'>, token: string): Record<string, string> {
  return config.appSecret ? { access_token: token, appsecret_proof: appSecretProof(config.appSecret, token) } : { access_token: token };
}

const VERSIONED = /^\/v\d+\.\d+(\/|$)/;

/** The request path with the API version in front (unless it already carries one). */
export function versionedPath(apiVersion: string, path: string): string {
  if (VERSIONED.test(path)) return path;
  return `/${apiVersion}${path === '/' ? '' : path}`;
}

/** Splits a paging.next URL into a path and params, dropping its access_token and its host. */
export function callFromNextUrl(next: string, baseUrl: string): GraphCall {
  const url = new URL(next, baseUrl);
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  // The host is ignored on purpose: the token only ever goes to the configured Graph URL.
  const path = prefix && url.pathname.startsWith(prefix + '/') ? url.pathname.slice(prefix.length) : url.pathname;
  // The token and its proof are the caller's to add: a next URL may carry another token's.
  const params = Object.fromEntries([...url.searchParams].filter(([key]) => key !== 'access_token' && key !== 'appsecret_proof'));
  return { method: 'GET', path, params };
}

/** One HTTP exchange with Graph; the token goes in the query (GET/DELETE) or the form body (POST). */
export async function sendOnce(config: TransportConfig, call: GraphCall, token: string): Promise<RawResponse> {
  const params = new URLSearchParams({ ...call.params, ...authParams(config, token) });
  const isPost = call.method === 'POST';
  const url = `${config.baseUrl}${versionedPath(config.apiVersion, call.path)}${isPost ? '' : `?${params}`}`;
  const where = `${call.method} ${call.path}`;
  try {
    const res = await request(url, {
      method: call.method,
      dispatcher: config.dispatcher,
      signal: AbortSignal.timeout(config.requestTimeoutMs),
      headers: {
        accept: 'application/json',
        'user-agent': 'hubkeeper',
        ...(isPost ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(isPost ? { body: params.toString() } : {}),
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, json };
  } catch (cause) {
    throw networkError(cause, where, config.requestTimeoutMs, [token]);
  }
}

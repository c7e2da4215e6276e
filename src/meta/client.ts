import { Agent, type Dispatcher } from 'undici';
import * as ops from './operations.js';
import * as access from './asset-access.js';
import { BusinessGate } from './gate.js';
import { GraphSession, type RequestEvent, type SessionConfig } from './session.js';
import { fetchSnapshot } from './snapshot.js';
import { checkConnection, tokenUser, type ConnectionCheck } from './connection.js';
import type { MetaSnapshot, SnapshotChunk, SnapshotProgress } from './types.js';

export type MetaClientOptions = {
  /** Graph origin; default https://graph.facebook.com (tests point it at the fake). */
  graphUrl?: string;
  /** Default v26.0. */
  apiVersion?: string;
  /**
   * The Meta app's secret, if known: every call then carries appsecret_proof, which apps with "Require app
   * secret" on insist on. A business handle may bring its own (its hub's app).
   */
  appSecret?: string;
  /** Bound on concurrent HTTP requests per business, across every call of that business. */
  maxInFlightPerBusiness?: number;
  requestTimeoutMs?: number;
  /** Retries after the first attempt, for transient errors and rate limits. */
  maxRetries?: number;
  /** A rate-limit wait longer than this is not slept: MetaRateLimitError (with resumeAt) is thrown. */
  maxInlineWaitMs?: number;
  /** First backoff step for transient errors (doubles per attempt, capped at 60 s, jittered). */
  baseBackoffMs?: number;
  /** `limit` asked of every edge; Meta may serve fewer. */
  pageSize?: number;
  /** Usage % from which calls are spaced out (default 80), and the spacing at 100 % (default 5000 ms). */
  slowdownThresholdPct?: number;
  slowdownMaxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onRequest?: (event: RequestEvent) => void;
  onRateLimitWait?: (ms: number) => void;
  dispatcher?: Dispatcher;
};

export type MetaBusinessClient = {
  readonly businessId: string;
  /** Imports people, invitations, system users, partners, assets and who holds which tasks on them. */
  fetchSnapshot(options?: { onProgress?: (progress: SnapshotProgress) => void; onChunk?: (chunk: SnapshotChunk) => void }): Promise<MetaSnapshot>;
  /** Removes a person; `alreadyGone` when Meta says they no longer exist. */
  removeBusinessUser(userId: string, options?: ops.WriteOptions): Promise<{ alreadyGone: boolean }>;
  /** Cancels a pending invitation; `alreadyGone` when it no longer exists. */
  cancelInvitation(requestId: string, options?: ops.WriteOptions): Promise<{ alreadyGone: boolean }>;
  /** Invites someone by email with a role (and optionally FB/MWA account type). */
  inviteUser(input: ops.InviteInput, options?: ops.WriteOptions): Promise<{ invitationId: string }>;
  /** Changes an active person's role. */
  changeRole(userId: string, role: string): Promise<void>;
  /** What a person may do now (role, tasks, finance and IP permissions), read back from Meta. */
  readAccess(userId: string): Promise<ops.MemberAccess>;
  /** Changes the role a pending invitation will grant. */
  changeInvitationRole(requestId: string, role: string): Promise<void>;
  /** The id of the pending invitation of an email, if there is one. */
  findInvitation(email: string): Promise<{ invitationId: string } | undefined>;
  /** Grants (or replaces) a person's tasks on one asset. */
  grantAssetAccess(asset: access.AssetRef, userId: string, tasks: readonly string[]): Promise<void>;
  /** Takes one asset away from a person; `alreadyGone` when they no longer hold it. */
  revokeAssetAccess(asset: access.AssetRef, userId: string): Promise<{ alreadyGone: boolean }>;
  /** Removes a partner business's access to the whole business, or to one asset. */
  removePartner(partnerId: string, asset?: access.AssetRef): Promise<{ alreadyGone: boolean }>;
  /** Whom the token speaks for (`GET /me`): its system user's Graph id. */
  tokenUser(): Promise<{ id: string; name?: string | undefined }>;
};

export type MetaClient = {
  /** A handle for one business and its token; handles for the same business share one throttle. */
  business(businessId: string, accessToken: string, options?: { appSecret?: string | undefined }): MetaBusinessClient;
  /**
   * Checks a token before it is saved, while a person waits: one try per call, each bounded by `timeoutMs`, no
   * retries and no rate-limit sleeps (a slow or throttled Meta is thrown, for the caller to say so).
   */
  checkConnection(businessId: string, accessToken: string, options: { appId: string; appSecret?: string | undefined; timeoutMs: number }): Promise<ConnectionCheck>;
  /** Closes the connection pool the client created (an injected dispatcher is left open). */
  close(): Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates a Graph API client with one keep-alive connection pool. */
export function createMetaClient(options: MetaClientOptions = {}): MetaClient {
  const ownAgent = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const baseUrl = new URL(options.graphUrl ?? 'https://graph.facebook.com').toString().replace(/\/$/, '');
  const apiVersion = options.apiVersion ?? 'v26.0';
  if (!/^v\d+\.\d+$/.test(apiVersion)) throw new TypeError(`apiVersion must look like v26.0, got "${apiVersion}"`);
  const config: SessionConfig = {
    baseUrl,
    apiVersion,
    dispatcher: options.dispatcher ?? ownAgent!,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    appSecret: options.appSecret,
    maxRetries: options.maxRetries ?? 5,
    maxInlineWaitMs: options.maxInlineWaitMs ?? 60_000,
    baseBackoffMs: options.baseBackoffMs ?? 1000,
    slowdownThresholdPct: options.slowdownThresholdPct ?? 80,
    slowdownMaxMs: options.slowdownMaxMs ?? 5000,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    onRequest: options.onRequest,
    onRateLimitWait: options.onRateLimitWait,
  };
  const pageSize = options.pageSize ?? 100;
  const limit = Math.max(1, options.maxInFlightPerBusiness ?? 8);
  const gates = new Map<string, BusinessGate>();

  return {
    business(businessId, accessToken, handle = {}) {
      if (!/^\d+$/.test(businessId)) throw new TypeError(`Not a Meta business id: "${businessId}"`);
      if (!accessToken) throw new TypeError('An access token is required');
      let gate = gates.get(businessId);
      if (!gate) gates.set(businessId, (gate = new BusinessGate(limit, config.sleep, config.now)));
      const own = handle.appSecret ? { ...config, appSecret: handle.appSecret } : config;
      const session = () => new GraphSession(own, businessId, accessToken, gate);
      return {
        businessId,
        // A fresh session per snapshot so its requestCount is its own.
        fetchSnapshot: (opts = {}) => fetchSnapshot(session(), { pageSize, onProgress: opts.onProgress, onChunk: opts.onChunk }),
        removeBusinessUser: (userId, options) => ops.removeBusinessUser(session(), userId, options),
        cancelInvitation: (requestId, options) => ops.cancelInvitation(session(), requestId, options),
        inviteUser: (input, options) => ops.inviteUser(session(), input, options),
        changeRole: (userId, role) => ops.changeRole(session(), userId, role),
        readAccess: (userId) => ops.readAccess(session(), userId),
        changeInvitationRole: (requestId, role) => ops.changeInvitationRole(session(), requestId, role),
        grantAssetAccess: (asset, userId, tasks) => access.grantAssetAccess(session(), asset, userId, tasks),
        revokeAssetAccess: (asset, userId) => access.revokeAssetAccess(session(), asset, userId),
        removePartner: (partnerId, asset) => access.removePartner(session(), partnerId, asset),
        tokenUser: () => tokenUser(session()),
        findInvitation: async (email) => {
          const invitationId = await ops.findPendingInvite(session(), email.trim());
          return invitationId ? { invitationId } : undefined;
        },
      };
    },
    checkConnection(businessId, accessToken, { appId, appSecret, timeoutMs }) {
      if (!/^\d+$/.test(businessId)) throw new TypeError(`Not a Meta business id: "${businessId}"`);
      // A gate of its own: a business being checked is not yet one whose pacing the others share.
      const gate = new BusinessGate(limit, config.sleep, config.now);
      const quick: SessionConfig = { ...config, appSecret, requestTimeoutMs: timeoutMs, maxRetries: 0, maxInlineWaitMs: 0 };
      return checkConnection(new GraphSession(quick, businessId, accessToken, gate), appId);
    },
    async close() {
      await ownAgent?.close();
    },
  };
}

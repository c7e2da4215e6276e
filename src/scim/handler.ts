import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DirectoryConflictError,
  DirectoryValidationError,
  UnsupportedFilterError,
} from '../services/directory/index.js';
import type { Logger } from '../lib/logger.js';
import { isUnavailable } from '../lib/errors.js';
import { createBearerCheck, identifyActor, tokenFingerprint } from './auth.js';
import { badRequest, methodNotAllowed, notFound, ScimError } from './errors.js';
import { sendError } from './http.js';
import type { RouteContext, ScimDeps } from './routes/context.js';
import { serveDiscovery } from './routes/discovery.js';
import * as groups from './routes/groups.js';
import * as users from './routes/users.js';

const PREFIX = /^\/scim\/v2(?=\/|$)/;
const DISCOVERY = new Set(['serviceproviderconfig', 'resourcetypes', 'schemas']);

/** Serves everything under /scim/v2: Users, Groups and the discovery documents, behind the bearer token. */
export function createScimHandler(deps: ScimDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const authorized = createBearerCheck(deps.bearerToken);
  const credential = tokenFingerprint(deps.bearerToken);
  const logger = deps.logger.child({ component: 'scim' });
  const routeDeps = { ...deps, logger };

  return async (req, res) => {
    const started = performance.now();
    try {
      // Before anything else, so an unauthenticated caller learns nothing and costs nothing (no body read).
      if (!authorized(req.headers.authorization)) {
        throw new ScimError(401, 'Missing or wrong bearer token: send "Authorization: Bearer <SCIM_BEARER_TOKEN>"');
      }
      const url = new URL(req.url ?? '/', 'http://scim.invalid');
      const actor = identifyActor(req.headers['user-agent'], credential);
      await route({ req, res, url, deps: routeDeps, actor, baseUrl: baseUrlOf(req) });
    } catch (error) {
      const scimError = toScimError(error, logger, req);
      if (!res.headersSent) sendError(res, scimError);
      else res.destroy();
    } finally {
      logger.debug('scim request', {
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  };
}

async function route(ctx: RouteContext): Promise<void> {
  const rest = ctx.url.pathname.replace(PREFIX, '');
  let segments: string[];
  try {
    segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw notFound(`No SCIM endpoint at ${ctx.url.pathname}`);
  }
  const [resource = '', id, ...extra] = segments;
  const kind = resource.toLowerCase();
  const method = ctx.req.method ?? 'GET';
  if (extra.length > 0) throw notFound(`No SCIM endpoint at ${ctx.url.pathname}`);

  if (kind === 'users' || kind === 'groups') {
    const api = kind === 'users'
      ? { list: users.listUsersRoute, search: users.searchUsersRoute, create: users.createUserRoute, get: users.getUserRoute, put: users.replaceUserRoute, patch: users.patchUserRoute, remove: users.deleteUserRoute }
      : { list: groups.listGroupsRoute, search: groups.searchGroupsRoute, create: groups.createGroupRoute, get: groups.getGroupRoute, put: groups.replaceGroupRoute, patch: groups.patchGroupRoute, remove: groups.deleteGroupRoute };
    // Ids are UUIDs, so ".search" (RFC 7644 §3.4.3) can't be one.
    if (id === '.search') {
      if (method === 'POST') return api.search(ctx);
      throw methodNotAllowed(['POST']);
    }
    if (id === undefined) {
      if (method === 'GET') return api.list(ctx);
      if (method === 'POST') return api.create(ctx);
      throw methodNotAllowed(['GET', 'POST']);
    }
    switch (method) {
      case 'GET': return api.get(ctx, id);
      case 'PUT': return api.put(ctx, id);
      case 'PATCH': return api.patch(ctx, id);
      case 'DELETE': return api.remove(ctx, id);
      default: throw methodNotAllowed(['GET', 'PUT', 'PATCH', 'DELETE']);
    }
  }
  if (DISCOVERY.has(kind)) {
    if (method !== 'GET') throw methodNotAllowed(['GET']);
    return serveDiscovery(ctx, kind, id);
  }
  throw notFound(`No SCIM endpoint at ${ctx.url.pathname}; use /scim/v2/Users or /scim/v2/Groups`);
}

function toScimError(error: unknown, logger: Logger, req: IncomingMessage): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof DirectoryConflictError) return new ScimError(409, error.message, 'uniqueness');
  if (error instanceof DirectoryValidationError) return badRequest('invalidValue', error.message);
  if (error instanceof UnsupportedFilterError) return badRequest('invalidFilter', error.message);
  const where = { method: req.method, path: (req.url ?? '').split('?')[0] };
  if (isUnavailable(error) || isTransientDatabaseError(error)) {
    logger.warn('scim request failed: the database is unavailable', { error, ...where });
    return new ScimError(503, "Hubkeeper can't reach its database right now; retry in a minute", undefined, { 'retry-after': RETRY_AFTER_SECONDS });
  }
  logger.error('scim request failed', { error, ...where });
  return new ScimError(500, 'Hubkeeper could not process the request; it has been logged');
}

const RETRY_AFTER_SECONDS = '30';
/** SQLSTATE classes 08 (connection), 53 (resources), 57P0x (shutting down, starting up), 40001/40P01 (retry). */
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001$|40P01$)/;

function isTransientDatabaseError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && TRANSIENT_SQLSTATE.test(e.code)) return true;
  }
  return false;
}

const HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

/** meta.location must be absolute; behind a proxy the forwarded headers say what the IdP used. */
function baseUrlOf(req: IncomingMessage): string {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  };
  const forwardedProto = header('x-forwarded-proto');
  const proto = forwardedProto === 'https' || forwardedProto === 'http'
    ? forwardedProto
    : 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const host = [header('x-forwarded-host'), header('host')].find((value) => value && HOST.test(value)) ?? 'localhost';
  return `${proto}://${host}/scim/v2`;
}

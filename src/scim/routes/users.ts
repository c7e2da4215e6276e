import {
  createUser,
  deleteUser,
  findUser,
  listUsers,
  updateUser,
  type UserTransition,
} from '../../services/directory/index.js';
import { notFound } from '../errors.js';
import { readJsonBody, sendJson, sendNoContent } from '../http.js';
import { parseListParams, parseProjection, parseSearchRequest, type ListParams } from '../list-params.js';
import { applyUserPatch } from '../patch/user-patch.js';
import { parsePatchRequest } from '../patch/request.js';
import { canonicalizeResource, validateUserDoc } from '../resource/canonical.js';
import { project } from '../resource/project.js';
import { listResponse, renderUser } from '../resource/render.js';
import type { RouteContext } from './context.js';

const userNotFound = (id: string) => notFound(`User ${JSON.stringify(id)} not found`);

export const listUsersRoute = (ctx: RouteContext) => sendUsers(ctx, parseListParams('User', ctx.url.searchParams));

export const searchUsersRoute = async (ctx: RouteContext) => sendUsers(ctx, parseSearchRequest('User', await readJsonBody(ctx.req)));

async function sendUsers(ctx: RouteContext, params: ListParams): Promise<void> {
  const { total, records } = await listUsers(ctx.deps.db, params);
  const resources = records.map((record) => project('User', renderUser(record, ctx.baseUrl), params.projection));
  sendJson(ctx.res, 200, listResponse(resources, total, params.startIndex));
}

export async function createUserRoute(ctx: RouteContext): Promise<void> {
  const doc = validateUserDoc(canonicalizeResource('User', await readJsonBody(ctx.req)), { active: true });
  const { record, transition } = await createUser(ctx.deps.db, doc, ctx.actor);
  await afterTransition(ctx, record.id, transition, 'create');
  const resource = renderUser(record, ctx.baseUrl);
  sendJson(ctx.res, 201, resource, { location: `${ctx.baseUrl}/Users/${record.id}` });
}

export async function getUserRoute(ctx: RouteContext, id: string): Promise<void> {
  const record = await findUser(ctx.deps.db, id);
  if (!record) throw userNotFound(id);
  sendJson(ctx.res, 200, project('User', renderUser(record, ctx.baseUrl), parseProjection(ctx.url.searchParams)));
}

/** Okta's AIW integrations deactivate by PUT; a PUT without `active` leaves the state as it is. */
export async function replaceUserRoute(ctx: RouteContext, id: string): Promise<void> {
  const doc = canonicalizeResource('User', await readJsonBody(ctx.req));
  const result = await updateUser(
    ctx.deps.db,
    id,
    (current) => ({ doc: validateUserDoc(doc, { active: current.active }, current.resource), via: 'put' }),
    ctx.actor,
    ctx.deps.recordDeactivation,
  );
  if (!result) throw userNotFound(id);
  await afterTransition(ctx, id, result.transition, 'put');
  sendJson(ctx.res, 200, renderUser(result.record, ctx.baseUrl));
}

/** Okta wants the updated user back; Entra accepts it too. */
export async function patchUserRoute(ctx: RouteContext, id: string): Promise<void> {
  const operations = parsePatchRequest(await readJsonBody(ctx.req));
  let via = 'patch';
  const result = await updateUser(ctx.deps.db, id, (current) => {
    const patched = applyUserPatch(current.resource, operations);
    via = patched.via;
    return patched;
  }, ctx.actor, ctx.deps.recordDeactivation);
  if (!result) throw userNotFound(id);
  await afterTransition(ctx, id, result.transition, via);
  sendJson(ctx.res, 200, renderUser(result.record, ctx.baseUrl));
}

export async function deleteUserRoute(ctx: RouteContext, id: string): Promise<void> {
  const result = await deleteUser(ctx.deps.db, id, ctx.actor, ctx.deps.recordDeactivation);
  if (!result) throw userNotFound(id);
  ctx.deps.logger.info('directory user deleted', { userId: id, idp: ctx.actor.idp });
  // Even an already inactive user's deletion is news for the hub checks ("gone", not just "disabled").
  await notifyGone(ctx, [id]);
  sendNoContent(ctx.res);
}

async function afterTransition(ctx: RouteContext, userId: string, transition: UserTransition, via: string): Promise<void> {
  if (!transition) return;
  ctx.deps.logger.info(`directory user ${transition}`, { userId, via, idp: ctx.actor.idp });
  if (transition === 'deactivated') await notifyGone(ctx, [userId]);
}

/**
 * The change is committed whatever happens here: answering 500 would make the IdP retry a deactivation that
 * is no longer a transition, and the check would never be queued. Log it; the daily check is the backstop.
 */
async function notifyGone(ctx: RouteContext, userIds: string[]): Promise<void> {
  try {
    await ctx.deps.onUsersDeactivated(userIds);
  } catch (error) {
    ctx.deps.logger.error('could not queue hub checks after a deactivation; the daily check will catch it', { error, userIds });
  }
}

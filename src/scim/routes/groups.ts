import {
  createGroup,
  deleteGroup,
  findGroup,
  listGroups,
  patchGroupMembers,
  updateGroup,
  type MembershipDelta,
} from '../../services/directory/index.js';
import { notFound } from '../errors.js';
import { readJsonBody, sendJson, sendNoContent } from '../http.js';
import { parseListParams, parseProjection, parseSearchRequest, type ListParams, type Projection } from '../list-params.js';
import { memberOnlyPatch, planGroupPatch } from '../patch/group-patch.js';
import { parsePatchRequest } from '../patch/request.js';
import { canonicalizeResource, memberIdsOf, validateGroupDoc } from '../resource/canonical.js';
import { project } from '../resource/project.js';
import { listResponse, renderGroup } from '../resource/render.js';
import type { RouteContext } from './context.js';

const groupNotFound = (id: string) => notFound(`Group ${JSON.stringify(id)} not found`);

/** Loading members costs a query per page; skip it when the projection drops them (Entra always does). */
function wantsMembers(projection: Projection): boolean {
  const named = (names: string[] | undefined) => names?.some((name) => /^members(\.|$)/i.test(name)) ?? false;
  if (projection.attributes) return named(projection.attributes);
  return !named(projection.excludedAttributes);
}

export const listGroupsRoute = (ctx: RouteContext) => sendGroups(ctx, parseListParams('Group', ctx.url.searchParams));

export const searchGroupsRoute = async (ctx: RouteContext) => sendGroups(ctx, parseSearchRequest('Group', await readJsonBody(ctx.req)));

async function sendGroups(ctx: RouteContext, params: ListParams): Promise<void> {
  const { total, records } = await listGroups(ctx.deps.db, { ...params, withMembers: wantsMembers(params.projection) });
  const resources = records.map((record) => project('Group', renderGroup(record, ctx.baseUrl), params.projection));
  sendJson(ctx.res, 200, listResponse(resources, total, params.startIndex));
}

export async function createGroupRoute(ctx: RouteContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const doc = validateGroupDoc(canonicalizeResource('Group', body));
  const memberIds = memberIdsOf(body) ?? [];
  const delta: MembershipDelta = { added: [], removed: [] };
  const created = await createGroup(ctx.deps.db, doc, memberIds, ctx.actor, delta);
  await notifyMembership(ctx, created.id, delta);
  const record = memberIds.length ? await findGroup(ctx.deps.db, created.id, true) : { ...created, members: [] };
  sendJson(ctx.res, 201, renderGroup(record ?? created, ctx.baseUrl), { location: `${ctx.baseUrl}/Groups/${created.id}` });
}

export async function getGroupRoute(ctx: RouteContext, id: string): Promise<void> {
  const projection = parseProjection(ctx.url.searchParams);
  const record = await findGroup(ctx.deps.db, id, wantsMembers(projection));
  if (!record) throw groupNotFound(id);
  sendJson(ctx.res, 200, project('Group', renderGroup(record, ctx.baseUrl), projection));
}

/** A PUT without `members` keeps the membership; with it, the membership becomes exactly that list. */
export async function replaceGroupRoute(ctx: RouteContext, id: string): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const doc = canonicalizeResource('Group', body);
  const memberIds = memberIdsOf(body);
  const delta: MembershipDelta = { added: [], removed: [] };
  const updated = await updateGroup(ctx.deps.db, id, (current) => ({
    doc: validateGroupDoc(doc, current.resource),
    membership: memberIds === undefined ? [] : [{ kind: 'set', ids: memberIds }],
  }), ctx.actor, delta);
  if (!updated) throw groupNotFound(id);
  await notifyMembership(ctx, id, delta);
  const record = await findGroup(ctx.deps.db, id, true);
  sendJson(ctx.res, 200, renderGroup(record ?? updated, ctx.baseUrl));
}

/** 204, as Entra's documentation asks; Okta accepts it too. */
export async function patchGroupRoute(ctx: RouteContext, id: string): Promise<void> {
  const operations = parsePatchRequest(await readJsonBody(ctx.req));
  const delta: MembershipDelta = { added: [], removed: [] };
  // An import's PATCHes only add or remove members: one statement; anything else reads the group first.
  const members = memberOnlyPatch(operations);
  const fast = members && (await patchGroupMembers(ctx.deps.db, id, members, ctx.actor, delta));
  if (fast === undefined && members) throw groupNotFound(id);
  if (fast !== 'done') {
    const updated = await updateGroup(ctx.deps.db, id, (current) => planGroupPatch(id, current.resource, operations), ctx.actor, delta);
    if (!updated) throw groupNotFound(id);
  }
  await notifyMembership(ctx, id, delta);
  sendNoContent(ctx.res);
}

export async function deleteGroupRoute(ctx: RouteContext, id: string): Promise<void> {
  const delta: MembershipDelta = { added: [], removed: [] };
  if (!(await deleteGroup(ctx.deps.db, id, ctx.actor, delta))) throw groupNotFound(id);
  await notifyMembership(ctx, id, delta);
  sendNoContent(ctx.res);
}

/**
 * The change is committed whatever happens here (as with deactivations): a failure is logged, never a 500
 * that would make the IdP retry a change that is no longer one.
 */
async function notifyMembership(ctx: RouteContext, groupId: string, delta: MembershipDelta): Promise<void> {
  if (!ctx.deps.onGroupMembersChanged || (delta.added.length === 0 && delta.removed.length === 0)) return;
  try {
    await ctx.deps.onGroupMembersChanged(groupId, delta);
  } catch (error) {
    ctx.deps.logger.error('could not queue hub work after a group membership change', { error, groupId, added: delta.added.length, removed: delta.removed.length });
  }
}

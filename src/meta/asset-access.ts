import { z } from 'zod';
import { MetaPermanentError, isObjectMissing } from './errors.js';
import { followEdge } from './paging.js';
import { idSchema, pageTokenSchema, successSchema } from './schemas.js';
import type { GraphSession } from './session.js';
import type { GraphCall } from './transport.js';
import type { AssetKind } from './types.js';

/** One asset, as its asset-level edges (assigned_users, agencies) need it. */
export type AssetRef = { kind: AssetKind; metaId: string };

/** Hubkeeper's system user has no Page token for this Page (it is not assigned to it), so Meta won't take the change. */
export class PageNotManagedError extends MetaPermanentError {
  override name = 'PageNotManagedError';
}

/** The person holds the asset through a business asset group (`groups`): Meta refuses reductions until they leave it. */
export class AssetGroupRefusal extends MetaPermanentError {
  override name = 'AssetGroupRefusal';
  constructor(refusal: MetaPermanentError, readonly groups: ReadonlyArray<{ id: string; name: string }>) {
    super({ message: refusal.message, code: refusal.code, subcode: refusal.subcode, fbtraceId: refusal.fbtraceId, path: refusal.path, userMessage: refusal.userMessage });
  }
}

/** Per-person edge that lists which assets of a kind a person holds (read with the system-user token). */
const HELD_EDGE: Partial<Record<AssetKind, string>> = {
  ad_account: 'assigned_ad_accounts',
  page: 'assigned_pages',
  catalog: 'assigned_product_catalogs',
};

const assetGroupSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().default('') });

function graphId(id: string, what: string): string {
  // Ids go into the URL path: anything but a Graph id could reach a different endpoint.
  if (!/^(act_)?\d+$/.test(id)) throw new MetaPermanentError({ message: `${what} "${id}" is not a Meta id`, code: 100, userMessage: `That ${what} is not a valid Meta id.` });
  return id;
}

async function succeed(session: GraphSession, call: GraphCall, token?: string): Promise<void> {
  const { success } = await session.json(call, successSchema, token ? { token } : {});
  if (!success) {
    throw new MetaPermanentError({ message: `Meta answered success:false to ${call.method} ${call.path}`, code: 0, userMessage: 'Meta did not make the change.' });
  }
}

/** A Page's access token (asked with the system-user token); Meta leaves it out when the system user lacks the Page. */
async function pageToken(session: GraphSession, pageId: string): Promise<string> {
  const answer = await session.json({ method: 'GET', path: `/${graphId(pageId, 'Page id')}`, params: { fields: 'access_token' } }, pageTokenSchema);
  if (!answer.access_token) {
    throw new PageNotManagedError({
      message: `no Page token for ${pageId}`,
      code: 0,
      userMessage: "Meta gives Hubkeeper's system user no access token for this Page (the system user is not assigned to it), and Meta changes who manages a Page only with one.",
    });
  }
  session.addSecret(answer.access_token);
  return answer.access_token;
}

/** A Page's assigned_users answers only its Page token (§15); other assets take the system-user token. */
const tokenFor = async (session: GraphSession, asset: AssetRef) => (asset.kind === 'page' ? pageToken(session, asset.metaId) : undefined);

/** The business asset groups through which a person holds an asset (`contained_asset_id`). */
export async function assetGroupsHolding(session: GraphSession, userId: string, assetId: string) {
  const call = { method: 'GET' as const, path: `/${graphId(userId, 'user id')}/assigned_business_asset_groups`, params: { contained_asset_id: assetId, fields: 'id,name' } };
  return followEdge(session, call, assetGroupSchema);
}

/** Whether a person still holds an asset, read per person (works for every asset kind that has such an edge). */
async function stillHolds(session: GraphSession, asset: AssetRef, userId: string): Promise<boolean> {
  const edge = HELD_EDGE[asset.kind];
  if (!edge) return true;
  const params: Record<string, string> = { fields: 'id' };
  if (asset.kind === 'page') params.pages = `[${graphId(asset.metaId, 'page id')}]`; // as digits: a Page id can be past 2^53
  const held = await followEdge(session, { method: 'GET', path: `/${userId}/${edge}`, params }, idSchema);
  return held.some((item) => item.id === asset.metaId);
}

/** A permanent refusal of a reduction: explained by the asset groups the person is in, when there are any. */
async function explainRefusal(session: GraphSession, error: unknown, asset: AssetRef, userId: string): Promise<never> {
  if (error instanceof MetaPermanentError && !(error instanceof PageNotManagedError)) {
    const groups = await assetGroupsHolding(session, userId, asset.metaId).catch(() => []);
    if (groups.length > 0) throw new AssetGroupRefusal(error, groups);
  }
  throw error;
}

/**
 * Grants (or replaces) a person's tasks on one asset: `POST /{asset-id}/assigned_users` (`user`, `tasks`; for a
 * Page also `business`, which Meta's current Page docs mark required, §6.4). Setting the same tasks twice is
 * harmless, so a retry after a lost answer is safe.
 */
export async function grantAssetAccess(session: GraphSession, asset: AssetRef, userId: string, tasks: readonly string[]): Promise<void> {
  const token = await tokenFor(session, asset);
  const params: Record<string, string> = { user: graphId(userId, 'user id'), tasks: JSON.stringify(tasks) };
  if (asset.kind === 'page') params.business = session.businessId;
  const call = { method: 'POST' as const, path: `/${graphId(asset.metaId, 'asset id')}/assigned_users`, params };
  try {
    await succeed(session, call, token);
  } catch (error) {
    await explainRefusal(session, error, asset, userId);
  }
}

/**
 * Takes one asset away from a person: `DELETE /{asset-id}/assigned_users` (`user`). Meta's 100/33 is not proof
 * it is gone (§15): the person's own assigned_* edge decides. A refusal because of an asset group says so.
 */
export async function revokeAssetAccess(session: GraphSession, asset: AssetRef, userId: string): Promise<{ alreadyGone: boolean }> {
  const token = await tokenFor(session, asset);
  const call = { method: 'DELETE' as const, path: `/${graphId(asset.metaId, 'asset id')}/assigned_users`, params: { user: graphId(userId, 'user id') } };
  try {
    await succeed(session, call, token);
    return { alreadyGone: false };
  } catch (error) {
    if (isObjectMissing(error) && !(await stillHolds(session, asset, userId))) return { alreadyGone: true };
    return explainRefusal(session, error, asset, userId);
  }
}

/** Whether a partner business is still listed on an agencies edge (the business's, or one asset's). */
async function partnerListed(session: GraphSession, nodeId: string, partnerId: string): Promise<boolean> {
  const listed = await followEdge(session, { method: 'GET', path: `/${nodeId}/agencies`, params: { fields: 'id' } }, idSchema);
  return listed.some((item) => item.id === partnerId);
}

/**
 * Removes a partner's access: to every asset of the business (`DELETE /{business-id}/agencies`), or to one
 * asset (`DELETE /{asset-id}/agencies`), `business` = the partner's id (§7, §15). Already gone counts as done.
 */
export async function removePartner(session: GraphSession, partnerId: string, asset?: AssetRef): Promise<{ alreadyGone: boolean }> {
  const nodeId = asset ? graphId(asset.metaId, 'asset id') : session.businessId;
  const call = { method: 'DELETE' as const, path: `/${nodeId}/agencies`, params: { business: graphId(partnerId, 'partner business id') } };
  try {
    await succeed(session, call);
    return { alreadyGone: false };
  } catch (error) {
    if (isObjectMissing(error) && !(await partnerListed(session, nodeId, partnerId))) return { alreadyGone: true };
    throw error;
  }
}

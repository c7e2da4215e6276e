import { notFound } from '../errors.js';
import { sendJson } from '../http.js';
import { listResponse } from '../resource/render.js';
import { resourceTypes, schemas, serviceProviderConfig } from '../schema/discovery.js';
import type { RouteContext } from './context.js';

/** GET only; the handler has checked the method. */
export function serveDiscovery(ctx: RouteContext, resource: string, id: string | undefined): void {
  if (resource === 'serviceproviderconfig' && id === undefined) {
    return sendJson(ctx.res, 200, serviceProviderConfig(ctx.baseUrl));
  }
  const all: Array<{ id: string }> = resource === 'schemas' ? schemas(ctx.baseUrl) : resourceTypes(ctx.baseUrl);
  if (id === undefined) return sendJson(ctx.res, 200, listResponse(all, all.length, 1));
  const one = all.find((item) => item.id.toLowerCase() === id.toLowerCase());
  if (!one) throw notFound(`No ${resource === 'schemas' ? 'schema' : 'resource type'} "${id}"`);
  sendJson(ctx.res, 200, one);
}

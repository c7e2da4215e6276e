import type { AppContext } from '../../context.js';
import { isAppSecretProofRefusal, MetaTokenInvalidError, type MetaBusinessClient } from '../../meta/index.js';
import type { Hub } from './hubs.js';
import { unseal } from './secrets.js';

/**
 * The Graph client of one hub: its token, and its app secret when it has one (then every call carries the
 * app secret proof). Secrets are unsealed only here, for the call, and never leave the process.
 */
export function hubBusiness(ctx: Pick<AppContext, 'meta' | 'config'>, hub: Pick<Hub, 'businessId' | 'accessTokenSealed' | 'appSecretSealed'>): MetaBusinessClient {
  const key = ctx.config.ENCRYPTION_KEY;
  const appSecret = hub.appSecretSealed ? unseal(hub.appSecretSealed, key) : undefined;
  return ctx.meta.business(hub.businessId, unseal(hub.accessTokenSealed, key), { appSecret });
}

/**
 * What to do about a Meta failure that comes from the hub's credentials rather than from the request: an
 * expired or revoked token, or an app that requires an app secret proof. Undefined for any other failure.
 */
export function credentialProblem(error: unknown, hub: Pick<Hub, 'label' | 'appSecretSealed'>): string | undefined {
  if (error instanceof MetaTokenInvalidError) {
    return `Meta no longer accepts the access token of ${hub.label} (it expired or was revoked). An admin can reconnect it with \`/hub connect\` using a new system-user token for the same business id.`;
  }
  if (isAppSecretProofRefusal(error)) {
    return hub.appSecretSealed
      ? `Meta refused the app secret proof of ${hub.label}: the stored App secret does not belong to the token's app. An admin can enter the right one with \`/hub connect\` (same business id).`
      : `The Meta app of ${hub.label} requires an app secret proof. An admin can add the App secret with \`/hub connect\` (same business id); Hubkeeper then sends the proof with every call.`;
  }
  return undefined;
}

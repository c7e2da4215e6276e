import type { AppContext } from '../../context.js';
import { isTimeZone } from '../../domain/hub-settings.js';
import { UserFacingError } from '../../lib/errors.js';
import {
  isAppSecretProofRefusal, isObjectMissing, MetaError, MetaPermanentError, MetaRateLimitError, MetaTokenInvalidError, type AppIdCheck,
} from '../../meta/index.js';
import type { ConnectHubInput } from './hubs.js';

/**
 * How long one Graph call of the check may take. The submission answers Slack within its 2 s budget (in-time.ts)
 * after the permission check and before the database write, so Meta gets a little over half of it.
 */
export const CONNECT_META_TIMEOUT_MS = 1_200;

/** The modal fields a refusal belongs to (block ids of the connect modal, kept in step by the listener). */
export type ConnectField = 'access_token' | 'business_id' | 'app_id' | 'app_secret';

type Deps = Pick<AppContext, 'meta' | 'logger'>;

/**
 * Asks Meta about the token before the hub is saved. A refusal becomes an inline error on the field it is about;
 * a slow or throttled Meta says so and saves nothing.
 */
export async function checkWithMeta(deps: Deps, input: ConnectHubInput, appSecret: string | undefined): Promise<{ businessName: string; appIdCheck: AppIdCheck; tokenUserId: string | null }> {
  try {
    const check = await deps.meta.checkConnection(input.businessId, input.accessToken, { appId: input.appId, appSecret, timeoutMs: CONNECT_META_TIMEOUT_MS });
    return { businessName: check.businessName, appIdCheck: check.appId, tokenUserId: check.tokenUserId ?? null };
  } catch (error) {
    const refusal = refusalOf(error, input, appSecret !== undefined);
    if (!refusal) throw error;
    deps.logger.info('Meta refused a connection', { businessId: input.businessId, field: refusal.field, code: (error as { code?: number }).code });
    throw new UserFacingError(refusal.message, refusal.field);
  }
}

function refusalOf(error: unknown, input: ConnectHubInput, hasSecret: boolean): { field: ConnectField; message: string } | undefined {
  if (error instanceof MetaTokenInvalidError) {
    return { field: 'access_token', message: 'Meta does not accept this access token: it is mistyped, expired or revoked. Generate a new system-user token and paste it again. Nothing was saved.' };
  }
  if (isAppSecretProofRefusal(error)) {
    return hasSecret
      ? { field: 'app_secret', message: 'Meta refused this app secret: it is not the secret of the app the token belongs to. Copy it again from App Dashboard → Settings → Basic. Nothing was saved.' }
      : { field: 'app_secret', message: 'This Meta app requires an app secret proof: fill in the app secret (App Dashboard → Settings → Basic). Nothing was saved.' };
  }
  if (isObjectMissing(error) && /^GET \/\d+$/.test((error as MetaPermanentError).path ?? '')) {
    return { field: 'business_id', message: `Meta has no business ${input.businessId} that this token can see. Check the business ID (Business Settings → Business info) and that the token's system user belongs to that business. Nothing was saved.` };
  }
  if (error instanceof MetaPermanentError && /business_users$/.test(error.path ?? '')) {
    return { field: 'access_token', message: "This token can't read the business's people (Meta refused business_users). Give the system user Admin access and the business_management permission, then generate a new token. Nothing was saved." };
  }
  if (error instanceof MetaRateLimitError) {
    return { field: 'access_token', message: 'Meta is limiting requests for this business right now, so the token could not be checked. Nothing was saved; try again in a few minutes.' };
  }
  if (error instanceof MetaPermanentError) {
    return { field: 'access_token', message: `Meta refused the token for business ${input.businessId}: ${error.userMessage} Nothing was saved.` };
  }
  if (!(error instanceof MetaError)) return undefined;
  // Transient trouble or no answer within the time Slack gives a form.
  return { field: 'access_token', message: 'Meta did not answer in time, so the token could not be checked. Nothing was saved; press Connect again in a minute.' };
}

/** The daily check's time zone for a new hub: the connecting person's Slack time zone, else UTC. */
export async function connectorTimeZone(deps: Pick<AppContext, 'slackInteractive' | 'logger'>, userId: string): Promise<string> {
  try {
    const { user } = await deps.slackInteractive.users.info({ user: userId });
    const tz = user?.tz;
    return tz && isTimeZone(tz) ? tz : 'UTC';
  } catch (error) {
    deps.logger.warn('users.info failed; the daily check stays in UTC', { userId, error });
    return 'UTC';
  }
}

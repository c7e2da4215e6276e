export { createMetaClient } from './client.js';
export type { MetaBusinessClient, MetaClient, MetaClientOptions } from './client.js';
export {
  MetaError,
  MetaPermanentError,
  MetaRateLimitError,
  MetaTokenInvalidError,
  MetaTransientError,
  isAppSecretProofRefusal,
  isObjectMissing,
  isRateLimitCode,
  userMessageFor,
} from './errors.js';
export { AssetGroupRefusal, PageNotManagedError } from './asset-access.js';
export type { AssetRef } from './asset-access.js';
export { classifyEnvelope, errorFromResponse } from './classify.js';
export { META_ROLES, isMetaRole } from '../domain/roles.js';
export type { MetaRole } from '../domain/roles.js';
export { redactSecrets, redactUrl } from './redact.js';
export { backoffMs, rateLimitWaitMs, readUsage, slowdownMs } from './usage.js';
export type { UsageReading } from './usage.js';
export type { RequestEvent } from './session.js';
export type { InviteInput } from './operations.js';
export type { AppIdCheck, ConnectionCheck } from './connection.js';
export type * from './types.js';

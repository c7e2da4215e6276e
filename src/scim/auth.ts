import { createHash } from 'node:crypto';
export { createBearerCheck } from '../lib/bearer.js';
import type { DirectoryActor } from '../services/directory/index.js';

/** A non-secret label for the token in audit events (32 bits of its hash): enough to tell two tokens apart. */
export function tokenFingerprint(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest().toString('hex').slice(0, 8)}`;
}

/** Which IdP is calling, from its User-Agent (Okta: "Okta SCIM Client 1.0.0"). */
export function identifyActor(userAgent: string | undefined, credential: string): DirectoryActor {
  const agent = userAgent ? userAgent.slice(0, 200) : null;
  const idp = !agent ? 'unknown' : /okta/i.test(agent) ? 'okta' : /azure|microsoft|entra|aad/i.test(agent) ? 'entra' : 'unknown';
  return { idp, userAgent: agent, credential };
}

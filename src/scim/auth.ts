import { createHash, timingSafeEqual } from 'node:crypto';
import type { DirectoryActor } from '../services/directory/index.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are hashed first, so neither the
 * token's content nor its length leaks through timing.
 */
export function createBearerCheck(token: string): (header: string | undefined) => boolean {
  if (!token) throw new Error('The SCIM bearer token is empty; set SCIM_BEARER_TOKEN');
  const expected = digest(token);
  return (header) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(header?.trim() ?? '');
    const presented = digest(match?.[1] ?? '');
    return timingSafeEqual(presented, expected) && match !== null;
  };
}

/** A non-secret label for the token in audit events (32 bits of its hash): enough to tell two tokens apart. */
export function tokenFingerprint(token: string): string {
  return `sha256:${digest(token).toString('hex').slice(0, 8)}`;
}

/** Which IdP is calling, from its User-Agent (Okta: "Okta SCIM Client 1.0.0"). */
export function identifyActor(userAgent: string | undefined, credential: string): DirectoryActor {
  const agent = userAgent ? userAgent.slice(0, 200) : null;
  const idp = !agent ? 'unknown' : /okta/i.test(agent) ? 'okta' : /azure|microsoft|entra|aad/i.test(agent) ? 'entra' : 'unknown';
  return { idp, userAgent: agent, credential };
}

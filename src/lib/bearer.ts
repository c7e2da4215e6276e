import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are hashed first, so neither the
 * token's content nor its length leaks through timing.
 */
export function createBearerCheck(token: string): (header: string | undefined) => boolean {
  if (!token) throw new Error('A bearer token must not be empty');
  const expected = digest(token);
  return (header) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(header?.trim() ?? '');
    const presented = digest(match?.[1] ?? '');
    return timingSafeEqual(presented, expected) && match !== null;
  };
}

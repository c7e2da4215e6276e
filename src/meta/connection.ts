import { z } from 'zod';
import { idSchema, pageSchema } from './schemas.js';
import type { GraphSession } from './session.js';

const businessSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().optional() });

/** What Meta said about the App ID: the business owns it, lists other apps only, or would not list its apps. */
export type AppIdCheck = 'confirmed' | 'unlisted' | 'unchecked';

/** `tokenUserId`: the Graph id of the system user the token belongs to; absent when Meta would not say. */
export type ConnectionCheck = { businessName: string; appId: AppIdCheck; tokenUserId?: string };

const meSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().optional() });

/** Whom the token speaks for (`GET /me`): for a system-user token, its system user. */
export async function tokenUser(session: GraphSession): Promise<{ id: string; name?: string | undefined }> {
  return session.json({ method: 'GET', path: '/me', params: { fields: 'id,name' } }, meSchema);
}

/**
 * Checks a token against a business before it is saved: the business answers with its name, the token can read
 * its people (`business_users`), and the App ID is looked up among the business's apps (`owned_apps`). The first
 * two throw Meta's refusal (or its silence); the App ID check never does (an app may belong to a parent business,
 * and the edge may be closed to the token or slow), it only says what Meta showed. Nor does asking whom the token
 * speaks for (`/me`), which Hubkeeper keeps so that it never takes its own access away.
 */
export async function checkConnection(session: GraphSession, appId: string): Promise<ConnectionCheck> {
  const id = session.businessId;
  // In parallel, and read in order: a business the token can't see fails every call alike, and is said as such.
  const [business, people, apps, me] = await Promise.allSettled([
    session.json({ method: 'GET', path: `/${id}`, params: { fields: 'id,name' } }, businessSchema),
    session.json({ method: 'GET', path: `/${id}/business_users`, params: { fields: 'id', limit: '1' } }, pageSchema(idSchema)),
    session.json({ method: 'GET', path: `/${id}/owned_apps`, params: { limit: '100' } }, pageSchema(idSchema)),
    tokenUser(session),
  ]);
  if (business.status === 'rejected') throw business.reason;
  if (people.status === 'rejected') throw people.reason;
  return {
    businessName: business.value.name ?? '',
    appId: appCheck(apps.status === 'fulfilled' ? apps.value : undefined, appId),
    ...(me.status === 'fulfilled' ? { tokenUserId: me.value.id } : {}),
  };
}

function appCheck(apps: { data: Array<{ id: string }>; paging?: { next?: string | undefined } | undefined } | undefined, appId: string): AppIdCheck {
  if (!apps) return 'unchecked';
  if (apps.data.some((app) => app.id === appId)) return 'confirmed';
  // Only the first page was read: an app further on is not a mismatch.
  return apps.paging?.next ? 'unchecked' : 'unlisted';
}

import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { directoryUsers, invites, members } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { CurrentAccess } from '../../domain/invitations.js';
import { isUuid } from '../../lib/text.js';

/**
 * Who among these emails already has access to the hub, or is on the way: a present member (by email or
 * pending email), a pending invitation, or an invitation Hubkeeper is about to send.
 */
export async function currentAccess(db: DbOrTx, hubId: string, emails: readonly string[], exceptInviteId?: string): Promise<CurrentAccess[]> {
  if (emails.length === 0) return [];
  const wanted = [...emails];
  const [held, inFlight] = await Promise.all([
    db
      .select({ kind: members.kind, email: sql<string>`lower(${members.email})`, pending: sql<string | null>`lower(${members.pendingEmail})` })
      .from(members)
      .where(and(
        eq(members.hubId, hubId),
        isNull(members.goneAt),
        inArray(members.kind, ['business_user', 'invitation']),
        ne(members.state, 'removed'),
        or(inArray(sql`lower(${members.email})`, wanted), inArray(sql`lower(${members.pendingEmail})`, wanted)),
      )),
    db
      .select({ email: invites.email })
      .from(invites)
      .where(and(
        eq(invites.hubId, hubId),
        inArray(invites.status, ['waiting', 'sending']),
        inArray(invites.email, wanted),
        ...(exceptInviteId ? [ne(invites.id, exceptInviteId)] : []),
      )),
  ]);
  const access: CurrentAccess[] = [];
  for (const row of held) {
    const kind = row.kind === 'invitation' ? 'invitation' : 'business_user';
    for (const email of [row.email, row.pending]) if (email && wanted.includes(email)) access.push({ email, kind });
  }
  for (const row of inFlight) access.push({ email: row.email, kind: 'in_flight' });
  return access;
}

/** The active directory person who uses this email (work email, userName or any email), if exactly one does. */
export async function directoryPersonByEmail(db: DbOrTx, email: string): Promise<string | undefined> {
  const rows = await db
    .select({ id: directoryUsers.id })
    .from(directoryUsers)
    .where(and(
      eq(directoryUsers.active, true),
      isNull(directoryUsers.deletedAt),
      or(
        sql`lower(${directoryUsers.workEmail}) = ${email}`,
        sql`lower(${directoryUsers.userName}) = ${email}`,
        sql`${directoryUsers.emailKeys} @> array[${email}]::text[]`,
      ),
    ))
    .limit(2);
  return rows.length === 1 ? rows[0]!.id : undefined;
}

export type DirectoryInvitee = { id: string; name: string; email: string | null; active: boolean };

/** Directory people picked in a search, with the email an invitation would go to (work email, else userName). */
export async function directoryInvitees(db: DbOrTx, ids: readonly string[]): Promise<DirectoryInvitee[]> {
  const valid = ids.filter((id) => isUuid(id));
  if (valid.length === 0) return [];
  const rows = await db
    .select({
      id: directoryUsers.id,
      name: sql<string>`coalesce(${directoryUsers.displayName}, nullif(concat_ws(' ', ${directoryUsers.givenName}, ${directoryUsers.familyName}), ''), ${directoryUsers.userName})`,
      workEmail: directoryUsers.workEmail,
      userName: directoryUsers.userName,
      active: sql<boolean>`${directoryUsers.active} and ${directoryUsers.deletedAt} is null`,
    })
    .from(directoryUsers)
    .where(inArray(directoryUsers.id, valid));
  return rows.map((row) => {
    const email = (row.workEmail ?? (row.userName.includes('@') ? row.userName : null))?.trim().toLowerCase() ?? null;
    return { id: row.id, name: row.name, email, active: row.active };
  });
}

import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { assets, directoryUsers, memberAssets, members } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import { filterScope, type MemberFilter } from '../../domain/member-list.js';

export const MEMBER_CSV_HEADER = [
  'name', 'email', 'pending_email', 'kind', 'meta_id', 'meta_role', 'state', 'hub_role', 'directory_person', 'directory_email',
  'directory_active', 'exemption_reason', 'exempted_by', 'exemption_expires_at', 'decided_by', 'decided_at', 'ad_accounts',
  'pages', 'pixels', 'catalogs', 'first_seen_at', 'last_seen_at',
] as const;

/** Every member of a hub present in Meta (or those a filter shows), one CSV row each, with what they hold. */
export async function memberExportRows(db: DbOrTx, hubId: string, filter?: MemberFilter) {
  const conditions: SQL[] = [eq(members.hubId, hubId), isNull(members.goneAt)];
  if (filter) {
    const scope = filterScope(filter);
    if (scope.serviceAccounts) conditions.push(inArray(members.kind, ['system_user', 'partner', 'partner_user']));
    else {
      conditions.push(inArray(members.kind, [...scope.kinds]));
      if (scope.states !== 'any') conditions.push(inArray(members.state, [...scope.states]));
    }
  }
  const held = (kind: 'ad_account' | 'page' | 'pixel' | 'catalog') =>
    sql<number>`(select count(*)::int from ${memberAssets} join ${assets} on ${assets.id} = ${memberAssets.assetId}
      where ${memberAssets.memberId} = ${members.id} and ${assets.kind} = ${kind} and ${assets.goneAt} is null
        and (${memberAssets.accessStatus} is null or ${memberAssets.accessStatus} = 'CONFIRMED'))`;
  const rows = await db
    .select({
      member: members,
      person: sql<string | null>`coalesce(${directoryUsers.displayName}, nullif(concat_ws(' ', ${directoryUsers.givenName}, ${directoryUsers.familyName}), ''))`,
      personEmail: sql<string | null>`coalesce(${directoryUsers.workEmail}, ${directoryUsers.userName})`,
      personActive: sql<boolean | null>`${directoryUsers.active} and ${directoryUsers.deletedAt} is null`,
      adAccounts: held('ad_account'), pages: held('page'), pixels: held('pixel'), catalogs: held('catalog'),
    })
    .from(members)
    .leftJoin(directoryUsers, eq(directoryUsers.id, members.directoryUserId))
    .where(and(...conditions))
    .orderBy(asc(sql`lower(coalesce(${members.name}, ${members.email}, ''))`), asc(members.id));
  return rows.map(({ member: m, ...row }) => [
    m.name, m.email, m.pendingEmail, m.kind, m.metaId, m.metaRole, m.state, m.hubRole, row.person, row.personEmail,
    row.personActive, m.exemptionReason, m.exemptedBy, m.exemptionExpiresAt, m.decidedBy, m.decidedAt, row.adAccounts,
    row.pages, row.pixels, row.catalogs, m.firstSeenAt, m.lastSeenAt,
  ]);
}

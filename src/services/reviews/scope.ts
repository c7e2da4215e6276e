import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import type { CampaignForm } from '../../domain/access-review.js';

/** A person a campaign reviews, with the Slack account of their directory manager, when one is known. */
export type ScopedMember = {
  memberId: string;
  state: 'onboarded' | 'guest' | 'exempted' | 'unmatched';
  exemptionReason: string | null;
  managerSlackId: string | null;
};

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * People (business users and pending invitations) the hub has now who fall in the campaign's scope. Service
 * accounts (system users, partners) are not people and are left out; so are members on their way out.
 * The manager is the SCIM enterprise `manager` of the person's directory account, found in Slack by email.
 */
export async function scopedMembers(db: DbOrTx, hubId: string, form: Pick<CampaignForm, 'scope' | 'assetId'>): Promise<ScopedMember[]> {
  const scope = form.scope === 'admins'
    ? sql`and m.meta_role = 'ADMIN'`
    : form.scope === 'asset'
      ? sql`and exists (select 1 from member_assets ma where ma.member_id = m.id and ma.asset_id = ${form.assetId}::uuid)`
      : sql``;
  const rows = await db.execute<{ member_id: string; state: ScopedMember['state']; exemption_reason: string | null; manager_slack_id: string | null }>(sql`
    select m.id as member_id, m.state, m.exemption_reason, (
      select min(a.slack_user_id) from directory_users boss
      join workspace_accounts a on a.email = any(boss.email_keys) and not a.deleted and not a.is_bot
      where boss.id = manager.id and boss.active and boss.deleted_at is null
    ) as manager_slack_id
    from members m
    left join directory_users du on du.id = m.directory_user_id
    -- An IdP may send any string as the manager's id; only one shaped like ours can find a directory row (by key).
    left join lateral (select case when v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then v::uuid end as id
      from (select du.resource -> ${ENTERPRISE} -> 'manager' ->> 'value' as v) raw) manager on true
    where m.hub_id = ${hubId}::uuid and m.gone_at is null and m.kind in ('business_user', 'invitation')
      and m.state in ('onboarded', 'guest', 'exempted', 'unmatched') ${scope}
    order by lower(coalesce(m.name, m.email, '')), m.id`);
  return [...rows].map((row) => ({ memberId: row.member_id, state: row.state, exemptionReason: row.exemption_reason, managerSlackId: row.manager_slack_id }));
}

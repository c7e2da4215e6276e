import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import type { CampaignForm, ReviewerRule } from '../../domain/access-review.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Assets listed per item (as on a report item); the count says how many more there are. */
const ACCESS_SHOWN = 25;

type Scope = Pick<CampaignForm, 'scope' | 'assetId'>;

/**
 * Who the hub has now in the campaign's scope: business users, pending invitations, and the service accounts
 * (system users, partner businesses), which hold access too and are what auditors ask about. Members on
 * their way out or gone are left out.
 */
const inScope = (hubId: string, form: Scope) => sql`
  m.hub_id = ${hubId}::uuid and m.gone_at is null and m.state in ('onboarded', 'guest', 'exempted', 'unmatched') ${
  form.scope === 'admins'
    ? sql`and m.meta_role = 'ADMIN'`
    : form.scope === 'asset'
      ? sql`and exists (select 1 from member_assets ma where ma.member_id = m.id and ma.asset_id = ${form.assetId}::uuid)`
      : sql``}`;

/** How many people a campaign over this scope reviews, and how many of them it could remove. */
export async function countScope(db: DbOrTx, hubId: string, form: Scope): Promise<{ people: number; removable: number }> {
  const [row] = await db.execute<{ people: number; removable: number }>(sql`
    select count(*)::int as people, count(*) filter (where m.kind in ('business_user', 'invitation') and m.state <> 'exempted')::int as removable
    from members m where ${inScope(hubId, form)}`);
  return row ?? { people: 0, removable: 0 };
}

/**
 * Snapshots the scope into a campaign in one statement: each person's holdings (role, assets with tasks),
 * how they were matched, and their reviewer (the SCIM enterprise `manager` of their directory account, found
 * in Slack by email, when the rule asks for managers; else the rule's fallback); then one card row per
 * reviewer. Items are numbered in name order, the order cards show them in.
 */
export async function snapshotScope(
  db: DbOrTx, campaignId: string, hubId: string, form: Scope, rule: ReviewerRule,
): Promise<{ items: number; reviewerIds: string[] }> {
  // Each distinct manager is looked up once (a few hundred at most), then joined to the people by key.
  const managerRef = rule.byManager ? sql`du.resource -> ${ENTERPRISE} -> 'manager' ->> 'value'` : sql`null::text`;
  const [row] = await db.execute<{ items: number; reviewer_ids: string[] | null }>(sql`
    with people as materialized (
      select m.id, m.kind, m.name, coalesce(m.email, m.pending_email) as email, m.meta_role, m.state, m.exemption_reason,
        ${managerRef} as manager_ref
      from members m left join directory_users du on du.id = m.directory_user_id
      where ${inScope(hubId, form)}
    ), managers as materialized (
      select refs.manager_ref, min(a.slack_user_id) as slack_user_id
      from (select distinct manager_ref from people where manager_ref is not null) refs
      -- An IdP may send any string as the manager's id; only one shaped like ours can find a directory row.
      join directory_users boss on boss.id = case when refs.manager_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then refs.manager_ref::uuid end
        and boss.active and boss.deleted_at is null
      join workspace_accounts a on a.email = any(boss.email_keys) and not a.deleted and not a.is_bot
      group by refs.manager_ref
    ), assigned as (
      select p.*, mgr.slack_user_id as manager_slack_id from people p left join managers mgr on mgr.manager_ref = p.manager_ref
    ), items as (
      insert into campaign_items (campaign_id, hub_id, member_id, name, email, member_kind, meta_role, access, access_count,
        match_state, exemption_reason, reviewer_ids, reviewer_source)
      select ${campaignId}::uuid, ${hubId}::uuid, p.id, p.name, p.email, p.kind, p.meta_role,
        coalesce(held.access, '[]'::jsonb), coalesce(held.n, 0), p.state, p.exemption_reason,
        case when p.manager_slack_id is not null then array[p.manager_slack_id] else array(select jsonb_array_elements_text(${JSON.stringify(rule.fallback)}::jsonb)) end,
        case when p.manager_slack_id is not null then 'manager' else ${rule.fallbackSource} end
      from assigned p
      left join lateral (
        select jsonb_agg(jsonb_build_object('kind', x.kind, 'name', x.name, 'tasks', x.tasks) order by x.kind, x.name) filter (where x.rank <= ${ACCESS_SHOWN}) as access,
          count(*)::int as n
        from (select a.kind, a.name, ma.tasks, row_number() over (order by a.kind, a.name) as rank
          from member_assets ma join assets a on a.id = ma.asset_id and a.gone_at is null where ma.member_id = p.id) x
      ) held on true
      order by lower(coalesce(p.name, p.email, '')), p.id
      returning reviewer_ids
    ), cards as (
      insert into campaign_reviewers (campaign_id, slack_user_id)
      select distinct ${campaignId}::uuid, r from items, unnest(items.reviewer_ids) as r
      returning slack_user_id
    )
    select (select count(*)::int from items) as items, (select array_agg(slack_user_id order by slack_user_id) from cards) as reviewer_ids`);
  return { items: row?.items ?? 0, reviewerIds: row?.reviewer_ids ?? [] };
}

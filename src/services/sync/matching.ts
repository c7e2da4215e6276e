import { and, eq, isNull, sql } from 'drizzle-orm';
import { members } from '../../../db/schema.js';
import type { Transaction } from '../../../db/client.js';
import { normalizeEmail, planMatches, type MatchChange, type MatchCounts, type MatchMember } from '../../domain/matching.js';
import { recordAudit } from '../audit/record.js';

const CHUNK = 2_000;

export type HubToMatch = { id: string; loginMethod: 'sso' | 'password' };

/**
 * Matches a hub's present members inside the caller's transaction (the sync's, right after the snapshot).
 * Only rows that change are written, and only while they are still automatic: a decision someone made
 * between our read and our write wins.
 */
export async function matchHubMembers(tx: Transaction, hub: HubToMatch, at: Date, taskId?: string): Promise<MatchCounts> {
  const present = await tx
    .select({
      id: members.id,
      kind: members.kind,
      email: members.email,
      pendingEmail: members.pendingEmail,
      state: members.state,
      directoryUserId: members.directoryUserId,
      workspaceAccountId: members.workspaceAccountId,
      matchNote: members.matchNote,
      manual: members.manual,
    })
    .from(members)
    .where(and(eq(members.hubId, hub.id), isNull(members.goneAt)));
  const keys = emailKeys(present);
  // Large hubs join 100,000 emails against the directory: keep the hash joins in memory, and skip JIT, which
  // costs more than it saves on a query planned once per sync.
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`set local jit = off`);
  const linked = [...new Set(present.flatMap((member) => (member.directoryUserId ? [member.directoryUserId] : [])))];
  const directory = keys.length || linked.length ? await loadDirectory(tx, keys, linked) : [];
  const workspace = keys.length ? await loadWorkspace(tx, keys) : [];

  const plan = planMatches({ members: present, directory, workspace, loginMethod: hub.loginMethod });
  await applyChanges(tx, plan.changes, at);
  await recordAudit(tx, {
    actor: 'system',
    action: 'hub.members_matched',
    hubId: hub.id,
    ...(taskId ? { taskId } : {}),
    outcome: 'completed',
    detail: { changed: plan.changes.length, ...plan.counts },
  });
  return plan.counts;
}

function emailKeys(present: MatchMember[]): string[] {
  const keys = new Set<string>();
  for (const member of present) {
    const email = normalizeEmail(member.email);
    const pending = normalizeEmail(member.pendingEmail);
    if (email) keys.add(email);
    if (pending) keys.add(pending);
  }
  return [...keys];
}

/** One text[] parameter (a member list can exceed Postgres's 65,535 bind parameters). */
function textArray(values: string[]) {
  return sql`${`{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;
}

type DirectoryRow = { id: string; active: boolean; deleted_at: Date | null; user_name: string; work_email: string | null; email_keys: string[] };

/**
 * Only the directory users that share an email with a member (all of them, so ambiguity shows), plus the
 * linked ones. Joins against the unnested keys, so 100,000 keys cost a hash join, not 100,000 comparisons a row.
 */
async function loadDirectory(tx: Transaction, keys: string[], linked: string[]) {
  const wanted = textArray(keys);
  // One pass over the directory: every (person, email) pair, hash-joined with the wanted emails.
  const rows = await tx.execute<DirectoryRow>(sql`
    with wanted(k) as (select distinct unnest(${wanted}))
    select d.id, d.active, d.deleted_at, d.user_name, d.work_email, d.email_keys
    from directory_users d
    where d.id in (
      select u.id
      from directory_users u
      cross join lateral unnest(u.email_keys || array[lower(trim(u.user_name)), lower(trim(u.work_email))]) e(k)
      join wanted w on w.k = e.k
      union select unnest(${textArray(linked)})::uuid
    )`);
  return [...rows].map((row) => ({
    id: row.id,
    active: row.active && row.deleted_at === null,
    userName: row.user_name,
    workEmail: row.work_email,
    emails: row.email_keys,
  }));
}

async function loadWorkspace(tx: Transaction, keys: string[]) {
  const rows = await tx.execute<{ slack_user_id: string; email: string | null }>(sql`
    select a.slack_user_id, a.email
    from workspace_accounts a join (select distinct unnest(${textArray(keys)}) as k) w on a.email = w.k
    where not a.deleted and not a.is_bot`);
  return [...rows].map((row) => ({ slackUserId: row.slack_user_id, email: row.email }));
}

async function applyChanges(tx: Transaction, changes: MatchChange[], at: Date): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const rows = changes.slice(i, i + CHUNK).map(
      (change) =>
        sql`(${change.memberId}::uuid, ${change.state}::member_state, ${change.directoryUserId}::uuid, ${change.workspaceAccountId}::text, ${change.matchNote}::text)`,
    );
    await tx.execute(sql`
      update members set
        state = v.state,
        directory_user_id = v.directory_user_id,
        workspace_account_id = v.workspace_account_id,
        match_note = v.match_note,
        matched_by = case when v.state = 'onboarded' then 'auto' else null end,
        hub_role = case when v.state = 'onboarded' then coalesce(members.hub_role, 'collaborator') else null end,
        decided_by = 'auto',
        decided_at = ${at.toISOString()}::timestamptz,
        revision = members.revision + 1
      from (values ${sql.join(rows, sql`, `)}) as v(id, state, directory_user_id, workspace_account_id, match_note)
      where members.id = v.id and not members.manual and members.state in ('unmatched', 'onboarded', 'guest')`);
  }
}

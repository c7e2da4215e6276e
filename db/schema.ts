import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const loginMethod = pgEnum('login_method', ['sso', 'password']);
export const hubStatus = pgEnum('hub_status', ['active', 'token_invalid', 'paused']);
/** `partner_user`: a person of a partner business whom Meta lists on one of the hub's assets (under that partner). */
export const memberKind = pgEnum('member_kind', ['business_user', 'invitation', 'system_user', 'partner', 'partner_user']);
export const memberState = pgEnum('member_state', [
  'unmatched',
  'onboarded',
  'guest',
  'exempted',
  'removal_pending',
  'removed',
]);
export const hubRole = pgEnum('hub_role', ['owner', 'collaborator']);
export const assetKind = pgEnum('asset_kind', ['ad_account', 'page', 'pixel', 'catalog']);
export const assetOwnership = pgEnum('asset_ownership', ['owned', 'client']);
export const taskKind = pgEnum('task_kind', ['sync', 'remove_member', 'invite_member', 'change_role', 'asset_access']);
export const taskStatus = pgEnum('task_status', ['queued', 'running', 'completed', 'failed']);

export const reportStatus = pgEnum('report_status', ['open', 'closed']);
/** `resolved`: the item closed by itself (reactivated, gone from Meta, …); not a person's decision. */
export const reportDecision = pgEnum('report_decision', ['pending', 'approved', 'rejected', 'resolved']);
export const removalOutcome = pgEnum('removal_outcome', ['removing', 'removed', 'already_gone', 'failed']);

export const hubs = pgTable('hubs', {
  id: uuid('id').primaryKey().defaultRandom(),
  label: text('label').notNull(),
  businessId: text('business_id').notNull(),
  appId: text('app_id').notNull(),
  /** AES-256-GCM sealed; see src/services/secrets.ts. Never logged, never in a job payload. */
  accessTokenSealed: text('access_token_sealed').notNull(),
  /** The app secret, sealed the same way, when the app requires an app secret proof; never shown again. */
  appSecretSealed: text('app_secret_sealed'),
  loginMethod: loginMethod('login_method').notNull(),
  channelId: text('channel_id').notNull(),
  status: hubStatus('status').notNull().default('active'),
  safeguardThresholdPct: integer('safeguard_threshold_pct').notNull().default(20),
  /** UTC "HH:MM" of the daily check for updates. */
  dailySyncAt: text('daily_sync_at').notNull().default('06:00'),
  lastSyncedAt: at('last_synced_at'),
  lastSyncTaskId: uuid('last_sync_task_id'),
  /** Who switched the login method last, and when (null until someone does). */
  loginMethodChangedBy: text('login_method_changed_by'),
  loginMethodChangedAt: at('login_method_changed_at'),
  /** Meta's daily invitation cap (code 17) was hit: invitations to this hub wait until then. */
  invitesPausedUntil: at('invites_paused_until'),
  /** Slack refused a post to the hub's channel (archived, bot not in it, posting restricted); null when it works. */
  channelBrokenAt: at('channel_broken_at'),
  /** Slack's error for that post, e.g. `is_archived`, `not_in_channel`, `channel_not_found`. */
  channelBrokenError: text('channel_broken_error'),
  /** Task events announced in channels ("sync.completed", "remove_member.failed", …); null means all. */
  announceEvents: text('announce_events').array(),
  /** Per-hub report timing (`/hub settings`); null means the environment's default. */
  remindAfterHours: integer('remind_after_hours'),
  escalateAfterHours: integer('escalate_after_hours'),
  /** The IANA time zone `dailySyncAt` is read in. */
  dailySyncTz: text('daily_sync_tz').notNull().default('UTC'),
  /** Where report cards go: the hub's channel, its owners' direct messages, or both. */
  cardsTo: text('cards_to', { enum: ['channel', 'owners', 'both'] }).notNull().default('channel'),
  /** When on, Hubkeeper admins may approve or reject report items too, not only owners. */
  adminsMayDecide: boolean('admins_may_decide').notNull().default(false),
  /** What Meta said about the App ID when the hub was last connected: the business owns it, does not list it, or would not say. */
  appIdCheck: text('app_id_check', { enum: ['confirmed', 'unlisted', 'unchecked'] }).notNull().default('unchecked'),
  /** When the hub was last connected or reconnected with a token Meta accepted; failures before it are history. */
  credentialsChangedAt: at('credentials_changed_at'),
  /** The Graph id of the system user the access token belongs to (`GET /me`); null until Meta said. Hubkeeper never takes its access away. */
  tokenUserId: text('token_user_id'),
  /** Scheduled access reviews (`/hub settings`): how often (off, every month, every quarter), over whom, by whom, how many days. */
  reviewEvery: text('review_every', { enum: ['off', 'month', 'quarter'] }).notNull().default('off'),
  reviewScope: text('review_scope', { enum: ['all', 'admins'] }).notNull().default('all'),
  reviewReviewers: text('review_reviewers', { enum: ['owners', 'managers'] }).notNull().default('owners'),
  reviewDays: integer('review_days').notNull().default(14),
  connectedBy: text('connected_by').notNull(),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (table) => [
  uniqueIndex('hubs_label_unique').on(sql`lower(${table.label})`),
  uniqueIndex('hubs_business_unique').on(table.businessId),
]);

export const hubOwners = pgTable('hub_owners', {
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  slackUserId: text('slack_user_id').notNull(),
  /** Why this person owns the hub: they connected it, a member matched as Owner, or someone added them. */
  source: text('source', { enum: ['connected', 'matched', 'added', 'claimed'] }).notNull(),
  /** Who made them an owner (for `added` and an approved `claimed`). */
  addedBy: text('added_by'),
  createdAt: createdAt(),
}, (table) => [primaryKey({ columns: [table.hubId, table.slackUserId] })]);

/**
 * A person matched to one of the hub's Meta admins asks to become an owner; an owner or an admin decides.
 * The decision is compare-and-set (`status = 'pending'`), so a double click or two deciders make one outcome.
 */
export const ownerClaims = pgTable('owner_claims', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  claimantId: text('claimant_id').notNull(),
  /** The hub member (a Meta admin) the claimant's directory account is matched to. */
  memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
  /** `expired`: nobody decided within domain/owners.ts CLAIM_EXPIRES_DAYS; `decidedAt` is then when it expired. */
  status: text('status', { enum: ['pending', 'approved', 'declined', 'expired'] }).notNull().default('pending'),
  decidedBy: text('decided_by'),
  decidedAt: at('decided_at'),
  createdAt: createdAt(),
}, (table) => [
  uniqueIndex('owner_claims_one_pending').on(table.hubId, table.claimantId).where(sql`${table.status} = 'pending'`),
]);

/** Every Slack message that shows a claim (the claimant's and each decider's), so each is edited in place. */
export const ownerClaimMessages = pgTable('owner_claim_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  claimId: uuid('claim_id').notNull().references(() => ownerClaims.id, { onDelete: 'cascade' }),
  /** The Slack user the message goes to by DM. */
  target: text('target').notNull(),
  role: text('role', { enum: ['claimant', 'decider'] }).notNull(),
  slackChannel: text('slack_channel'),
  ts: text('ts'),
}, (table) => [uniqueIndex('owner_claim_messages_claim_target').on(table.claimId, table.target)]);

export const directoryUsers = pgTable('directory_users', {
  id: uuid('id').primaryKey().defaultRandom(),
  userName: text('user_name').notNull(),
  externalId: text('external_id'),
  active: boolean('active').notNull().default(true),
  displayName: text('display_name'),
  givenName: text('given_name'),
  familyName: text('family_name'),
  workEmail: text('work_email'),
  emails: jsonb('emails').$type<Array<{ value: string; type?: string; primary?: boolean }>>().notNull().default([]),
  department: text('department'),
  title: text('title'),
  employeeNumber: text('employee_number'),
  /** Lower-cased values of every email, so "any email equals" filters can use a GIN index. */
  emailKeys: text('email_keys').array().notNull().default(sql`'{}'::text[]`),
  /** The whole SCIM resource as last written, unknown attributes included. */
  resource: jsonb('resource').$type<Record<string, unknown>>().notNull().default({}),
  deactivatedAt: at('deactivated_at'),
  /** How the IdP said so: patch-replace-active, patch-replace-pathless, put, delete, create. */
  deactivatedVia: text('deactivated_via'),
  /** SCIM DELETE: gone from SCIM reads, but the row stays so Hubkeeper knows this person is gone. */
  deletedAt: at('deleted_at'),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (table) => [
  // Partial, so an IdP can re-create a userName after a hard delete without a 409 loop.
  uniqueIndex('directory_users_user_name_unique').on(sql`lower(${table.userName})`).where(sql`${table.deletedAt} is null`),
  index('directory_users_work_email').on(sql`lower(${table.workEmail})`),
  index('directory_users_external_id').on(table.externalId),
  index('directory_users_email_keys').using('gin', table.emailKeys),
  index('directory_users_listing').on(table.createdAt, table.id),
  // Prefix search for the Match modal (external_select): "ana", "brown", "ana.b" on 200,000 people.
  ...(['display_name', 'given_name', 'family_name', 'work_email', 'user_name'] as const).map((column) =>
    index(`directory_users_search_${column}`).using('btree', sql`lower(${sql.identifier(column)}) text_pattern_ops`)),
]);

export const directoryGroups = pgTable('directory_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  displayName: text('display_name').notNull(),
  externalId: text('external_id'),
  resource: jsonb('resource').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (table) => [
  // Entra requires unique group names; a duplicate POST gets 409 uniqueness.
  uniqueIndex('directory_groups_display_name_unique').on(sql`lower(${table.displayName})`),
  index('directory_groups_external_id').on(table.externalId),
]);

export const directoryGroupMembers = pgTable('directory_group_members', {
  groupId: uuid('group_id').notNull().references(() => directoryGroups.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull().references(() => directoryUsers.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (table) => [
  primaryKey({ columns: [table.groupId, table.userId] }),
  index('directory_group_members_user').on(table.userId),
]);

/** What Meta says of a member: the columns a sync writes (and stages). */
const memberFromMeta = () => ({
  kind: memberKind('kind').notNull(),
  metaId: text('meta_id').notNull(),
  name: text('name'),
  email: text('email'),
  pendingEmail: text('pending_email'),
  metaRole: text('meta_role'),
  /** What Meta says the account is: a managed work account (MWA) or a personal profile (FB); null when Meta doesn't say. */
  accountType: text('account_type', { enum: ['work', 'personal'] }),
  /** A partner's person: the Meta id of the partner business they belong to (and are shown under). */
  partnerMetaId: text('partner_meta_id'),
});

export const members = pgTable('members', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  ...memberFromMeta(),
  state: memberState('state').notNull().default('unmatched'),
  directoryUserId: uuid('directory_user_id').references(() => directoryUsers.id, { onDelete: 'set null' }),
  matchedBy: text('matched_by'),
  hubRole: hubRole('hub_role'),
  exemptionReason: text('exemption_reason'),
  exemptedBy: text('exempted_by'),
  exemptedAt: at('exempted_at'),
  exemptionExpiresAt: at('exemption_expires_at'),
  firstSeenAt: at('first_seen_at').notNull().defaultNow(),
  lastSeenAt: at('last_seen_at').notNull().defaultNow(),
  /** Set when a sync no longer finds the member in Meta; rows are never deleted. */
  goneAt: at('gone_at'),
  /** Bumped on every change of state or match: buttons carry it, so a stale click changes nothing. */
  revision: integer('revision').notNull().default(0),
  /** A person settled this member (match, unmatch, exempt, remove): automatic matching leaves it alone. */
  manual: boolean('manual').notNull().default(false),
  /** Who last changed the state or match: a Slack user id, or "auto" / "schedule" / "system". */
  decidedBy: text('decided_by'),
  decidedAt: at('decided_at'),
  /** Why automatic matching did not settle the member ("ambiguous"), or a caveat ("directory_inactive"). */
  matchNote: text('match_note'),
  /** The Slack account this member is known by: a guest's account, or the owner granted by an Owner match. */
  workspaceAccountId: text('workspace_account_id'),
  removalTaskId: uuid('removal_task_id'),
}, (table) => [
  uniqueIndex('members_hub_kind_meta_unique').on(table.hubId, table.kind, table.metaId),
  index('members_hub_list').on(table.hubId, table.state, sql`lower(coalesce(${table.name}, ${table.email}, ''))`, table.id),
]);

/** Slack accounts of the workspace (users.list), cached so matching finds guests without calling Slack. */
export const workspaceAccounts = pgTable('workspace_accounts', {
  slackUserId: text('slack_user_id').primaryKey(),
  /** Trimmed and lower-cased. */
  email: text('email'),
  name: text('name'),
  isGuest: boolean('is_guest').notNull().default(false),
  isBot: boolean('is_bot').notNull().default(false),
  deleted: boolean('deleted').notNull().default(false),
  refreshedAt: at('refreshed_at').notNull(),
}, (table) => [index('workspace_accounts_email').on(table.email)]);

export const assets = pgTable('assets', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  kind: assetKind('kind').notNull(),
  ownership: assetOwnership('ownership').notNull(),
  metaId: text('meta_id').notNull(),
  name: text('name'),
  firstSeenAt: at('first_seen_at').notNull().defaultNow(),
  lastSeenAt: at('last_seen_at').notNull().defaultNow(),
  goneAt: at('gone_at'),
}, (table) => [uniqueIndex('assets_hub_kind_meta_unique').on(table.hubId, table.kind, table.metaId)]);

export const memberAssets = pgTable('member_assets', {
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  memberId: uuid('member_id').notNull().references(() => members.id, { onDelete: 'cascade' }),
  assetId: uuid('asset_id').notNull().references(() => assets.id, { onDelete: 'cascade' }),
  tasks: text('tasks').array().notNull(),
  /**
   * A partner's permission as Meta reports its state (`access_status` on the agencies edge: CONFIRMED, or
   * CLIENT_RESPONSE_PENDING and the like while the request waits); null for people's assignments.
   */
  accessStatus: text('access_status'),
}, (table) => [
  primaryKey({ columns: [table.memberId, table.assetId] }),
  index('member_assets_hub').on(table.hubId),
]);

/**
 * One attempt of a check for updates (a run): what it reads from Meta is staged here page by page, with no lock
 * on the hub's rows, and merged into members, assets and member_assets in one short transaction at the end.
 * A run's rows go when its task is finished; a stalled attempt's rows are never merged (the task lock).
 */
export const syncRuns = pgTable('sync_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (table) => [index('sync_runs_hub').on(table.hubId)]);

export const syncStagedMembers = pgTable('sync_staged_members', {
  runId: uuid('run_id').notNull().references(() => syncRuns.id, { onDelete: 'cascade' }),
  /** Arrival order, so "the first new members" are Meta's first. */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  ...memberFromMeta(),
}, (table) => [index('sync_staged_members_run').on(table.runId)]);

export const syncStagedAssets = pgTable('sync_staged_assets', {
  runId: uuid('run_id').notNull().references(() => syncRuns.id, { onDelete: 'cascade' }),
  kind: assetKind('kind').notNull(),
  ownership: assetOwnership('ownership').notNull(),
  metaId: text('meta_id').notNull(),
  name: text('name'),
}, (table) => [index('sync_staged_assets_run').on(table.runId)]);

export const syncStagedHoldings = pgTable('sync_staged_holdings', {
  runId: uuid('run_id').notNull().references(() => syncRuns.id, { onDelete: 'cascade' }),
  assetKind: assetKind('asset_kind').notNull(),
  assetMetaId: text('asset_meta_id').notNull(),
  /** A business user's or system user's Meta id; a partner business's id when `partner`. */
  userMetaId: text('user_meta_id').notNull(),
  tasks: text('tasks').array().notNull(),
  partner: boolean('partner').notNull().default(false),
  /** Meta's access_status of a partner's permission (pending requests are kept, not counted as held). */
  accessStatus: text('access_status'),
}, (table) => [index('sync_staged_holdings_run').on(table.runId)]);

export type TaskProgress = {
  phase: string;
  counts: Record<string, { fetched: number; total?: number }>;
  waitingUntil?: string;
  note?: string;
};

export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  kind: taskKind('kind').notNull(),
  status: taskStatus('status').notNull().default('queued'),
  /** Slack user id, or "schedule" / "directory" for automation. */
  requestedBy: text('requested_by').notNull(),
  /** Kind-specific input that is not a secret (e.g. the member to remove). */
  input: jsonb('input').$type<Record<string, unknown>>().notNull().default({}),
  progress: jsonb('progress').$type<TaskProgress>(),
  summary: jsonb('summary').$type<Record<string, unknown>>(),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  slackChannelId: text('slack_channel_id'),
  slackTs: text('slack_ts'),
  resultAnnouncedAt: at('result_announced_at'),
  createdAt: createdAt(),
  startedAt: at('started_at'),
  finishedAt: at('finished_at'),
}, (table) => [
  // One check for updates per hub at a time, enforced by the database rather than by timing.
  uniqueIndex('tasks_one_active_sync_per_hub')
    .on(table.hubId)
    .where(sql`${table.kind} = 'sync' and ${table.status} in ('queued', 'running')`),
  index('tasks_hub_created').on(table.hubId, table.createdAt),
  index('tasks_status').on(table.status),
]);

export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: at('at').notNull().defaultNow(),
  /** Slack user id, "schedule", "directory" (SCIM) or "system". */
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  hubId: uuid('hub_id').references(() => hubs.id, { onDelete: 'set null' }),
  memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
  taskId: uuid('task_id'),
  reason: text('reason'),
  outcome: text('outcome'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
}, (table) => [index('audit_events_hub_at').on(table.hubId, table.at), index('audit_events_at').on(table.at)]);

/**
 * The notify queue's outbox: every line or message Hubkeeper posts to a channel or a DM, in order per channel.
 * Rows are written before anything reaches Slack, so a Slack or Redis blip delays a notification, never loses it.
 */
export const notifications = pgTable('notifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** A channel id, or a Slack user id for a direct message. */
  channel: text('channel').notNull(),
  /** `line`: a short result that may be gathered into a digest; `message`: posted exactly as given. */
  kind: text('kind', { enum: ['line', 'message'] }).notNull(),
  hubId: uuid('hub_id').references(() => hubs.id, { onDelete: 'cascade' }),
  taskId: uuid('task_id'),
  /** What happened, for digests and per-hub choices: "sync.completed", "remove_member.failed", … */
  event: text('event'),
  /** `line`: escaped mrkdwn; `message`: text and blocks. */
  body: jsonb('body').$type<{ text: string; blocks?: unknown[] }>().notNull(),
  createdAt: createdAt(),
  sentAt: at('sent_at'),
  /** The Slack message that shows it (a digest shows many). */
  messageTs: text('message_ts'),
  /** Slack refused it for good (e.g. channel_not_found): kept for the record, never retried. */
  error: text('error'),
}, (table) => [
  uniqueIndex('notifications_task_channel').on(table.taskId, table.channel),
  index('notifications_pending').on(table.channel, table.id).where(sql`${table.sentAt} is null and ${table.error} is null`),
  index('notifications_message').on(table.channel, table.messageTs),
]);

/** The digest each channel may still extend: later results edit it instead of posting again. */
export const channelDigests = pgTable('channel_digests', {
  channel: text('channel').primaryKey(),
  /** Where Slack put the message: the same channel, or the DM's D… id when `channel` is a user. */
  slackChannel: text('slack_channel').notNull(),
  ts: text('ts').notNull(),
  openedAt: at('opened_at').notNull(),
  lastAt: at('last_at').notNull(),
});

/** Who opened Hubkeeper's Home tab and what it showed them, so a change republishes it for those people. */
export const homeViewers = pgTable('home_viewers', {
  slackUserId: text('slack_user_id').primaryKey(),
  openedAt: at('opened_at').notNull(),
  publishedAt: at('published_at'),
  /** Slack's hash of the Home we published last: the next publish sends it, so a stale Home never wins. */
  publishedHash: text('published_hash'),
  isAdmin: boolean('is_admin').notNull().default(false),
  hubIds: uuid('hub_ids').array().notNull().default(sql`'{}'::uuid[]`),
}, (table) => [index('home_viewers_opened').on(table.openedAt)]);

export const inviteStatus = pgEnum('invite_status', ['waiting', 'sending', 'invited', 'duplicate', 'failed', 'cancelled']);

/**
 * One email to invite to a hub, and what became of it. An invitation task sends its rows one by one; rows
 * from a mapped IdP group wait without a task until a batch picks them up. At most one row per hub and email
 * is on its way at a time (the partial unique index), so two requests at once never invite someone twice.
 */
export const invites = pgTable('invites', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  taskId: uuid('task_id'),
  /** Trimmed and lower-cased. */
  email: text('email').notNull(),
  metaRole: text('meta_role').notNull(),
  /** FB: a personal Facebook profile; MWA: a Meta work account managed by the organization (SSO). */
  invitedUserType: text('invited_user_type', { enum: ['FB', 'MWA'] }).notNull().default('FB'),
  directoryUserId: uuid('directory_user_id').references(() => directoryUsers.id, { onDelete: 'set null' }),
  /** The mapped IdP group that asked for it, if any. */
  groupId: uuid('group_id'),
  requestedBy: text('requested_by').notNull(),
  status: inviteStatus('status').notNull().default('waiting'),
  /** Why it was not sent: "member", "invited", "in_flight", "deactivated", "left_group", "unmapped". */
  note: text('note'),
  error: text('error'),
  metaInvitationId: text('meta_invitation_id'),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
}, (table) => [
  uniqueIndex('invites_one_in_flight').on(table.hubId, table.email).where(sql`${table.status} in ('waiting', 'sending')`),
  index('invites_task').on(table.taskId, table.createdAt),
  index('invites_unbatched').on(table.hubId, table.createdAt).where(sql`${table.taskId} is null and ${table.status} = 'waiting'`),
]);

/**
 * An IdP group mapped to a hub with a Meta role: people added to the group are invited, people removed go on
 * the deprovision report. No foreign key to the group, so a group the IdP deletes still finds its hubs.
 */
export const groupMappings = pgTable('group_mappings', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  groupId: uuid('group_id').notNull(),
  /** The group's name when it was mapped, shown if the IdP deletes it. */
  groupName: text('group_name').notNull(),
  metaRole: text('meta_role').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
}, (table) => [
  uniqueIndex('group_mappings_hub_group').on(table.hubId, table.groupId),
  index('group_mappings_group').on(table.groupId),
]);

/** What a removal takes away: one asset and the tasks the member holds on it. */
export type ReportAccess = { kind: 'ad_account' | 'page' | 'pixel' | 'catalog'; name: string | null; tasks: string[] };

/** A deprovision report: at most one open per hub; later checks add items to it and close the ones that resolved. */
export const reports = pgTable('reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  status: reportStatus('status').notNull().default('open'),
  openedAt: at('opened_at').notNull(),
  openedByTaskId: uuid('opened_by_task_id'),
  /** People in the hub the safeguard measures against (the most seen while the report was open). */
  baselineMembers: integer('baseline_members').notNull().default(0),
  /** The safeguard's confirmation: who confirmed, when, and how many removals they were shown. */
  confirmedBy: text('confirmed_by'),
  confirmedAt: at('confirmed_at'),
  confirmedCount: integer('confirmed_count'),
  lastEscalatedAt: at('last_escalated_at'),
  closedAt: at('closed_at'),
  summary: jsonb('summary').$type<Record<string, number>>(),
  /** The closing summary went to the outbox (once, however often the card job runs). */
  closedAnnouncedAt: at('closed_announced_at'),
}, (table) => [
  uniqueIndex('reports_one_open_per_hub').on(table.hubId).where(sql`${table.status} = 'open'`),
  index('reports_hub_opened').on(table.hubId, table.openedAt),
]);

export const reportItems = pgTable('report_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Order of arrival: an "approve all" covers the items the person was shown, not ones added since. */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  reportId: uuid('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  memberId: uuid('member_id').notNull().references(() => members.id, { onDelete: 'cascade' }),
  /** Why it is on the report: directory_deactivated, directory_deleted, or what another feature said (group_removed). */
  reason: text('reason').notNull(),
  directoryUserId: uuid('directory_user_id'),
  name: text('name'),
  email: text('email'),
  memberKind: memberKind('member_kind').notNull(),
  metaRole: text('meta_role'),
  access: jsonb('access').$type<ReportAccess[]>().notNull().default([]),
  accessCount: integer('access_count').notNull().default(0),
  deactivatedAt: at('deactivated_at'),
  deactivatedVia: text('deactivated_via'),
  memberSince: at('member_since'),
  decision: reportDecision('decision').notNull().default('pending'),
  decidedBy: text('decided_by'),
  decidedAt: at('decided_at'),
  /** In which capacity the decider decided: as an owner of the hub, or as an admin the hub's settings allow. */
  decidedAs: text('decided_as', { enum: ['owner', 'admin'] }),
  rejectReason: text('reject_reason'),
  exemptUntil: at('exempt_until'),
  /** Why a `resolved` item closed: reactivated, gone_from_meta, exempted, removal_requested, removed_elsewhere, rematched. */
  resolvedReason: text('resolved_reason'),
  removalTaskId: uuid('removal_task_id'),
  outcome: removalOutcome('outcome'),
  outcomeAt: at('outcome_at'),
  outcomeError: text('outcome_error'),
  reinviteTaskId: uuid('reinvite_task_id'),
  reinviteStatus: text('reinvite_status', { enum: ['queued', 'invited', 'failed'] }),
  reinvitedBy: text('reinvited_by'),
  reinvitedAt: at('reinvited_at'),
  reinviteError: text('reinvite_error'),
  addedAt: at('added_at').notNull(),
  addedByTaskId: uuid('added_by_task_id'),
}, (table) => [
  uniqueIndex('report_items_report_member').on(table.reportId, table.memberId),
  index('report_items_report_decision').on(table.reportId, table.decision),
  index('report_items_hub_decision').on(table.hubId, table.decision),
  index('report_items_removal_task').on(table.removalTaskId),
]);

/** Every Slack message that shows a report: the hub channel's card and each owner's DM card. */
export const reportCards = pgTable('report_cards', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  /** A channel id, or the owner's user id for a DM card. */
  target: text('target').notNull(),
  /** Where Slack put it (a DM's D… id) and its ts; null until first posted. */
  slackChannel: text('slack_channel'),
  ts: text('ts'),
  page: integer('page').notNull().default(0),
  createdAt: createdAt(),
}, (table) => [uniqueIndex('report_cards_report_target').on(table.reportId, table.target)]);

/**
 * Every escalation message of a report (one per target, each time it escalates): edited in place whenever the
 * report changes, so it always says what still waits, or that nothing does.
 */
export const reportEscalations = pgTable('report_escalations', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
  /** The team-wide channel, an admin's user id (a DM), or the hub's channel. */
  target: text('target').notNull(),
  slackChannel: text('slack_channel'),
  ts: text('ts'),
  escalatedAt: at('escalated_at').notNull(),
}, (table) => [uniqueIndex('report_escalations_report_target_at').on(table.reportId, table.target, table.escalatedAt)]);

/** Per-owner choices, and when they were last reminded of waiting report items (one reminder a day). */
/** Facts the whole installation shares, by key (e.g. Slack refused the bot token: notifications wait). */
export const appFlags = pgTable('app_flags', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  setAt: at('set_at').notNull().defaultNow(),
});

export const ownerSettings = pgTable('owner_settings', {
  slackUserId: text('slack_user_id').primaryKey(),
  dmReports: boolean('dm_reports').notNull().default(false),
  lastRemindedAt: at('last_reminded_at'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const campaignStatus = pgEnum('campaign_status', ['open', 'closed']);
/** `change_role`: the reviewer asked for another role (the role change task carries it to Meta). */
export const campaignDecision = pgEnum('campaign_decision', ['pending', 'keep', 'remove', 'change_role']);

/**
 * An access review campaign (`/hub review`): who holds what in one hub at its start, a reviewer per person,
 * a deadline. Closes when every item is decided or at the deadline, with a summary and an evidence CSV.
 */
export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  status: campaignStatus('status').notNull().default('open'),
  /** `all`, `admins`, or `asset` (holders of `scopeAssetId`). */
  scope: text('scope', { enum: ['all', 'admins', 'asset'] }).notNull(),
  scopeAssetId: uuid('scope_asset_id'),
  /** The asset's name when the campaign started, for the tracker and the evidence. */
  scopeLabel: text('scope_label').notNull(),
  reviewers: text('reviewers', { enum: ['owners', 'managers'] }).notNull(),
  deadline: at('deadline').notNull(),
  /** At the deadline, remove every member not kept (confirmed with `removeConfirmedCount` at the start). */
  removeUnkept: boolean('remove_unkept').notNull().default(false),
  removeConfirmedCount: integer('remove_confirmed_count'),
  startedBy: text('started_by').notNull(),
  startedAt: at('started_at').notNull(),
  /** The tracker message in the hub's channel (null until first posted). */
  trackerChannel: text('tracker_channel'),
  trackerTs: text('tracker_ts'),
  /** While the hub's channel refuses posts: the tracker in each owner's direct message, by owner. */
  trackerCopies: jsonb('tracker_copies').$type<Record<string, { channel: string; ts: string }>>().notNull().default({}),
  /** The deadline's escalation went to the outbox (once). */
  escalatedAt: at('escalated_at'),
  closedAt: at('closed_at'),
  summary: jsonb('summary').$type<Record<string, number>>(),
  /** The closing summary and evidence file went out (once, however often the close job runs). */
  closedAnnouncedAt: at('closed_announced_at'),
  evidenceFileId: text('evidence_file_id'),
}, (table) => [
  // One open campaign per hub: two at once would ask the same reviewers about the same people twice.
  uniqueIndex('campaigns_one_open_per_hub').on(table.hubId).where(sql`${table.status} = 'open'`),
  index('campaigns_hub_started').on(table.hubId, table.startedAt),
]);

/** One person in a campaign: a snapshot of what they held at the start, who reviews them, and the decision. */
export const campaignItems = pgTable('campaign_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  hubId: uuid('hub_id').notNull().references(() => hubs.id, { onDelete: 'cascade' }),
  memberId: uuid('member_id').notNull().references(() => members.id, { onDelete: 'cascade' }),
  name: text('name'),
  email: text('email'),
  memberKind: memberKind('member_kind').notNull(),
  metaRole: text('meta_role'),
  access: jsonb('access').$type<ReportAccess[]>().notNull().default([]),
  accessCount: integer('access_count').notNull().default(0),
  /** How the person was matched at the start: onboarded, guest, exempted (with the reason), unmatched. */
  matchState: text('match_state').notNull(),
  exemptionReason: text('exemption_reason'),
  /** The Slack users who may decide this item (its reviewer; the owners when there is no manager). */
  reviewerIds: text('reviewer_ids').array().notNull(),
  /** Why these reviewers: `owners`, `manager`, or `manager_missing` (fell back to the owners). */
  reviewerSource: text('reviewer_source', { enum: ['owners', 'manager', 'manager_missing'] }).notNull(),
  decision: campaignDecision('decision').notNull().default('pending'),
  decidedBy: text('decided_by'),
  decidedAt: at('decided_at'),
  /** For `change_role`: the role asked for, and its task. */
  newRole: text('new_role'),
  roleTaskId: uuid('role_task_id'),
  /** For `remove`: the deprovision report item that carries the removal (its outcome is the outcome at Meta). */
  reportItemId: uuid('report_item_id'),
  /** Still pending when the deadline passed. */
  unreviewedAtDeadline: boolean('unreviewed_at_deadline').notNull().default(false),
}, (table) => [
  uniqueIndex('campaign_items_campaign_member').on(table.campaignId, table.memberId),
  index('campaign_items_campaign_decision').on(table.campaignId, table.decision),
  index('campaign_items_reviewers').using('gin', table.reviewerIds),
]);

/** Each reviewer of a campaign and their one direct-message card. */
export const campaignReviewers = pgTable('campaign_reviewers', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  slackUserId: text('slack_user_id').notNull(),
  /** Where Slack put the card (the DM's D… id) and its ts; null until first posted. */
  slackChannel: text('slack_channel'),
  ts: text('ts'),
  page: integer('page').notNull().default(0),
  lastRemindedAt: at('last_reminded_at'),
}, (table) => [uniqueIndex('campaign_reviewers_campaign_user').on(table.campaignId, table.slackUserId)]);

/** Every action_id, callback_id and block_id Hubkeeper uses, so builders and listeners can't drift apart. */
export const Commands = { hub: '/hub' } as const;

export const Views = {
  connectHub: 'connect_hub',
  matchMember: 'match_member',
  exemptMember: 'exempt_member',
  removeMember: 'remove_member',
  switchLogin: 'switch_login',
  inviteMembers: 'invite_members',
  changeRole: 'change_role',
  mapGroup: 'map_group',
  reportReject: 'report_reject',
  /** Approve all, and the safeguard's confirmation of a held report. */
  reportConfirm: 'report_confirm',
  hubSettings: 'hub_settings',
  hubOwners: 'hub_owners',
  /** `/hub review`: the campaign form, its count confirmation, and Change role on a review card. */
  reviewStart: 'review_start',
  reviewConfirm: 'review_confirm',
  reviewRole: 'review_role',
  /** "Ask to become an owner" from `/hub owners`, for someone matched to one of the hub's Meta admins. */
  ownerClaim: 'owner_claim',
  /** Access to one asset: take it away (a person's or a partner's), give it, remove a partner altogether. */
  assetRevoke: 'asset_revoke',
  assetGrant: 'asset_grant',
  partnerRemove: 'partner_remove',
  /** The Access modal of one member (read-only; its buttons push the confirmations above). */
  memberAccess: 'member_access',
  /** A read-only modal (e.g. "someone else already did this"); it has no submit. */
  notice: 'member_notice',
} as const;

export const Actions = {
  syncHub: 'sync_hub',
  /** Home tab buttons (a click there has no response URL, so these answer by DM). */
  homeSync: 'home_sync',
  homeReviewUnmatched: 'home_review_unmatched',
  homeMembers: 'home_members',
  connectHubOpen: 'connect_hub_open',
  /** "Review 7 unmatched" on a sync result. */
  membersReview: 'members_review',
  membersPrevious: 'members_page_previous',
  membersNext: 'members_page_next',
  membersRefresh: 'members_page_refresh',
  memberMatch: 'member_match',
  memberUnmatch: 'member_unmatch',
  memberExempt: 'member_exempt',
  memberEndExemption: 'member_end_exemption',
  memberRemove: 'member_remove',
  memberChangeRole: 'member_change_role',
  /** "Access" on a member: what they hold asset by asset; in it, Revoke per asset, Grant access, Remove partner. */
  memberAccess: 'member_access',
  assetRevoke: 'asset_revoke',
  assetGrant: 'asset_grant',
  partnerRemove: 'partner_remove',
  /** The external_select of the Match modal, answered by a block_suggestion (options) listener. */
  directorySearch: 'directory_search',
  /** Deprovision report cards: per item, for the whole report, paging, and "Review report" on a check's result. */
  reportApprove: 'report_approve',
  reportReject: 'report_reject',
  reportRetry: 'report_retry',
  reportReinvite: 'report_reinvite',
  reportApproveAll: 'report_approve_all',
  reportConfirm: 'report_confirm',
  hubSettings: 'hub_settings',
  hubOwners: 'hub_owners',
  reportPrevious: 'report_page_previous',
  reportNext: 'report_page_next',
  reportReview: 'report_review',
  /** Access review cards: per item, Keep all, paging. */
  reviewKeep: 'review_keep',
  reviewRemove: 'review_remove',
  reviewChangeRole: 'review_change_role',
  reviewKeepAll: 'review_keep_all',
  reviewPrevious: 'review_page_previous',
  reviewNext: 'review_page_next',
  /** The group picker of the Add group modal (block_suggestion). */
  groupSearch: 'group_search',
  groupsAdd: 'groups_add',
  groupsRemove: 'groups_remove',
  /** Ownership claims: "Ask to become an owner" on Home, and a decider's Approve / Decline (value: the claim id). */
  homeClaimOwner: 'home_claim_owner',
  ownerClaimApprove: 'owner_claim_approve',
  ownerClaimDecline: 'owner_claim_decline',
  /** The escalation message's buttons (value: the hub id); "Open the report" is `reportReview`. */
  escalationAddOwner: 'escalation_add_owner',
  escalationDecide: 'escalation_decide',
} as const;

/** block_ids of the member list: each member's buttons (`<prefix><member id>`), and the navigation. */
export const MemberListBlocks = {
  actionsPrefix: 'member_actions_',
  navigation: 'members_navigation',
} as const;

export const MatchFields = {
  person: { block: 'match_person', action: Actions.directorySearch },
  role: { block: 'match_role', action: 'match_role_input' },
} as const;

export const ExemptFields = {
  reason: { block: 'exempt_reason', action: 'exempt_reason_input' },
  expiresOn: { block: 'exempt_expires', action: 'exempt_expires_input' },
} as const;

export const OwnerFields = {
  add: { block: 'owners_add', action: 'owners_add_input' },
  remove: { block: 'owners_remove', action: 'owners_remove_choice' },
} as const;

export const SettingsFields = {
  safeguardThresholdPct: { block: 'settings_threshold', action: 'settings_threshold_input' },
  remindAfterHours: { block: 'settings_remind', action: 'settings_remind_input' },
  escalateAfterHours: { block: 'settings_escalate', action: 'settings_escalate_input' },
  dailySyncAt: { block: 'settings_daily_time', action: 'settings_daily_time_input' },
  dailySyncTz: { block: 'settings_daily_tz', action: 'settings_daily_tz_input' },
  cardsTo: { block: 'settings_cards', action: 'settings_cards_choice' },
  adminsMayDecide: { block: 'settings_admins', action: 'settings_admins_choice' },
  reviewEvery: { block: 'settings_review_every', action: 'settings_review_every_choice' },
  reviewScope: { block: 'settings_review_scope', action: 'settings_review_scope_choice' },
  reviewReviewers: { block: 'settings_review_reviewers', action: 'settings_review_reviewers_choice' },
  reviewDays: { block: 'settings_review_days', action: 'settings_review_days_input' },
} as const;

export const LoginFields = {
  method: { block: 'login_method', action: 'login_method_choice' },
} as const;

export const InviteFields = {
  emails: { block: 'invite_emails', action: 'invite_emails_input' },
  people: { block: 'invite_people', action: Actions.directorySearch },
  role: { block: 'invite_role', action: 'invite_role_input' },
  workAccount: { block: 'invite_work_account', action: 'invite_work_account_input' },
} as const;

export const RoleFields = {
  role: { block: 'role_choice', action: 'role_choice_input' },
} as const;

export const GroupFields = {
  group: { block: 'group_pick', action: Actions.groupSearch },
  role: { block: 'group_role', action: 'group_role_input' },
  inviteCurrent: { block: 'group_invite_current', action: 'group_invite_current_input' },
} as const;

/** block_ids of the group mapping list: each mapping's Remove button is `<prefix><mapping id>`. */
export const GroupListBlocks = { mappingPrefix: 'group_mapping_', add: 'groups_add' } as const;

/** block_ids of a report card: each item's buttons are `<prefix><item id>`. */
export const ReportBlocks = { itemPrefix: 'report_item_', actions: 'report_actions', navigation: 'report_navigation' } as const;

/** block_ids of a review card: each item's buttons are `<prefix><item id>`. */
export const ReviewBlocks = { itemPrefix: 'review_item_', actions: 'review_actions', navigation: 'review_navigation' } as const;

export const ReviewFields = {
  scope: { block: 'review_scope', action: 'review_scope_choice' },
  assetId: { block: 'review_asset', action: 'review_asset_choice' },
  reviewers: { block: 'review_reviewers', action: 'review_reviewers_choice' },
  deadlineDate: { block: 'review_deadline', action: 'review_deadline_input' },
  removeUnkept: { block: 'review_remove_unkept', action: 'review_remove_unkept_choice' },
  confirm: { block: 'review_confirm_check', action: 'review_confirm_check_input' },
} as const;

export const ConfirmFields = {
  check: { block: 'report_confirm_check', action: 'report_confirm_check_input' },
} as const;

export const AssetFields = {
  asset: { block: 'asset_pick', action: 'asset_pick_input' },
  tasks: { block: 'asset_tasks', action: 'asset_tasks_input' },
  reason: { block: 'asset_reason', action: 'asset_reason_input' },
} as const;

export const RemoveFields = {
  reason: { block: 'remove_reason', action: 'remove_reason_input' },
} as const;

/** block_ids of the Home tab: each hub's buttons are `<prefix><hub id>`. */
export const HomeBlocks = { hubPrefix: 'home_hub_' } as const;

/** block_id / action_id pairs of the connect modal's inputs. */
export const ConnectFields = {
  label: { block: 'label', action: 'label_input' },
  accessToken: { block: 'access_token', action: 'access_token_input' },
  businessId: { block: 'business_id', action: 'business_id_input' },
  appId: { block: 'app_id', action: 'app_id_input' },
  appSecret: { block: 'app_secret', action: 'app_secret_input' },
  loginMethod: { block: 'login_method', action: 'login_method_input' },
  channel: { block: 'channel', action: 'channel_input' },
} as const;

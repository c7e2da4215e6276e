import { actionsFor, isServiceAccount, type MemberAction, type MemberRef } from './member-actions.js';

/** Who is asking, as far as permissions care. */
export type Actor = {
  slackUserId: string;
  /** Slack workspace admin/owner, or listed in ADMIN_SLACK_USER_IDS. */
  isAdmin: boolean;
  /** Ids of the hubs this person owns. */
  ownedHubIds: ReadonlySet<string>;
};

export type Action =
  | 'hub.connect'
  | 'hub.sync'
  | 'hub.view'
  | 'hub.change_login'
  | 'hub.settings'
  | 'hub.owners'
  /** Start an access review campaign (`/hub review`). */
  | 'hub.review'
  | 'member.view'
  | 'member.match'
  | 'member.exempt'
  | 'member.remove'
  | 'member.invite'
  | 'member.change_role'
  /** See what a member holds asset by asset, grant or revoke one asset, remove a partner. */
  | 'member.asset_access'
  | 'hub.map_groups'
  | 'report.decide';

/** The hub an action is about; `adminsMayDecide` is its setting that lets admins decide report items too. */
export type HubRef = { id: string; label: string; adminsMayDecide?: boolean };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ADMIN_ONLY: ReadonlySet<Action> = new Set(['hub.connect']);
const OWNERS_ONLY: ReadonlySet<Action> = new Set(['report.decide']);
/** Mapping a group grants access to everyone in it, automatically: that is for Hubkeeper admins. */
const HUB_ADMINS_ONLY: ReadonlySet<Action> = new Set(['hub.map_groups']);

/** Decides whether an actor may take an action on a hub; a refusal says who can. */
export function authorize(actor: Actor, action: Action, hub?: HubRef): Decision {
  if (ADMIN_ONLY.has(action)) {
    return actor.isAdmin
      ? { allowed: true }
      : { allowed: false, reason: 'Only Hubkeeper admins (Slack workspace admins and owners) can connect a business hub.' };
  }
  if (!hub) return { allowed: false, reason: 'Choose a business hub first.' };
  const owns = actor.ownedHubIds.has(hub.id);
  if (HUB_ADMINS_ONLY.has(action)) {
    return actor.isAdmin
      ? { allowed: true }
      : { allowed: false, reason: `Only Hubkeeper admins (Slack workspace admins and owners) can map identity-provider groups to ${hub.label}.` };
  }
  if (OWNERS_ONLY.has(action)) {
    if (owns) return { allowed: true };
    if (action === 'report.decide' && hub.adminsMayDecide) {
      return actor.isAdmin ? { allowed: true } : { allowed: false, reason: `Only owners of ${hub.label} and Hubkeeper admins can do that.` };
    }
    return { allowed: false, reason: `Only owners of ${hub.label} can do that.` };
  }
  return owns || actor.isAdmin
    ? { allowed: true }
    : { allowed: false, reason: `Only owners of ${hub.label} and Hubkeeper admins can do that.` };
}

/** The hub-level permission a member action needs. */
export const PERMISSION_OF: Readonly<Record<MemberAction, Action>> = {
  match: 'member.match',
  unmatch: 'member.match',
  exempt: 'member.exempt',
  end_exemption: 'member.exempt',
  remove: 'member.remove',
  change_role: 'member.change_role',
  access: 'member.asset_access',
};

/** Whether an actor may take an action on one member: their role on the hub, then the member's kind and state. */
export function authorizeMemberAction(actor: Actor, action: MemberAction, hub: HubRef, member: MemberRef): Decision {
  const role = authorize(actor, PERMISSION_OF[action], hub);
  if (!role.allowed) return role;
  if (member.kind === 'partner_user' && action !== 'access') {
    return { allowed: false, reason: "A partner's people are managed by their partner: Hubkeeper lists them under it, and never matches, exempts or removes them." };
  }
  if (isServiceAccount(member.kind) && action !== 'access') {
    return { allowed: false, reason: 'System users and partners are service accounts: Hubkeeper lists them apart, and changes only their access to assets.' };
  }
  return actionsFor(member).includes(action)
    ? { allowed: true }
    : { allowed: false, reason: `That does not apply to a member who is ${member.state.replace('_', ' ')}.` };
}

/** In which capacity someone decides a report item: as an owner, or as an admin the hub's settings allow. */
export function decidingCapacity(actor: Actor, hub: HubRef): 'owner' | 'admin' {
  return actor.ownedHubIds.has(hub.id) ? 'owner' : 'admin';
}

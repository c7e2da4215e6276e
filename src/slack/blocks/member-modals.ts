import type { ListedMember } from '../../services/members/members.js';
import { encodeModalContext, type MemberModalContext } from '../forms/member-metadata.js';
import { ExemptFields, MatchFields, RemoveFields, Views } from '../ids.js';
import { memberHoldings, memberStatus, memberTitle } from './member-text.js';
import { context, escapeMrkdwn, plain, section } from './text.js';

type Hub = { id: string; label: string };

const describe = (member: ListedMember, viewerId: string) =>
  section(`${memberTitle(member)}\n${memberHoldings(member)}\n${memberStatus(member, viewerId)}`);

/** Match: search the directory (external_select → block_suggestion) and choose the hub role. */
export function matchModal(hub: Hub, member: ListedMember, ctx: MemberModalContext, viewerId: string) {
  const current = member.state === 'onboarded' && member.person
    ? { initial_option: { text: plain(`${member.person.name ?? 'Current match'}`.slice(0, 75), 75), value: member.person.id } }
    : {};
  const owner = member.hubRole === 'owner';
  const roles = [
    { text: plain('Collaborator'), value: 'collaborator', description: plain('Keeps their access; no say in managing the hub.') },
    { text: plain('Owner'), value: 'owner', description: plain('May approve removals and manage the hub in Hubkeeper.') },
  ];
  return {
    type: 'modal' as const,
    callback_id: Views.matchMember,
    private_metadata: encodeModalContext(ctx),
    title: plain('Match member', 24),
    submit: plain('Match', 24),
    close: plain('Cancel', 24),
    blocks: [
      describe(member, viewerId),
      {
        type: 'input',
        block_id: MatchFields.person.block,
        label: plain('Person in the directory'),
        element: { type: 'external_select', action_id: MatchFields.person.action, min_query_length: 2, placeholder: plain('Search by name or email'), ...current },
        hint: plain('Type at least two letters of their name or email.'),
      },
      {
        type: 'input',
        block_id: MatchFields.role.block,
        label: plain(`Role in ${hub.label}`.slice(0, 2000)),
        element: { type: 'radio_buttons', action_id: MatchFields.role.action, options: roles, initial_option: roles[owner ? 1 : 0] },
        hint: plain('An Owner match makes their Slack account an owner of this hub.'),
      },
    ],
  };
}

/** Exempt: a reason (10–500 characters) and an optional date the exemption ends. */
export function exemptModal(member: ListedMember, ctx: MemberModalContext, viewerId: string) {
  return {
    type: 'modal' as const,
    callback_id: Views.exemptMember,
    private_metadata: encodeModalContext(ctx),
    title: plain('Exempt member', 24),
    submit: plain('Exempt', 24),
    close: plain('Cancel', 24),
    blocks: [
      describe(member, viewerId),
      {
        type: 'input',
        block_id: ExemptFields.reason.block,
        label: plain('Why may they keep access?'),
        element: { type: 'plain_text_input', action_id: ExemptFields.reason.action, multiline: true, max_length: 500, placeholder: plain('e.g. Agency contact for the spring campaign, approved by Marketing') },
        hint: plain('10 to 500 characters. Owners see it in the member list.'),
      },
      {
        type: 'input',
        block_id: ExemptFields.expiresOn.block,
        optional: true,
        label: plain('Exempt until'),
        element: { type: 'datepicker', action_id: ExemptFields.expiresOn.action },
        hint: plain('Leave empty to keep the exemption until someone ends it. On that day (UTC) the member goes back to review and the owners are told.'),
      },
    ],
  };
}

type HeldAsset = { kind: string; name: string | null; metaId: string };
const KIND_LABELS: Record<string, string> = { ad_account: 'Ad accounts', page: 'Pages', pixel: 'Pixels', catalog: 'Catalogs' };

/** Remove: says what access goes with it before anything is done. */
export function removeModal(hub: Hub, member: ListedMember, assets: HeldAsset[], ctx: MemberModalContext, viewerId: string) {
  const invitation = member.kind === 'invitation';
  const kinds = [...new Set(assets.map((asset) => asset.kind))];
  const held = kinds.map((kind) => {
    const names = assets.filter((asset) => asset.kind === kind).map((asset) => escapeMrkdwn(asset.name ?? asset.metaId));
    return `• ${KIND_LABELS[kind] ?? kind}: ${names.join(', ')}`;
  });
  const total = member.holdings.reduce((sum, h) => sum + h.count, 0);
  const more = total > assets.length ? [`• …and ${total - assets.length} more`] : [];
  const loses = invitation
    ? `This invitation (role ${escapeMrkdwn(member.metaRole ?? 'unknown')}) will be cancelled in *${escapeMrkdwn(hub.label)}*.`
    : `*They lose:*\n• Role in ${escapeMrkdwn(hub.label)}: ${escapeMrkdwn(member.metaRole ?? 'none')}\n${[...held, ...more].join('\n') || '• No assets assigned'}`;
  return {
    type: 'modal' as const,
    callback_id: Views.removeMember,
    private_metadata: encodeModalContext(ctx),
    title: plain(invitation ? 'Cancel invitation' : 'Remove member', 24),
    submit: plain(invitation ? 'Cancel invitation' : 'Remove', 24),
    close: plain('Keep them', 24),
    blocks: [
      describe(member, viewerId),
      section(loses),
      context('Hubkeeper asks Meta now and posts the outcome in the hub’s channel. To give access back later, invite them again.'),
      {
        type: 'input',
        block_id: RemoveFields.reason.block,
        optional: true,
        label: plain('Reason (optional, for the audit log)'),
        element: { type: 'plain_text_input', action_id: RemoveFields.reason.action, max_length: 500 },
      },
    ],
  };
}

/** A read-only modal telling someone why nothing happened. */
export function noticeModal(title: string, text: string) {
  return {
    type: 'modal' as const,
    callback_id: Views.notice,
    title: plain(title, 24),
    close: plain('OK', 24),
    blocks: [section(text)],
  };
}

import { actionsFor, type MemberAction } from '../../domain/member-actions.js';
import { encodePosition, encodeRowAction, MEMBER_FILTERS, MEMBERS_PER_PAGE, type ListPosition, type MemberFilter } from '../../domain/member-list.js';
import { plural } from '../../domain/wording.js';
import type { ListedMember, MemberPage } from '../../services/members/members.js';
import { Actions, MemberListBlocks } from '../ids.js';
import { memberHoldings, memberStatus, memberTitle } from './member-text.js';
import { context, escapeMrkdwn, plain, section } from './text.js';

const FILTER_WORDS: Record<MemberFilter, string> = {
  unmatched: 'unmatched',
  onboarded: 'onboarded',
  guests: 'guests',
  exempted: 'exempted',
  all: 'all people',
  invitations: 'pending invitations',
  system: 'service accounts (system users and partners)',
};

type Button = { actionId: string; label: (m: ListedMember) => string; style?: 'primary' | 'danger'; confirm?: [title: string, text: string] };

const BUTTONS: Record<MemberAction, Button> = {
  match: { actionId: Actions.memberMatch, label: (m) => (m.state === 'onboarded' ? 'Re-match' : 'Match'), style: 'primary' },
  unmatch: {
    actionId: Actions.memberUnmatch,
    label: () => 'Unmatch',
    confirm: ['Unmatch this member?', 'They go back to review, and automatic matching will leave them unmatched. Their access in Meta does not change.'],
  },
  exempt: { actionId: Actions.memberExempt, label: () => 'Exempt' },
  end_exemption: {
    actionId: Actions.memberEndExemption,
    label: () => 'End exemption',
    confirm: ['End this exemption?', 'The member goes back to review. Their access in Meta does not change.'],
  },
  remove: { actionId: Actions.memberRemove, label: (m) => (m.kind === 'invitation' ? 'Cancel invitation' : 'Remove'), style: 'danger' },
  change_role: { actionId: Actions.memberChangeRole, label: () => 'Change role' },
  access: { actionId: Actions.memberAccess, label: () => 'Access' },
};

function row(member: ListedMember, position: ListPosition, viewerId: string) {
  const blocks: unknown[] = [section(`${memberTitle(member)}\n${memberHoldings(member)}\n${memberStatus(member, viewerId)}`)];
  const actions = actionsFor(member);
  if (actions.length) {
    const value = encodeRowAction({ memberId: member.id, revision: member.revision, position });
    blocks.push({
      type: 'actions',
      block_id: `${MemberListBlocks.actionsPrefix}${member.id}`,
      elements: actions.map((action) => {
        const button = BUTTONS[action];
        const confirm = button.confirm && {
          title: plain(button.confirm[0], 100), text: plain(button.confirm[1], 300), confirm: plain(button.label(member), 30), deny: plain('Cancel', 30),
        };
        return {
          type: 'button', action_id: button.actionId, text: plain(button.label(member), 75), value,
          ...(button.style ? { style: button.style } : {}), ...(confirm ? { confirm } : {}),
        };
      }),
    });
  }
  return blocks;
}

function navigation(hubId: string, page: MemberPage) {
  const at = (p: number) => encodePosition({ hubId, filter: page.filter, page: p });
  const elements = [
    ...(page.page > 0 ? [{ type: 'button', action_id: Actions.membersPrevious, text: plain('◀ Previous'), value: at(page.page - 1) }] : []),
    ...(page.page < page.pages - 1 ? [{ type: 'button', action_id: Actions.membersNext, text: plain('Next ▶'), value: at(page.page + 1) }] : []),
    { type: 'button', action_id: Actions.membersRefresh, text: plain('Refresh'), value: at(page.page) },
  ];
  return { type: 'actions', block_id: MemberListBlocks.navigation, elements };
}

/** One page of a hub's members with the actions that fit each; at most 2 + 2×15 + 2 blocks. */
export function membersListMessage(hub: { id: string; label: string }, page: MemberPage, viewerId: string) {
  const label = escapeMrkdwn(hub.label);
  const words = page.filter === 'system' && (page.partnerPeople ?? 0) > 0 ? `${FILTER_WORDS.system} and people of partners` : FILTER_WORDS[page.filter];
  const position = { hubId: hub.id, filter: page.filter, page: page.page };
  const text = `Members of ${escapeMrkdwn(hub.label)} (${words}): ${page.total} in all, page ${page.page + 1} of ${page.pages}.`;
  if (page.total === 0) {
    return {
      text,
      blocks: [
        section(`No ${words} in *${label}*.${page.filter === 'unmatched' ? ' Every member is accounted for. :tada:' : ''}`),
        context(`Other lists: \`/hub members ${label} <list>\` with ${MEMBER_FILTERS.filter((filter) => filter !== page.filter).map((filter) => `\`${filter}\``).join(', ')}.`),
      ],
    };
  }
  const first = page.page * MEMBERS_PER_PAGE + 1;
  const people = page.partnerPeople ?? 0;
  const apartWho = [
    ...(page.serviceAccounts > 0 ? [`${plural(page.serviceAccounts, 'service account')} (system users, partners)`] : []),
    ...(people > 0 ? [`${plural(people, 'person', 'people')} of partners, under their partner`] : []),
  ];
  const apart = page.filter !== 'system' && apartWho.length > 0
    ? ` ${apartWho.join(' and ')} ${page.serviceAccounts + people === 1 ? 'is' : 'are'} listed apart: \`/hub members ${label} system\`.`
    : '';
  return {
    text,
    blocks: [
      section(`*Members of ${label}* — ${words}: *${page.total.toLocaleString('en-US')}* · page ${page.page + 1} of ${page.pages}`),
      ...page.members.flatMap((member) => row(member, position, viewerId)),
      context(`Showing ${first.toLocaleString('en-US')}–${(first + page.members.length - 1).toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')}.${apart}`),
      navigation(hub.id, page),
    ],
  };
}

import { describeHoldings, isServiceAccount } from '../../domain/member-actions.js';
import type { ListedMember, Member } from '../../services/members/members.js';
import { memberKindWords, plural } from '../../domain/wording.js';
import { escapeMrkdwn, slackDate } from './text.js';

/** Who made a decision, as Slack shows it: a mention, or the automation that did it. */
export function decider(id: string | null, viewerId?: string): string {
  if (!id) return 'someone';
  if (id === viewerId) return 'you';
  if (id === 'auto') return 'automatic matching';
  if (id === 'schedule') return 'the exemption expiry';
  if (id === 'system') return 'Hubkeeper';
  if (id === 'review-schedule') return "the hub's review schedule";
  return /^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}

/** The member's name in plain text (for modal titles' neighbours, notifications' `text`). */
export function memberName(member: Pick<Member, 'kind' | 'name' | 'email' | 'metaId'>): string {
  if (member.name) return member.name;
  if (member.kind === 'invitation') return `Invitation to ${member.email ?? member.metaId}`;
  return member.email ?? member.metaId;
}

/** "*Ana Brown* · ana@example.com", "*Bo* (pending invitation for a work account) · bo@…", escaped: what Meta says it is. */
export function memberTitle(member: Pick<Member, 'kind' | 'name' | 'email' | 'metaId' | 'pendingEmail' | 'accountType'>): string {
  const words = memberKindWords(member.kind, member.accountType);
  const name = member.name ?? (member.kind === 'invitation' ? `P${words.slice(1)}` : member.metaId);
  const kind = member.name && words ? ` (${words})` : '';
  const emails = [member.email, member.pendingEmail && member.pendingEmail !== member.email ? `pending: ${member.pendingEmail}` : null]
    .filter(Boolean)
    .map((email) => escapeMrkdwn(email!));
  return `*${escapeMrkdwn(name)}*${kind}${emails.length ? ` · ${emails.join(' · ')}` : ''}`;
}

const when = (date: Date | null) => (date ? ` ${slackDate(date)}` : '');
const day = (date: Date) => slackDate(date, '{date_long}');

/** The line that says where a member stands and who put them there. */
export function memberStatus(member: ListedMember, viewerId?: string): string {
  if (member.kind === 'system_user') return ':gear: System user of the business — a service account, never matched to a person or put on a report';
  if (member.kind === 'partner_user') {
    const partner = member.partner?.name ? `the partner *${escapeMrkdwn(member.partner.name)}*` : 'a partner business';
    return `:busts_in_silhouette: Person of ${partner} — reaches this hub's assets through it; the partner manages its own people, so Hubkeeper never matches them or puts them on a report`;
  }
  if (isServiceAccount(member.kind)) {
    const people = member.partner?.people ?? 0;
    const listed = people > 0 ? `Meta lists ${plural(people, 'of its people', 'of its people')} on this hub's assets` : "its people reach these assets through it (Meta lists none of them on this hub's assets)";
    const pending = member.partner?.pendingRequests ? ` · ${plural(member.partner.pendingRequests, 'asset request')} still waiting at Meta, not held` : '';
    return `:handshake: Partner business — ${listed}; never matched or put on a report${pending}`;
  }
  const by = decider(member.decidedBy, viewerId);
  switch (member.state) {
    case 'unmatched': {
      if (member.matchNote === 'ambiguous') return ':grey_question: Unmatched — two or more people in the directory share this email';
      if (member.decidedBy === 'schedule' && member.exemptionExpiresAt) return `:grey_question: Unmatched — exemption expired ${day(member.exemptionExpiresAt)}`;
      return member.manual ? `:grey_question: Unmatched by ${by}${when(member.decidedAt)}` : ':grey_question: Unmatched';
    }
    case 'onboarded': {
      // The member's own email heads the row already; the directory's is shown only when it is another one.
      const other = member.person?.email && member.person.email.toLowerCase() !== member.email?.toLowerCase() ? ` (${escapeMrkdwn(member.person.email)})` : '';
      const person = member.person ? `*${escapeMrkdwn(member.person.name ?? 'someone')}*${other}` : 'a directory person';
      const role = member.hubRole === 'owner' ? 'Owner' : 'Collaborator';
      const how = member.matchedBy === 'auto' ? 'matched automatically' : `matched by ${decider(member.matchedBy, viewerId)}${when(member.decidedAt)}`;
      const gone = member.person && !member.person.active ? ' · :warning: deactivated in the directory' : '';
      return `:white_check_mark: Onboarded → ${person} · ${role} · ${how}${gone}`;
    }
    case 'guest':
      return `:bust_in_silhouette: Guest — not in the directory; Slack account ${member.workspaceAccountId ? `<@${member.workspaceAccountId}>` : 'unknown'}`;
    case 'exempted': {
      const until = member.exemptionExpiresAt ? ` until ${day(member.exemptionExpiresAt)}` : '';
      return `:shield: Exempted by ${decider(member.exemptedBy, viewerId)}${when(member.exemptedAt)}${until}: “${escapeMrkdwn(member.exemptionReason ?? '')}”`;
    }
    case 'removal_pending':
      return `:hourglass_flowing_sand: Removal requested by ${by}${when(member.decidedAt)}`;
    case 'removed':
      return `:wastebasket: Removed${when(member.decidedAt)}`;
  }
}

/** "ADMIN · 3 ad accounts, 2 pages". */
export function memberHoldings(member: ListedMember): string {
  return escapeMrkdwn(describeHoldings(member.metaRole, member.holdings));
}

/** What the person who came second is told: nothing changed, and what the member is now, by whom and when. */
export function conflictText(member: Member, viewerId: string): string {
  const name = `*${escapeMrkdwn(memberName(member))}*`;
  const by = decider(member.decidedBy, viewerId);
  const at = when(member.decidedAt);
  const now: Record<Member['state'], string> = {
    unmatched: `${by} sent ${name} back to review${at}`,
    onboarded: `${by} matched ${name}${at}`,
    guest: `${by} settled ${name} as a guest${at}`,
    exempted: `${by} exempted ${name}${at}`,
    removal_pending: `${by} already asked to remove ${name}${at}`,
    removed: `${name} was removed${at}`,
  };
  const lead = by === 'you' ? 'You already did something here' : 'Someone got there first';
  return `Nothing changed. ${lead}: ${now[member.state]}. Your list was out of date; it shows the member as they are now.`;
}

import type { ReportAccess } from '../../../db/schema.js';
import { waitedWords } from '../../domain/report-reminders.js';
import type { ReportItem } from '../../services/reports/items.js';
import { decider } from './member-text.js';
import { escapeMrkdwn, slackDate } from './text.js';

const KINDS: Record<ReportAccess['kind'], string> = { ad_account: 'Ad account', page: 'Page', pixel: 'Pixel', catalog: 'Catalog' };
const ACCESS_SHOWN = 4;

/** How the IdP said it, in words. */
const VIA: Record<string, string> = {
  'patch-replace-active': 'SCIM PATCH set active to false',
  'patch-replace-pathless': 'SCIM PATCH set active to false',
  put: 'SCIM PUT with active false',
  delete: 'deleted over SCIM',
  create: 'provisioned as inactive',
};

const REASONS: Record<string, string> = {
  directory_deactivated: 'Deactivated in the directory',
  directory_deleted: 'Deleted from the directory',
  group_removed: 'Removed from an IdP group mapped to this hub',
  access_review: 'Marked for removal in an access review',
};

/** Why an item closed by itself. */
export const RESOLVED: Record<string, string> = {
  reactivated: 'the directory reactivated them',
  gone_from_meta: 'they are already gone from Meta',
  exempted: 'someone exempted them in the member list',
  removal_requested: 'someone asked to remove them from the member list',
  removed_elsewhere: 'they were removed outside this report',
  rematched: 'they are now matched to someone else in the directory',
};

const at = (date: Date | null) => (date ? slackDate(date) : 'at an unknown time');
const time = (date: Date | null) => (date ? slackDate(date, '{date_short_pretty} at {time}') : 'just now');

/** "*Ana Brown* · ana@acme.example · ADMIN" (escaped), naming a pending invitation as such. */
export function itemTitle(item: ReportItem): string {
  const name = escapeMrkdwn(item.name ?? item.email ?? 'Unknown member');
  const email = item.email && item.email !== item.name ? ` · ${escapeMrkdwn(item.email)}` : '';
  const kind = item.memberKind === 'invitation' ? ' (pending invitation)' : '';
  return `*${name}*${kind}${email} · ${escapeMrkdwn(item.metaRole ?? 'no role')}`;
}

/** When and how the directory let them go, and how long they have kept access since. */
export function itemCause(item: ReportItem, now: Date): string {
  const lead = REASONS[item.reason] ?? escapeMrkdwn(item.reason.replace(/_/g, ' '));
  if (!item.reason.startsWith('directory_')) return `:no_entry: ${lead}`;
  const how = item.deactivatedVia ? ` (${VIA[item.deactivatedVia] ?? escapeMrkdwn(item.deactivatedVia)})` : '';
  const since = item.deactivatedAt ? ` — still has access ${waitedWords(now.getTime() - item.deactivatedAt.getTime())} later` : '';
  const member = item.memberSince ? ` · in Meta since ${slackDate(item.memberSince, '{date_long}')}` : '';
  return `:no_entry: ${lead} ${at(item.deactivatedAt)}${how}${since}${member}`;
}

/** What the removal takes away: assets with the tasks held on them. */
export function itemAccess(item: ReportItem): string {
  if (item.memberKind === 'invitation') return `Takes away: the pending invitation (role ${escapeMrkdwn(item.metaRole ?? 'unknown')})`;
  if (item.accessCount === 0) return `Takes away: role ${escapeMrkdwn(item.metaRole ?? 'none')}, no assets assigned`;
  return `Takes away: ${heldAssets(item)}`;
}

/** "Ad account Main (ADVERTISE, ANALYZE) · Page Shop · and 3 more": assets with the tasks held on them (escaped). */
export function heldAssets(holding: { access: readonly ReportAccess[]; accessCount: number }): string {
  const shown = holding.access.slice(0, ACCESS_SHOWN).map((entry) => {
    const tasks = entry.tasks.length ? ` (${entry.tasks.map(escapeMrkdwn).join(', ')})` : '';
    return `${KINDS[entry.kind]} ${escapeMrkdwn(entry.name ?? 'unnamed')}${tasks}`;
  });
  const more = holding.accessCount > shown.length ? ` · and ${holding.accessCount - shown.length} more` : '';
  return `${shown.join(' · ')}${more}`;
}

/** Where the item stands, who decided and when; empty while it waits. */
export function itemStatus(item: ReportItem, viewerId?: string): string {
  const by = `${decider(item.decidedBy, viewerId)}${item.decidedAs === 'admin' ? ' (as a Hubkeeper admin)' : ''} ${time(item.decidedAt)}`;
  switch (item.decision) {
    case 'pending':
      return '';
    case 'rejected': {
      const until = item.exemptUntil ? ` (exempted until ${slackDate(item.exemptUntil, '{date_long}')})` : ' (exempted)';
      return `:shield: Kept by ${by}: “${escapeMrkdwn(item.rejectReason ?? '')}”${until}`;
    }
    case 'resolved':
      return `:heavy_minus_sign: Closed by itself ${time(item.decidedAt)}: ${RESOLVED[item.resolvedReason ?? ''] ?? 'it no longer applies'}.`;
    case 'approved':
      switch (item.outcome) {
        case 'removed':
          return `:white_check_mark: Approved by ${by} · removed ${time(item.outcomeAt)}${reinviteWords(item)}`;
        case 'already_gone':
          return `:white_check_mark: Approved by ${by} · was already gone from Meta`;
        case 'failed':
          return `:x: Approved by ${by} · the removal failed: ${escapeMrkdwn(item.outcomeError ?? 'unknown error')}`;
        default:
          return `:hourglass_flowing_sand: Approved by ${by} · removing…`;
      }
  }
}

function reinviteWords(item: ReportItem): string {
  const by = `${decider(item.reinvitedBy)} ${time(item.reinvitedAt)}`;
  if (item.reinviteStatus === 'queued') return ` · re-inviting (asked by ${by})…`;
  if (item.reinviteStatus === 'invited') return ` · :envelope: re-invited by ${by}`;
  if (item.reinviteStatus === 'failed') return ` · re-invite failed: ${escapeMrkdwn(item.reinviteError ?? 'unknown error')}`;
  return '';
}

/** The answer to someone who came second: nothing changed, and who settled the item, and when. */
export function itemConflictText(item: ReportItem, viewerId: string): string {
  const who = `*${escapeMrkdwn(item.name ?? item.email ?? 'this member')}*`;
  const by = `${decider(item.decidedBy, viewerId)}${item.decidedAs === 'admin' ? ' (as a Hubkeeper admin)' : ''} ${time(item.decidedAt)}`;
  if (item.decision === 'approved') {
    if (item.outcome === 'failed') return `Nothing changed: the removal of ${who} failed after ${decider(item.decidedBy, viewerId)} approved it. Use Retry on the card.`;
    return `Nothing changed: ${who} was already approved by ${by}.`;
  }
  if (item.decision === 'rejected') return `Nothing changed: ${who} was already kept by ${by}.`;
  if (item.decision === 'resolved') return `Nothing changed: the item for ${who} closed by itself ${time(item.decidedAt)} — ${RESOLVED[item.resolvedReason ?? ''] ?? 'it no longer applies'}.`;
  return `Nothing changed: ${who} is still waiting for a decision.`;
}

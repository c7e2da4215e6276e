// Words people read: every count agrees with its noun, an email shows once per card, and members are named as
// what Meta says they are.
import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../../src/domain/audit-args.js';
import { safeguard, tally } from '../../../src/domain/deprovision.js';
import { describeHoldings } from '../../../src/domain/member-actions.js';
import { waitedWords } from '../../../src/domain/report-reminders.js';
import { matchingSummary, type SyncSummary } from '../../../src/domain/sync-summary.js';
import { memberKindWords } from '../../../src/domain/wording.js';
import type { ListedMember } from '../../../src/services/members/members.js';
import type { ReportView } from '../../../src/services/reports/view.js';
import { digestMessage } from '../../../src/slack/blocks/announcement.js';
import { auditReply } from '../../../src/slack/blocks/audit-log.js';
import { removeModal } from '../../../src/slack/blocks/member-modals.js';
import { memberStatus, memberTitle } from '../../../src/slack/blocks/member-text.js';
import { reportCard } from '../../../src/slack/blocks/report-card.js';
import { confirmModal } from '../../../src/slack/blocks/report-modals.js';
import { summaryWords } from '../../../src/slack/blocks/report-notices.js';
import { syncTaskMessage } from '../../../src/slack/blocks/task-message.js';
import { blockText } from '../../support/harness.js';

const hub = { id: 'h1', label: 'Acme Ads' };
const now = new Date('2026-03-10T12:00:00Z');

function syncText(counts: { guest: number; removalPending: number }) {
  const summary: SyncSummary = {
    ...matchingSummary({ onboarded: 1, unmatched: 0, exempted: 0, removed: 0, ambiguous: 0, directoryInactive: 0, manual: 0, serviceAccounts: 1, ssoNotInDirectory: 0, ...counts }),
    membersByKind: {}, assetsByKind: { page: 1 }, newMembers: [], goneMembers: [], newMemberCount: 0, goneMemberCount: 0, durationMs: 10, requests: 1, warnings: [],
  };
  const task = { id: 't', kind: 'sync', status: 'completed' as const, requestedBy: 'schedule', progress: null, summary, error: null, createdAt: now, startedAt: now, finishedAt: now };
  return blockText(syncTaskMessage(hub, task).blocks);
}

describe('numbers agree with their nouns', () => {
  it('in a check for updates: 1 guest, 2 guests; 1 service account, 1 asset, 1 request', () => {
    const one = syncText({ guest: 1, removalPending: 1 });
    expect(one).toContain('*4 members*: 1 onboarded, 1 guest, 1 removal pending · 1 service account (system users, partners) listed apart · 1 asset');
    expect(one).toContain('· 1 request to Meta');
    expect(syncText({ guest: 2, removalPending: 3 })).toContain('2 guests, 3 removals pending');
  });

  it('in a digest of results', () => {
    const digest = digestMessage({ total: 2, groups: [{ hubLabel: 'Acme Ads', event: 'remove_member.completed', count: 1 }, { hubLabel: 'Acme Ads', event: 'sync.completed', count: 1 }], sample: ['a', 'b'] } as Parameters<typeof digestMessage>[0]);
    expect(digest.text).toBe('2 task results. Acme Ads: 1 member removed, 1 check for updates done');
  });

  it('in the audit reply, periods and waiting times', () => {
    const row = { at: now, actor: 'U1', action: 'member.removed', hubLabel: 'Acme Ads', memberName: null, memberEmail: null, reason: null, outcome: null, detail: {} };
    const reply = auditReply({ scope: 'Acme Ads', sinceWords: 'the last 1 day', rows: [row] as unknown as Parameters<typeof auditReply>[0]['rows'], truncated: false, uploaded: true });
    expect(reply.text).toMatch(/^1 audit event for Acme Ads/);
    expect(blockText(reply.blocks)).toContain(': 1 event in the last 1 day.');
    const args = parseAuditArgs(['1d'], now);
    expect(args.ok && args.sinceWords).toBe('the last 1 day');
    expect(waitedWords(3_600_000)).toBe('1 hour');
    expect(waitedWords(60_000)).toBe('1 minute');
    expect(waitedWords(3 * 86_400_000)).toBe('3 days');
  });

  it('in holdings and report summaries', () => {
    expect(describeHoldings('ADMIN', [{ kind: 'ad_account', count: 1 }, { kind: 'page', count: 2 }])).toBe('ADMIN · 1 ad account, 2 pages');
    expect(summaryWords({ ...tally([]), removed: 1, alreadyGone: 2, resolved: 1 })).toBe('1 removed, 2 already gone from Meta, 1 closed by itself');
  });

  it('on a held report: the confirmation names one removal as one', () => {
    const view = {
      report: { id: '11111111-1111-4111-8111-111111111111', openedAt: now, confirmedCount: null },
      hub: { id: 'h', label: 'Tiny', loginMethod: 'password', safeguardThresholdPct: 20 },
      tally: tally([{ decision: 'pending', outcome: null, n: 1 }]),
      safeguard: safeguard({ removals: 1, members: 2, thresholdPct: 20, confirmedCount: null }),
      items: [], page: 0, pages: 1, maxSeq: 1, owners: ['U1'],
    } as unknown as ReportView;
    const modal = confirmModal(view, false);
    expect(blockText(modal.blocks)).toContain('This report would remove *1 member* of 2 members (50 %).');
    expect(JSON.stringify(modal.blocks)).toContain('I checked the list: 1 removal is right');
    const card = reportCard({ ...view, safeguard: safeguard({ removals: 1, members: 200, thresholdPct: 20, confirmedCount: null }) }, { now, reinviteWindowMs: 0 });
    expect(JSON.stringify(card.blocks)).not.toContain('Approve all 1');
  });
});

const member = (overrides: Partial<ListedMember>): ListedMember => ({
  id: '9a8b7c6d-1a2b-4c3d-8e9f-000000000001', hubId: 'h1', kind: 'business_user', metaId: '1', name: 'Ben Patel', email: 'ben.patel@acme.example',
  pendingEmail: null, metaRole: 'EMPLOYEE', accountType: null, state: 'onboarded', directoryUserId: 'd1', matchedBy: 'auto', hubRole: 'collaborator',
  exemptionReason: null, exemptedBy: null, exemptedAt: null, exemptionExpiresAt: null, firstSeenAt: now, lastSeenAt: now, goneAt: null, revision: 1,
  manual: false, decidedBy: 'auto', decidedAt: now, matchNote: null, workspaceAccountId: null, removalTaskId: null, partnerMetaId: null, holdings: [],
  person: { name: 'Ben Patel', email: 'ben.patel@acme.example', active: true }, ...overrides,
} as ListedMember);

describe('an email shows once per card', () => {
  it('a member matched by the same email shows it in the title only; another directory email is shown', () => {
    const same = member({});
    expect(`${memberTitle(same)}\n${memberStatus(same)}`.match(/ben\.patel@acme\.example/g)).toHaveLength(1);
    const other = member({ email: 'ben@gmail.com' });
    expect(memberStatus(other)).toContain('*Ben Patel* (ben.patel@acme.example)');
  });

  it('cancelling an invitation names its address once', () => {
    const invitation = member({ kind: 'invitation', name: null, email: 'nina@gmail.com', state: 'unmatched', person: null });
    const modal = removeModal({ label: 'Acme Ads' } as Parameters<typeof removeModal>[0], invitation, [], { hubId: 'h1', memberId: invitation.id, revision: 1 } as Parameters<typeof removeModal>[3], 'U1');
    expect(blockText(modal.blocks).match(/nina@gmail\.com/g)).toHaveLength(1);
  });
});

describe('what Meta says a member is', () => {
  it('names work and personal accounts, invitations, system users and partners, and guesses nothing', () => {
    expect(memberKindWords('business_user', 'work')).toBe('work account');
    expect(memberKindWords('business_user', 'personal')).toBe('personal account');
    expect(memberKindWords('business_user', null)).toBe('');
    expect(memberKindWords('invitation', 'work')).toBe('pending invitation for a work account');
    expect(memberKindWords('invitation', null)).toBe('pending invitation');
    expect(memberKindWords('system_user', null)).toBe('system user');
    expect(memberKindWords('partner', null)).toBe('partner');
  });
});

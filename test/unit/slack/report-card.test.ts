import { describe, expect, it } from 'vitest';
import type { ReportItem } from '../../../src/services/reports/items.js';
import type { ReportView } from '../../../src/services/reports/view.js';
import { reportCard } from '../../../src/slack/blocks/report-card.js';
import { confirmModal } from '../../../src/slack/blocks/report-modals.js';
import { blockText } from '../../support/harness.js';
import { safeguard, tally } from '../../../src/domain/deprovision.js';

const now = new Date('2026-03-10T12:00:00Z');
const item = (i: number, overrides: Partial<ReportItem> = {}): ReportItem => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, seq: i, reportId: 'r', hubId: 'h', memberId: `m${i}`, reason: 'directory_deactivated',
  directoryUserId: `d${i}`, name: `Person <@U${i}>`, email: `p${i}@acme.example`, memberKind: 'business_user', metaRole: 'ADMIN',
  access: Array.from({ length: 30 }, (_, k) => ({ kind: 'ad_account' as const, name: `Account ${'x'.repeat(80)} ${k}`, tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'] })),
  accessCount: 120, deactivatedAt: new Date(now.getTime() - 3 * 86_400_000), deactivatedVia: 'patch-replace-active', memberSince: new Date('2024-01-01'),
  decision: 'pending', decidedBy: null, decidedAt: null, decidedAs: null, rejectReason: null, exemptUntil: null, resolvedReason: null, removalTaskId: null, outcome: null,
  outcomeAt: null, outcomeError: null, reinviteTaskId: null, reinviteStatus: null, reinvitedBy: null, reinvitedAt: null, reinviteError: null,
  addedAt: now, addedByTaskId: null, ...overrides,
});

function view(items: ReportItem[], total: number, overrides: Partial<ReportView> = {}): ReportView {
  const t = tally([{ decision: 'pending', outcome: null, n: total }]);
  return {
    report: { id: '11111111-1111-4111-8111-111111111111', hubId: 'h', status: 'open', openedAt: now, openedByTaskId: null, baselineMembers: 1200, confirmedBy: null, confirmedAt: null, confirmedCount: null, lastEscalatedAt: null, closedAt: null, summary: null, closedAnnouncedAt: null },
    hub: { id: 'h', label: 'Acme <!channel>', loginMethod: 'password', safeguardThresholdPct: 20, invitesPausedUntil: null } as ReportView['hub'],
    tally: t, safeguard: safeguard({ removals: total, members: 1200, thresholdPct: 20, confirmedCount: null }),
    items, page: 3, pages: Math.ceil(total / 10), maxSeq: total, owners: ['UOWNER1', 'UOWNER2'], ...overrides,
  };
}

describe('report card', () => {
  it('keeps a page of a 1,000-item report within Block Kit limits, escaped, with paging', () => {
    const card = reportCard(view(Array.from({ length: 10 }, (_, i) => item(i)), 1000), { cardId: 'c', now, reinviteWindowMs: 7 * 86_400_000 });
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    expect(card.text).toBe('Deprovision report for Acme &lt;!channel&gt; (held by the safeguard): 1,000 waiting for a decision');
    const json = JSON.stringify(card.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U1>');
    for (const block of card.blocks as Array<{ text?: { text: string } }>) expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    const shown = blockText(card.blocks);
    expect(shown).toContain('and 116 more');
    expect(shown).toContain('page 4 of 100');
    expect(shown).toContain('Held by the removal safeguard');
    expect(json).not.toContain('report_approve"'); // held: Reject only
    const nav = (card.blocks as Array<{ block_id?: string; elements?: Array<{ value: string }> }>).find((b) => b.block_id === 'report_navigation');
    expect(nav!.elements!.map((e) => e.value)).toEqual(['11111111-1111-4111-8111-111111111111|2|c', '11111111-1111-4111-8111-111111111111|4|c']);
  });

  it('shows a decided item without buttons, and Re-invite only within the window', () => {
    const removed = item(1, { decision: 'approved', decidedBy: 'UOWNER1', decidedAt: now, outcome: 'removed', outcomeAt: new Date(now.getTime() - 86_400_000) });
    const old = item(2, { decision: 'approved', decidedBy: 'UOWNER1', decidedAt: now, outcome: 'removed', outcomeAt: new Date(now.getTime() - 8 * 86_400_000) });
    const card = reportCard(view([removed, old], 2, { safeguard: safeguard({ removals: 2, members: 1200, thresholdPct: 20, confirmedCount: null }) }), { now, reinviteWindowMs: 7 * 86_400_000 });
    const actions = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).filter((b) => b.type === 'actions');
    expect(actions.flatMap((a) => a.elements!.map((e) => `${e.action_id}:${e.value}`))).toEqual([
      'report_approve_all:11111111-1111-4111-8111-111111111111', `report_reinvite:${removed.id}`,
    ]);
    expect(blockText(card.blocks)).toContain('Approved by <@UOWNER1>');
  });

  it('states the count in the confirmation modal', () => {
    const modal = confirmModal(view([item(1)], 300), true);
    expect(modal.submit.text).toBe('Approve 300');
    expect(blockText(modal.blocks)).toContain('This report would remove *300 members* of 1,200 members (25 %).');
    expect(modal.private_metadata.length).toBeLessThan(3000);
  });
});

import { describe, expect, it } from 'vitest';
import { directoryReason, isSettled, planReport, safeguard, tally, type ExistingItem, type ReportMember } from '../../../src/domain/deprovision.js';

const gone = new Date('2026-01-10T00:00:00Z');
const member = (id: string, overrides: Partial<ReportMember> = {}): ReportMember => ({
  id, kind: 'business_user', state: 'onboarded', goneAt: null, directoryUserId: `d-${id}`,
  directory: { id: `d-${id}`, active: false, deletedAt: null }, ...overrides,
});
const item = (id: string, memberId: string, overrides: Partial<ExistingItem> = {}): ExistingItem => ({
  id, memberId, reason: 'directory_deactivated', directoryUserId: `d-${memberId}`, decision: 'pending', outcome: null, ...overrides,
});

describe('who belongs on a deprovision report', () => {
  it('takes people matched to someone deactivated or deleted, and nobody else', () => {
    expect(directoryReason(member('a'))).toBe('directory_deactivated');
    expect(directoryReason(member('b', { directory: { id: 'd-b', active: false, deletedAt: gone } }))).toBe('directory_deleted');
    expect(directoryReason(member('c', { kind: 'invitation' }))).toBe('directory_deactivated');
    expect(directoryReason(member('d', { directory: { id: 'd-d', active: true, deletedAt: null } }))).toBeNull();
    expect(directoryReason(member('e', { kind: 'system_user' }))).toBeNull();
    expect(directoryReason(member('f', { state: 'exempted' }))).toBeNull();
    expect(directoryReason(member('g', { state: 'removal_pending' }))).toBeNull();
    expect(directoryReason(member('h', { goneAt: gone }))).toBeNull();
  });

  it('adds new members, reopens closed items of theirs, and leaves waiting ones to be refreshed', () => {
    const plan = planReport(
      [member('a'), member('b'), member('c')],
      [item('i-b', 'b'), item('i-c', 'c', { decision: 'resolved' })],
    );
    expect(plan.add).toEqual([{ memberId: 'a', reason: 'directory_deactivated' }]);
    expect(plan.reopen).toEqual([{ itemId: 'i-c', reason: 'directory_deactivated' }]);
    expect(plan.refresh).toEqual(['i-b']);
    expect(plan.close).toEqual([]);
  });

  it('closes items that resolved by themselves, saying why', () => {
    const members = [
      member('re', { directory: { id: 'd-re', active: true, deletedAt: null } }),
      member('go', { goneAt: gone }),
      member('ex', { state: 'exempted', directoryUserId: null, directory: null }),
      member('rm', { state: 'removal_pending' }),
      member('um', { state: 'unmatched', directoryUserId: null, directory: null }),
    ];
    const items = ['re', 'go', 'ex', 'rm', 'um'].map((id) => item(`i-${id}`, id));
    expect(planReport(members, [...items, item('i-missing', 'missing')]).close).toEqual([
      { itemId: 'i-re', why: 'reactivated' }, { itemId: 'i-go', why: 'gone_from_meta' }, { itemId: 'i-ex', why: 'exempted' },
      { itemId: 'i-rm', why: 'removal_requested' }, { itemId: 'i-um', why: 'rematched' }, { itemId: 'i-missing', why: 'gone_from_meta' },
    ]);
  });

  it('leaves removals under way and settled items alone, and closes a failed removal of someone reactivated', () => {
    const reactivated = member('f', { directory: { id: 'd-f', active: true, deletedAt: null } });
    const plan = planReport([member('w', { state: 'removal_pending' }), reactivated, member('k', { state: 'exempted' })], [
      item('i-w', 'w', { decision: 'approved', outcome: 'removing' }),
      item('i-f', 'f', { decision: 'approved', outcome: 'failed' }),
      item('i-k', 'k', { decision: 'rejected' }),
    ]);
    expect(plan.close).toEqual([{ itemId: 'i-f', why: 'reactivated' }]);
    expect(plan.refresh).toEqual([]);
  });

  it('keeps items another feature put on the report (an IdP group removal) while the member is still there', () => {
    const active = member('g', { directory: { id: 'd-g', active: true, deletedAt: null } });
    const plan = planReport([active], [item('i-g', 'g', { reason: 'group_removed' })]);
    expect(plan.close).toEqual([]);
    expect(plan.refresh).toEqual(['i-g']);
  });
});

describe('the removal safeguard', () => {
  it('holds a report above the threshold until confirmed for at least that many', () => {
    expect(safeguard({ removals: 2, members: 10, thresholdPct: 20, confirmedCount: null })).toMatchObject({ over: false, held: false, allowed: 2 });
    expect(safeguard({ removals: 3, members: 10, thresholdPct: 20, confirmedCount: null })).toMatchObject({ over: true, held: true });
    expect(safeguard({ removals: 3, members: 10, thresholdPct: 20, confirmedCount: 3 })).toMatchObject({ over: true, held: false });
    expect(safeguard({ removals: 4, members: 10, thresholdPct: 20, confirmedCount: 3 })).toMatchObject({ held: true });
    expect(safeguard({ removals: 1, members: 0, thresholdPct: 20, confirmedCount: null })).toMatchObject({ members: 1, held: true });
    expect(safeguard({ removals: 1000, members: 1000, thresholdPct: 100, confirmedCount: null }).held).toBe(false);
  });
});

describe('tally and settling', () => {
  it('counts items by where they stand', () => {
    const t = tally([
      { decision: 'pending', outcome: null, n: 3 }, { decision: 'approved', outcome: 'removing' }, { decision: 'approved', outcome: 'removed', n: 2 },
      { decision: 'approved', outcome: 'already_gone' }, { decision: 'approved', outcome: 'failed' }, { decision: 'rejected', outcome: null },
      { decision: 'resolved', outcome: null },
    ]);
    expect(t).toEqual({ total: 10, pending: 3, removing: 1, removed: 2, alreadyGone: 1, failed: 1, rejected: 1, resolved: 1 });
    expect(isSettled({ decision: 'approved', outcome: 'failed' })).toBe(false);
    expect(isSettled({ decision: 'approved', outcome: 'already_gone' })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { matchingSummary, type SyncSummary } from '../../../src/domain/sync-summary.js';
import { syncTaskMessage } from '../../../src/slack/blocks/task-message.js';

const counts = {
  onboarded: 40, guest: 2, unmatched: 5, exempted: 1, removalPending: 0, removed: 0,
  ambiguous: 2, directoryInactive: 1, manual: 3, serviceAccounts: 4, ssoNotInDirectory: 7,
};
const summary: SyncSummary = {
  ...matchingSummary(counts),
  membersByKind: {}, assetsByKind: { page: 3 }, newMembers: [], goneMembers: [], newMemberCount: 0, goneMemberCount: 0,
  durationMs: 1200, requests: 9, warnings: [],
};
const task = {
  id: 't1', kind: 'sync', status: 'completed' as const, requestedBy: 'schedule', progress: null, summary, error: null,
  createdAt: new Date(), startedAt: new Date(), finishedAt: new Date(),
};

describe('the sync result after matching', () => {
  it('counts people by state, lists service accounts apart, says what SSO did not match, and links the review', () => {
    const message = syncTaskMessage({ id: 'h1', label: 'Acme Ads' }, task);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*52 members*: 5 unmatched, 40 onboarded, 2 guests, 1 exempted · 4 service accounts (system users, partners) listed apart · 3 assets');
    expect(text).toContain('With single sign-on every member should match the directory by their work account: 7 members did not.');
    expect(text).toContain('2 members not matched: two or more directory people share their email.');
    const actions = (message.blocks.at(-1) as { elements: Array<{ action_id: string; text: { text: string }; value: string }> }).elements;
    expect(actions.map((button) => [button.action_id, button.text.text])).toEqual([['members_review', 'Review 5 unmatched'], ['sync_hub', 'Check again']]);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyStateCounts } from '../../../src/domain/sync-summary.js';
import type { HubCard } from '../../../src/services/notifications/home-data.js';
import type { Hub } from '../../../src/services/hub-setup/hubs.js';
import { digestMessage } from '../../../src/slack/blocks/announcement.js';
import { homeView } from '../../../src/slack/blocks/home.js';

const hub = (i: number): Hub => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, label: `<Brand> & Co ${'x'.repeat(60)} ${i}`, businessId: String(i), appId: '1',
  accessTokenSealed: 'sealed', loginMethod: 'sso', channelId: 'C0X', status: i % 7 === 0 ? 'token_invalid' : 'active', safeguardThresholdPct: 20,
  dailySyncAt: '06:00', lastSyncedAt: null, lastSyncTaskId: null, announceEvents: null, connectedBy: 'U1', createdAt: new Date(), updatedAt: new Date(),
  loginMethodChangedBy: null, loginMethodChangedAt: null, invitesPausedUntil: null, remindAfterHours: null, escalateAfterHours: null, dailySyncTz: 'UTC', cardsTo: 'channel', adminsMayDecide: false, appSecretSealed: null, channelBrokenAt: null, channelBrokenError: null,
  appIdCheck: 'unchecked', credentialsChangedAt: null, tokenUserId: null,
  reviewEvery: 'off', reviewScope: 'all', reviewReviewers: 'owners', reviewDays: 14,
});

const card = (i: number): HubCard => ({
  hub: hub(i), membersByState: { ...emptyStateCounts(), unmatched: i % 3, onboarded: 40 }, serviceAccounts: 2,
  failedTasks: i % 5 === 0 ? 2 : 0, pendingReportItems: 0,
  ...(i % 5 === 0 ? { lastFailure: { error: 'x'.repeat(2000) } as HubCard['lastFailure'] } : {}),
});

describe('homeView', () => {
  it('counts members by state with nouns that agree: 1 guest, 2 guests', () => {
    const one = homeView({ kind: 'keeper', isAdmin: true, claims: [], cards: [{ ...card(1), membersByState: { ...emptyStateCounts(), onboarded: 3, guest: 1 } }] });
    expect(JSON.stringify(one.blocks)).toContain('3 onboarded · 1 guest · 2 service accounts');
    const two = homeView({ kind: 'keeper', isAdmin: true, claims: [], cards: [{ ...card(1), membersByState: { ...emptyStateCounts(), onboarded: 3, guest: 2 } }] });
    expect(JSON.stringify(two.blocks)).toContain('3 onboarded · 2 guests · 2 service accounts');
  });

  it('stays within 100 blocks and every text within 3000 characters, with 500 hubs', () => {
    const view = homeView({ kind: 'keeper', isAdmin: true, cards: Array.from({ length: 500 }, (_, i) => card(i)), claims: [] });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const block of view.blocks as Array<{ text?: { text: string } }>) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    const text = JSON.stringify(view.blocks);
    expect(text).not.toContain('<Brand>'); // escaped
    expect(text).toContain('more hubs');
  });

  it('puts hubs that need someone first', () => {
    const view = homeView({ kind: 'keeper', isAdmin: false, cards: [card(1), card(7)], claims: [] });
    expect(JSON.stringify(view.blocks[3])).toContain(' 7*');
  });
});

describe('digestMessage', () => {
  it('is one line for one result and a short summary for many', () => {
    expect(digestMessage({ groups: [{ hubLabel: 'A', event: 'sync.completed', count: 1 }], sample: ['one line'], total: 1 })).toEqual({
      text: 'one line', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'one line' } }],
    });
    const many = digestMessage({
      groups: [{ hubLabel: 'A <b>', event: 'remove_member.completed', count: 298 }, { hubLabel: 'A <b>', event: 'remove_member.failed', count: 2 }],
      sample: Array.from({ length: 8 }, (_, i) => `line ${i}`), total: 300,
    });
    expect(many.text).toBe('300 task results. A &lt;b&gt;: 298 members removed, 2 removals failed');
    expect(many.blocks).toHaveLength(3);
    expect(JSON.stringify(many.blocks)).toContain('*A &lt;b&gt;*: 298 members removed, 2 removals failed');
    expect(JSON.stringify(many.blocks)).toContain('…and 292 more');
  });
});

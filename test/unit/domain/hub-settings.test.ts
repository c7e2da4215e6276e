import { describe, expect, it } from 'vitest';
import { cardTargets, checkHubSettings, isTimeZone, settingsChanges, type HubSettings } from '../../../src/domain/hub-settings.js';
import { authorize, decidingCapacity, type Actor } from '../../../src/domain/permissions.js';

const good = { safeguardThresholdPct: '20', remindAfterHours: '24', escalateAfterHours: '72', dailySyncAt: '06:00', dailySyncTz: 'UTC', cardsTo: 'channel', adminsMayDecide: false,
  reviewEvery: 'off', reviewScope: 'all', reviewReviewers: 'owners', reviewDays: '14' };

describe('hub settings', () => {
  it('accepts sensible values and parses them', () => {
    expect(checkHubSettings({ ...good, dailySyncTz: 'America/Los_Angeles', adminsMayDecide: true })).toEqual({
      ok: true,
      settings: { safeguardThresholdPct: 20, remindAfterHours: 24, escalateAfterHours: 72, dailySyncAt: '06:00', dailySyncTz: 'America/Los_Angeles', cardsTo: 'channel', adminsMayDecide: true,
        reviewEvery: 'off', reviewScope: 'all', reviewReviewers: 'owners', reviewDays: 14 },
    });
  });

  it('refuses each bad value with its own words', () => {
    const check = checkHubSettings({ safeguardThresholdPct: '101', remindAfterHours: '1.5', escalateAfterHours: '', dailySyncAt: '6:00', dailySyncTz: 'Not/AZone', cardsTo: 'everywhere', adminsMayDecide: false,
      reviewEvery: 'weekly', reviewScope: 'everyone', reviewReviewers: 'owners', reviewDays: '91' });
    expect(check.ok).toBe(false);
    expect(Object.keys(check.ok ? {} : check.errors).sort()).toEqual(['cardsTo', 'dailySyncAt', 'dailySyncTz', 'escalateAfterHours', 'remindAfterHours', 'reviewDays', 'reviewEvery', 'reviewScope', 'safeguardThresholdPct']);
  });

  it('escalates only after the reminder', () => {
    const check = checkHubSettings({ ...good, remindAfterHours: '48', escalateAfterHours: '48' });
    expect(check).toEqual({ ok: false, errors: { escalateAfterHours: 'Escalate later than the reminder (more than 48 hours).' } });
  });

  it('knows time zones, and no path tricks pass as one', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('../etc')).toBe(false);
  });

  it('names only what changed', () => {
    const before = checkHubSettings(good);
    const after = checkHubSettings({ ...good, cardsTo: 'both' });
    expect(settingsChanges((before as { settings: HubSettings }).settings, (after as { settings: HubSettings }).settings)).toEqual({ cardsTo: { from: 'channel', to: 'both' } });
  });

  it('sends cards where the hub says, and to owners who asked', () => {
    expect(cardTargets('channel', 'C1', ['U1', 'U2'], ['U2'])).toEqual(['C1', 'U2']);
    expect(cardTargets('owners', 'C1', ['U1', 'U2'], ['U2'])).toEqual(['U1', 'U2']);
    expect(cardTargets('both', 'C1', ['U1'], [])).toEqual(['C1', 'U1']);
  });
});

describe('deciding report items', () => {
  const hub = { id: 'h1', label: 'Acme' };
  const admin: Actor = { slackUserId: 'UA', isAdmin: true, ownedHubIds: new Set() };
  const owner: Actor = { slackUserId: 'UO', isAdmin: false, ownedHubIds: new Set(['h1']) };
  const stranger: Actor = { slackUserId: 'US', isAdmin: false, ownedHubIds: new Set() };

  it('is for owners, and for admins only when the hub allows it', () => {
    expect(authorize(admin, 'report.decide', hub)).toEqual({ allowed: false, reason: 'Only owners of Acme can do that.' });
    expect(authorize(admin, 'report.decide', { ...hub, adminsMayDecide: true })).toEqual({ allowed: true });
    expect(authorize(stranger, 'report.decide', { ...hub, adminsMayDecide: true }).allowed).toBe(false);
    expect(authorize(owner, 'report.decide', hub)).toEqual({ allowed: true });
    expect(decidingCapacity(owner, hub)).toBe('owner');
    expect(decidingCapacity(admin, hub)).toBe('admin');
  });
});

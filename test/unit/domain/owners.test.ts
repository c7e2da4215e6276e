import { describe, expect, it } from 'vitest';
import { whyNoClaim, whyNotDecider, type SlackAccount } from '../../../src/domain/owners.js';

const person: SlackAccount = { id: 'U1', isRestricted: false, isUltraRestricted: false, isBot: false, deleted: false, email: 'ana@acme.example' };

describe('who may ask to become an owner', () => {
  it('a person matched to a Meta admin who does not own the hub yet', () => {
    expect(whyNoClaim({ account: person, isOwner: false, matchedAdmin: true })).toBeUndefined();
  });

  it('never a Slack guest, single- or multi-channel, even when matched to an admin', () => {
    for (const guest of [{ ...person, isRestricted: true }, { ...person, isUltraRestricted: true }]) {
      expect(whyNoClaim({ account: guest, isOwner: false, matchedAdmin: true })).toBe("Slack guests can't own a hub. You are a guest in this Slack workspace.");
    }
  });

  it('not an owner again, nor someone matched to no admin, nor a deactivated account', () => {
    expect(whyNoClaim({ account: person, isOwner: true, matchedAdmin: true })).toBe('You already own this hub.');
    expect(whyNoClaim({ account: person, isOwner: false, matchedAdmin: false })).toMatch(/^Only people whose directory account is matched to an Admin/);
    expect(whyNoClaim({ account: { ...person, deleted: true }, isOwner: false, matchedAdmin: true })).toBe('You are not an active member of this Slack workspace.');
    expect(whyNoClaim({ account: undefined, isOwner: false, matchedAdmin: true })).toBe('You are not an active member of this Slack workspace.');
  });
});

describe('who may decide a claim', () => {
  it('owners and admins, but never the one who asked', () => {
    expect(whyNotDecider('U2', 'U1', true)).toBeUndefined();
    expect(whyNotDecider('U1', 'U1', true)).toMatch(/^You cannot decide your own request/);
    expect(whyNotDecider('U3', 'U1', false)).toMatch(/^Only owners of the hub and Hubkeeper admins/);
  });
});

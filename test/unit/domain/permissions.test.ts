import { describe, expect, it } from 'vitest';
import { authorize, authorizeMemberAction, type Actor } from '../../../src/domain/permissions.js';
import { actionsFor } from '../../../src/domain/member-actions.js';

const hub = { id: 'h1', label: 'Acme Ads' };
const actor = (overrides: Partial<Actor> = {}): Actor => ({ slackUserId: 'U1', isAdmin: false, ownedHubIds: new Set(), ...overrides });

describe('authorize', () => {
  it('lets only admins connect a hub, and says who can', () => {
    expect(authorize(actor({ isAdmin: true }), 'hub.connect')).toEqual({ allowed: true });
    const refused = authorize(actor({ ownedHubIds: new Set(['h1']) }), 'hub.connect');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.reason).toMatch(/admins/);
  });

  it('lets admins and owners of that hub sync it, nobody else', () => {
    expect(authorize(actor({ isAdmin: true }), 'hub.sync', hub).allowed).toBe(true);
    expect(authorize(actor({ ownedHubIds: new Set(['h1']) }), 'hub.sync', hub).allowed).toBe(true);
    expect(authorize(actor({ ownedHubIds: new Set(['other']) }), 'hub.sync', hub)).toEqual({
      allowed: false,
      reason: 'Only owners of Acme Ads and Hubkeeper admins can do that.',
    });
  });

  it('keeps report decisions to owners, even for admins', () => {
    expect(authorize(actor({ isAdmin: true }), 'report.decide', hub)).toEqual({ allowed: false, reason: 'Only owners of Acme Ads can do that.' });
    expect(authorize(actor({ ownedHubIds: new Set(['h1']) }), 'report.decide', hub).allowed).toBe(true);
  });

  it('lets owners and admins switch the login method, invite and change roles; nobody else', () => {
    for (const action of ['hub.change_login', 'member.invite', 'member.change_role'] as const) {
      expect(authorize(actor({ isAdmin: true }), action, hub).allowed).toBe(true);
      expect(authorize(actor({ ownedHubIds: new Set(['h1']) }), action, hub).allowed).toBe(true);
      expect(authorize(actor(), action, hub).allowed).toBe(false);
    }
  });

  it('keeps mapping identity-provider groups to Hubkeeper admins, even over owners', () => {
    expect(authorize(actor({ isAdmin: true }), 'hub.map_groups', hub)).toEqual({ allowed: true });
    expect(authorize(actor({ ownedHubIds: new Set(['h1']) }), 'hub.map_groups', hub)).toEqual({
      allowed: false,
      reason: 'Only Hubkeeper admins (Slack workspace admins and owners) can map identity-provider groups to Acme Ads.',
    });
  });

  it('refuses hub actions without a hub', () => {
    expect(authorize(actor({ isAdmin: true }), 'hub.sync').allowed).toBe(false);
  });
});

describe("a partner's people", () => {
  it('can be looked at (Access), never matched, exempted or removed, and say why', () => {
    const person = { kind: 'partner_user' as const, state: 'unmatched' as const };
    expect(actionsFor(person)).toEqual(['access']);
    expect(authorizeMemberAction(actor({ isAdmin: true }), 'access', hub, person)).toEqual({ allowed: true });
    for (const action of ['match', 'exempt', 'remove'] as const) {
      expect(authorizeMemberAction(actor({ isAdmin: true }), action, hub, person)).toEqual({
        allowed: false, reason: "A partner's people are managed by their partner: Hubkeeper lists them under it, and never matches, exempts or removes them.",
      });
    }
  });
});

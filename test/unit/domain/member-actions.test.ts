import { describe, expect, it } from 'vitest';
import { actionsFor, describeHoldings, statesAllowing } from '../../../src/domain/member-actions.js';
import { clampPage, decodePosition, decodeRowAction, encodeRowAction, parseMembersArgs } from '../../../src/domain/member-list.js';
import { authorizeMemberAction, type Actor } from '../../../src/domain/permissions.js';

const hub = { id: 'h1', label: 'Acme Ads' };
const HUB_ID = '0b7f4c1e-1a2b-4c3d-8e9f-0123456789ab';
const MEMBER_ID = '9a8b7c6d-1a2b-4c3d-8e9f-0123456789ab';
const actor = (overrides: Partial<Actor> = {}): Actor => ({ slackUserId: 'U1', isAdmin: false, ownedHubIds: new Set(), ...overrides });

describe('member actions', () => {
  it('offers the actions that fit each state, and none to service accounts', () => {
    expect(actionsFor({ kind: 'business_user', state: 'unmatched' })).toEqual(['match', 'exempt', 'change_role', 'remove', 'access']);
    expect(actionsFor({ kind: 'invitation', state: 'onboarded' })).toEqual(['match', 'unmatch', 'change_role', 'remove']);
    expect(actionsFor({ kind: 'business_user', state: 'exempted' })).toEqual(['match', 'end_exemption', 'change_role', 'remove', 'access']);
    expect(actionsFor({ kind: 'business_user', state: 'removal_pending' })).toEqual([]);
    // Service accounts are never matched or removed as people; their access to assets can be seen and changed.
    expect(actionsFor({ kind: 'system_user', state: 'unmatched' })).toEqual(['access']);
    expect(actionsFor({ kind: 'partner', state: 'unmatched' })).toEqual(['access']);
    expect(statesAllowing('remove').sort()).toEqual(['exempted', 'guest', 'onboarded', 'unmatched']);
    expect(statesAllowing('change_role').sort()).toEqual(['exempted', 'guest', 'onboarded', 'unmatched']);
  });

  it('describes what a member holds', () => {
    expect(describeHoldings('ADMIN', [{ kind: 'page', count: 2 }, { kind: 'ad_account', count: 3 }])).toBe('ADMIN · 3 ad accounts, 2 pages');
    expect(describeHoldings('EMPLOYEE', [{ kind: 'pixel', count: 1 }])).toBe('EMPLOYEE · 1 pixel');
    expect(describeHoldings(null, [])).toBe('no role · no assets');
  });
});

describe('authorizeMemberAction', () => {
  const unmatched = { kind: 'business_user' as const, state: 'unmatched' as const };

  it('lets admins and owners of the hub act, nobody else', () => {
    expect(authorizeMemberAction(actor({ isAdmin: true }), 'remove', hub, unmatched)).toEqual({ allowed: true });
    expect(authorizeMemberAction(actor({ ownedHubIds: new Set(['h1']) }), 'exempt', hub, unmatched)).toEqual({ allowed: true });
    expect(authorizeMemberAction(actor({ ownedHubIds: new Set(['h2']) }), 'match', hub, unmatched)).toEqual({
      allowed: false, reason: 'Only owners of Acme Ads and Hubkeeper admins can do that.',
    });
  });

  it('refuses actions that do not fit, and anything on a service account', () => {
    const admin = actor({ isAdmin: true });
    expect(authorizeMemberAction(admin, 'unmatch', hub, unmatched)).toMatchObject({ allowed: false, reason: expect.stringMatching(/unmatched/) });
    expect(authorizeMemberAction(admin, 'remove', hub, { kind: 'business_user', state: 'removal_pending' })).toMatchObject({ allowed: false });
    expect(authorizeMemberAction(admin, 'remove', hub, { kind: 'system_user', state: 'unmatched' })).toMatchObject({
      allowed: false, reason: expect.stringMatching(/service accounts/),
    });
    expect(authorizeMemberAction(admin, 'access', hub, { kind: 'partner', state: 'unmatched' })).toEqual({ allowed: true });
  });
});

describe('member list arguments and buttons', () => {
  it('reads an optional hub name and an optional filter', () => {
    expect(parseMembersArgs([])).toEqual({ hubName: undefined, filter: 'unmatched' });
    expect(parseMembersArgs(['Acme', 'Ads'])).toEqual({ hubName: 'Acme Ads', filter: 'unmatched' });
    expect(parseMembersArgs(['Acme', 'Ads', 'Guests'])).toEqual({ hubName: 'Acme Ads', filter: 'guests' });
    expect(parseMembersArgs(['all'])).toEqual({ hubName: undefined, filter: 'all' });
    expect(parseMembersArgs(['exempt'])).toEqual({ hubName: undefined, filter: 'exempted' });
  });

  it('round-trips button values and rejects tampered ones', () => {
    const row = { memberId: MEMBER_ID, revision: 7, position: { hubId: HUB_ID, filter: 'all' as const, page: 3 } };
    expect(decodeRowAction(encodeRowAction(row))).toEqual(row);
    expect(decodeRowAction(`${MEMBER_ID}|x|${HUB_ID}|all|3`)).toBeUndefined();
    expect(decodeRowAction(`${MEMBER_ID}|1|${HUB_ID}|everyone|3`)).toBeUndefined();
    expect(decodePosition(`not-a-uuid|all|0`)).toBeUndefined();
  });

  it('keeps a page inside the list when it shrank', () => {
    expect(clampPage(5, 31)).toBe(2);
    expect(clampPage(1, 0)).toBe(0);
    expect(clampPage(-1, 100)).toBe(0);
  });
});

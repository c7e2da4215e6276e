import { describe, expect, it } from 'vitest';
import { canRevoke, checkGrant, describeTasks, holdsAssets, isHubkeeperItself, whyNotChangeOwnAccess } from '../../../src/domain/asset-access.js';

describe('access to one asset', () => {
  it('takes the task sets Meta documents, in its order', () => {
    expect(checkGrant('ad_account', ['ANALYZE', 'ADVERTISE'])).toEqual({ ok: true, tasks: ['ADVERTISE', 'ANALYZE'] });
    expect(checkGrant('page', ['ANALYZE'])).toEqual({ ok: true, tasks: ['ANALYZE'] });
    expect(checkGrant('page', ['ANALYZE', 'CONTENT', 'MESSAGES'])).toEqual({ ok: true, tasks: ['CONTENT', 'MESSAGES', 'ANALYZE'] });
    expect(checkGrant('page', ['FULL_CONTROL'])).toEqual({ ok: true, tasks: ['FULL_CONTROL'] });
    expect(checkGrant('pixel', ['EDIT', 'ANALYZE'])).toEqual({ ok: true, tasks: ['EDIT', 'ANALYZE'] });
  });

  it('refuses a task the kind does not have, a set Meta does not take, and nothing at all', () => {
    // Meta refuses the older Page task names (reference §6.4): they are not offered, and not sent.
    expect(checkGrant('page', ['MANAGE', 'CREATE_CONTENT'])).toMatchObject({ ok: false, message: expect.stringMatching(/^A Page has no Manage or Create content task\. It takes: Full control, Content, Messages, Community activity, Advertise and Analyze\./) });
    expect(checkGrant('page', ['FULL_CONTROL', 'ANALYZE'])).toMatchObject({ ok: false, message: expect.stringMatching(/^Full control already includes every other task on a Page/) });
    expect(checkGrant('page', ['DRAFT'])).toMatchObject({ ok: false, message: expect.stringMatching(/^A Page has no Draft task\. It takes: /) });
    expect(checkGrant('ad_account', ['MANAGE'])).toMatchObject({ ok: false, message: expect.stringMatching(/^Meta accepts these sets of tasks on an ad account: Admin \(Manage, Advertise and Analyze\); Advertiser \(Advertise and Analyze\)/) });
    expect(checkGrant('ad_account', ['EDIT'])).toMatchObject({ ok: false, message: expect.stringMatching(/^An ad account has no Edit task\./) });
    expect(checkGrant('catalog', [])).toEqual({ ok: false, message: 'Choose at least one task.' });
  });

  it('knows what Meta cannot take away through its API, and who holds assets', () => {
    expect(canRevoke('pixel')).toBe(false);
    expect(canRevoke('ad_account')).toBe(true);
    expect(holdsAssets({ kind: 'invitation', state: 'unmatched', goneAt: null })).toBe(false);
    expect(holdsAssets({ kind: 'partner', state: 'unmatched', goneAt: null })).toBe(true);
    expect(holdsAssets({ kind: 'business_user', state: 'removed', goneAt: null })).toBe(false);
  });

  it('says tasks the way people read them', () => {
    expect(describeTasks(['MANAGE', 'CREATE_CONTENT', 'ANALYZE'])).toBe('Manage, Create content and Analyze');
    expect(describeTasks([])).toBe('no tasks');
  });
});

describe("Hubkeeper's own system user", () => {
  const PAGE_ADMIN = ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'];

  it('is the member whose Graph id the token speaks for, once Meta said it', () => {
    expect(isHubkeeperItself('100200', '100200')).toBe(true);
    expect(isHubkeeperItself('100200', '100201')).toBe(false);
    expect(isHubkeeperItself('100200', null)).toBe(false);
    expect(isHubkeeperItself('', '')).toBe(false);
  });

  it('never loses an asset or a task of it, and may be given more', () => {
    expect(whyNotChangeOwnAccess('page', PAGE_ADMIN)).toMatch(/^This is the system user Hubkeeper's access token belongs to\. Hubkeeper reads and changes who holds a Page through it/);
    expect(whyNotChangeOwnAccess('ad_account', ['ANALYZE'])).toMatch(/Without it, Hubkeeper could no longer read or change who holds this ad account\./);
    expect(whyNotChangeOwnAccess('page', PAGE_ADMIN, ['ADVERTISE', 'ANALYZE'])).toMatch(/never takes its own access away or reduces it/);
    expect(whyNotChangeOwnAccess('ad_account', ['ADVERTISE', 'ANALYZE'], ['MANAGE', 'ADVERTISE', 'ANALYZE'])).toBeUndefined();
    expect(whyNotChangeOwnAccess('page', [], ['ANALYZE'])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { memberTitle } from '../../../src/slack/blocks/member-text.js';
import type { ListedMember, MemberPage } from '../../../src/services/members/members.js';
import { membersListMessage } from '../../../src/slack/blocks/members-list.js';

const hub = { id: '0b7f4c1e-1a2b-4c3d-8e9f-0123456789ab', label: 'Acme <Ads>' };
const long = 'X'.repeat(400);
const member = (i: number, overrides: Partial<ListedMember> = {}): ListedMember => ({
  id: `9a8b7c6d-1a2b-4c3d-8e9f-${String(i).padStart(12, '0')}`, hubId: hub.id, kind: 'business_user', metaId: String(i),
  name: `${long} <@U123> ${i}`, email: `${long}@example.com`, pendingEmail: null, metaRole: 'ADMIN', accountType: null, state: 'exempted',
  directoryUserId: null, matchedBy: null, hubRole: null, exemptionReason: `${'r'.repeat(500)} <!channel>`, exemptedBy: 'U1',
  exemptedAt: new Date(), exemptionExpiresAt: new Date(), firstSeenAt: new Date(), lastSeenAt: new Date(), goneAt: null,
  revision: 3, manual: true, decidedBy: 'U1', decidedAt: new Date(), matchNote: null, workspaceAccountId: null, removalTaskId: null, partnerMetaId: null,
  holdings: [{ kind: 'ad_account', count: 3 }], person: null, ...overrides,
});

describe('membersListMessage', () => {
  it('stays within Block Kit limits on a full page of long, hostile values', () => {
    const page: MemberPage = { filter: 'exempted', page: 1, pages: 5, total: 70, serviceAccounts: 2, members: Array.from({ length: 15 }, (_, i) => member(i)) };
    const message = membersListMessage(hub, page, 'U1');
    expect(message.text).toBeTruthy();
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    type Element = { type: string; value?: string; text?: string | { text: string } };
    for (const block of message.blocks as Array<{ type: string; text?: { text: string }; elements?: Element[] }>) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const element of block.elements ?? []) {
        if (typeof element.text === 'string') expect(element.text.length).toBeLessThanOrEqual(3000); // context text
        if (element.type !== 'button') continue;
        expect((element.value ?? '').length).toBeLessThanOrEqual(2000);
        expect((element.text as { text: string }).text.length).toBeLessThanOrEqual(75);
      }
    }
    const ids = (message.blocks as Array<{ block_id?: string }>).flatMap((block) => (block.block_id ? [block.block_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says so when there is nobody to review', () => {
    const message = membersListMessage(hub, { filter: 'unmatched', page: 0, pages: 1, total: 0, serviceAccounts: 0, members: [] }, 'U1');
    expect(message.text).toContain('0 in all');
    expect(JSON.stringify(message.blocks)).toContain('Every member is accounted for');
  });
});

describe('what Meta says an account is', () => {
  it('shows a work account invitation and a personal one as such, and says nothing when Meta does not say', () => {
    const invitation = (accountType: ListedMember['accountType']) => member(1, { kind: 'invitation', name: null, email: 'ana@acme.example', accountType });
    expect(memberTitle(invitation('work'))).toBe('*Pending invitation for a work account* · ana@acme.example');
    expect(memberTitle(invitation('personal'))).toBe('*Pending invitation for a personal account* · ana@acme.example');
    expect(memberTitle(invitation(null))).toBe('*Pending invitation* · ana@acme.example');
    expect(memberTitle(member(2, { name: 'Bo', email: 'bo@acme.example', kind: 'invitation', accountType: 'work' }))).toBe('*Bo* (pending invitation for a work account) · bo@acme.example');
    expect(memberTitle(member(3, { name: 'Cy', email: 'cy@acme.example', kind: 'business_user', accountType: null }))).toBe('*Cy* · cy@acme.example');
    expect(memberTitle(member(4, { name: 'Ads bot', email: null, kind: 'system_user', accountType: null }))).toBe('*Ads bot* (system user)');
    expect(memberTitle(member(5, { name: 'Agency', email: null, kind: 'partner', accountType: null }))).toBe('*Agency* (partner)');
  });
});

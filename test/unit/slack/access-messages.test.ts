import { describe, expect, it } from 'vitest';
import { matchingSummary, type SyncSummary } from '../../../src/domain/sync-summary.js';
import { groupsListMessage } from '../../../src/slack/blocks/groups.js';
import { inviteResultLine, inviteTaskMessage, type InviteView } from '../../../src/slack/blocks/invite-message.js';
import { syncTaskMessage } from '../../../src/slack/blocks/task-message.js';
import { inviteFigures } from '../../../src/domain/task-outcomes.js';

const hub = { id: 'h1', label: 'Acme <Ads>' };
const at = new Date('2026-11-20T10:00:00Z');
const task = (over: Record<string, unknown>) => ({
  id: 't1', kind: 'invite_member', status: 'running' as const, requestedBy: 'directory', progress: null, summary: null, error: null,
  createdAt: at, startedAt: at, finishedAt: null, input: { role: 'EMPLOYEE', invitedUserType: 'MWA', source: 'group', groupName: 'Sales <!channel>' }, ...over,
});
const item = (email: string, status: InviteView['status'], note: string | null = null, error: string | null = null): InviteView => ({ email, status, note, error });
const items = [item('a@x.example', 'invited'), item('b@x.example', 'waiting'), item('c@x.example', 'waiting'), item('d@x.example', 'duplicate', 'member')];
const words = (message: { blocks: unknown[] }) => JSON.stringify(message.blocks);

describe('the invitation task message', () => {
  it("shows Meta's daily cap in plain words, when it lifts, and who waits; escapes names", () => {
    const message = inviteTaskMessage(hub, task({ progress: { phase: 'waiting_for_invite_cap', counts: {}, waitingUntil: '2026-11-21T10:00:00.000Z' } }), items);
    expect(words(message)).toContain("Meta's daily limit on invitations for *Acme &lt;Ads&gt;* is reached. 1 invitation sent; the other 2 wait until <!date^1795255200^");
    expect(words(message)).toContain('• Waiting: b@x.example, c@x.example');
    expect(words(message)).toContain('• Not invited again: d@x.example (already a member)');
    expect(words(message)).toContain('joined the identity-provider group *Sales &lt;!channel&gt;*');
    expect(words(message)).not.toContain('<!channel>');
    expect(message.text).toBe("Meta's daily invitation limit for Acme &lt;Ads&gt; is reached: 1 sent, 2 waiting until 2026-11-21T10:00:00.000Z.");
  });

  it('sums up a finished task, failures included', () => {
    const done = [item('a@x.example', 'invited'), item('b@x.example', 'failed', null, 'Meta rejected the request as invalid.'), item('d@x.example', 'duplicate', 'invited')];
    const message = inviteTaskMessage(hub, task({ status: 'completed' }), done);
    expect(message.text).toBe('Invited 1 person to Acme <Ads> as Employee (work accounts).');
    expect(words(message)).toContain('• Failed: b@x.example — Meta rejected the request as invalid.');
    const summary = inviteFigures(done);
    expect(inviteResultLine(hub, task({ status: 'completed', summary }))).toBe(':white_check_mark: Invited 1 of 3 to Acme &lt;Ads&gt; as Employee (work accounts); 1 was already invited, 1 failed.');
  });
});

describe('the first check after a login switch', () => {
  it('says how many match their work account and lists the rest as what Meta says they are, never as personal profiles', () => {
    const counts = { onboarded: 8, guest: 1, unmatched: 1, exempted: 0, removalPending: 0, removed: 0, ambiguous: 0, directoryInactive: 0, manual: 0, serviceAccounts: 1, ssoNotInDirectory: 2 };
    const summary: SyncSummary = {
      ...matchingSummary(counts), membersByKind: {}, assetsByKind: {}, newMembers: [], goneMembers: [], newMemberCount: 0, goneMemberCount: 0,
      durationMs: 900, requests: 4, warnings: [], loginSwitch: { to: 'sso', by: 'UADA' },
      notOnWorkAccount: {
        count: 3,
        sample: [
          { name: 'Ana <b>', email: 'ana@acme.example', kind: 'business_user', accountType: null },
          { name: null, email: 'ben@acme.example', kind: 'invitation', accountType: 'work' },
          { name: null, email: 'cy@yahoo.com', kind: 'invitation', accountType: 'personal' },
        ],
      },
    };
    const message = syncTaskMessage(hub, { ...task({ kind: 'sync', status: 'completed', summary }) });
    expect(words(message)).toContain('First check since <@UADA> switched to single sign-on: *8 of 10 members* match their work account.');
    expect(words(message)).toContain('3 members match no work account in the directory and need attention (with single sign-on everyone should log in with their work account): Ana &lt;b&gt; (ana@acme.example), ben@acme.example (pending invitation for a work account), cy@yahoo.com (pending invitation for a personal account)');
    expect(words(message)).not.toContain('personal profile');
  });
});

describe('the group list', () => {
  it('stays within Block Kit limits with many mappings, and escapes group names', () => {
    const mappings = Array.from({ length: 60 }, (_, i) => ({
      id: `m${i}`, groupId: `g${i}`, groupName: `<Team> ${i}`, groupDeleted: i === 0, metaRole: 'EMPLOYEE', createdBy: 'UADA', createdAt: at, people: i,
    }));
    const message = groupsListMessage(hub, mappings);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(words(message)).toContain('*&lt;Team&gt; 0* (deleted in your identity provider) → Employee · 0 people');
    const mrkdwn = (message.blocks as Array<{ text?: { type: string; text: string } }>).filter((b) => b.text?.type === 'mrkdwn').map((b) => b.text!.text);
    expect(mrkdwn.join('\n')).not.toContain('<Team>');
    expect(words(message)).toContain('…and 20 more.');
  });
});

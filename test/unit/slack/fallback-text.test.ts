// Issue 13: what came from Meta, the directory or a person is escaped in fallback `text` as in blocks;
// truncation never cuts inside an entity, a mention or a link; lists in a message are bounded.
import { describe, expect, it } from 'vitest';
import { bounded, escapeMrkdwn, fit } from '../../../src/slack/blocks/text.js';
import { hubStatusBlocks } from '../../../src/slack/blocks/hub-status.js';
import { slackViews } from '../../../src/slack/blocks/views.js';
import { reminderMessage } from '../../../src/slack/blocks/report-notices.js';

const hub = {
  id: '00000000-0000-4000-8000-000000000001', label: 'Acme <!channel> & <https://evil.example|Bank>', businessId: '1', appId: '2',
  accessTokenSealed: 'x', loginMethod: 'sso', channelId: 'C0HUB', status: 'active', safeguardThresholdPct: 20, dailySyncAt: '06:00',
  lastSyncedAt: null, lastSyncTaskId: null, loginMethodChangedBy: null, loginMethodChangedAt: null, invitesPausedUntil: null,
  channelBrokenAt: null, channelBrokenError: null, announceEvents: null, connectedBy: 'U1', createdAt: new Date(), updatedAt: new Date(),
} as const;
const task = {
  id: 't', hubId: hub.id, kind: 'sync', status: 'failed', error: 'Meta said <@U999> & <!here>', createdAt: new Date(), startedAt: new Date(), finishedAt: new Date(),
  requestedBy: 'U1', slackChannelId: null, slackTs: null, progress: null, result: null, resultAnnouncedAt: null, data: null, attempts: 1,
} as never;

const raw = /<!channel>|<!here>|<@U999>|<https:\/\/evil/;

describe('fallback text', () => {
  it('escapes labels and errors from Meta and people, as the blocks do', () => {
    const status = hubStatusBlocks({ hub: hub as never, counts: { membersByState: { unmatched: 0 }, membersByKind: {} } as never, owners: ['U1'] });
    expect(status.text).not.toMatch(raw);
    expect(status.text).toContain(escapeMrkdwn(hub.label));
    const message = slackViews.taskMessage(hub as never, task, []);
    expect(message.text).not.toMatch(raw);
    expect(message.text).toContain('&lt;@U999&gt;');
    expect(slackViews.channelBroken(hub, 'is_archived').text).not.toMatch(raw);
  });

  it('never cuts inside an entity, a mention or a link', () => {
    const entity = `${'a'.repeat(95)}&amp;bbbb`;
    expect(fit(entity, 100)).toBe(`${'a'.repeat(95)}…`);
    const mention = `${'a'.repeat(90)}<@U0123456789> after`;
    expect(fit(mention, 100)).toBe(`${'a'.repeat(90)}…`);
    const link = `${'a'.repeat(80)}<https://example.com/a/long/path|the link text> after`;
    expect(fit(link, 100)).toBe(`${'a'.repeat(80)}…`);
    const whole = `${'a'.repeat(50)}<@U1> ${'b'.repeat(60)}`;
    expect(fit(whole, 100)).toMatch(/<@U1> b+…$/);
    expect(fit(`${'a'.repeat(98)}😀b`, 100)).toBe(`${'a'.repeat(98)}…`);
  });

  it('bounds lists: owners in /hub status, hubs in a reminder', () => {
    const owners = Array.from({ length: 300 }, (_, i) => `U${String(i).padStart(6, '0')}`);
    const status = hubStatusBlocks({ hub: hub as never, counts: { membersByState: { unmatched: 0 }, membersByKind: {} } as never, owners });
    const shown = JSON.stringify(status.blocks);
    expect(shown.match(/<@U/g)).toHaveLength(20);
    expect(shown).toContain('and 280 more');
    const reports = Array.from({ length: 60 }, (_, i) => ({ hubLabel: `Hub ${i}`, pending: 1, oldestPendingAt: new Date(0), channelId: 'C1' }));
    const reminder = JSON.stringify(reminderMessage(reports as never, new Date()).blocks);
    expect(reminder).toContain('…and 40 more');
    expect(bounded(['a', 'b'], 5)).toEqual(['a', 'b']);
  });
});

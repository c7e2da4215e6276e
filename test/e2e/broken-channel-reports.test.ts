// A report made while the hub's channel refuses posts: its card goes to the owners by direct message, and
// the hub is marked once (issue 13, "channels that break").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, startHarness, type Harness } from '../support/harness.js';
import { connectAndSync, seedDirectory } from '../support/members.js';
import { cardIn, deactivateInDirectory } from '../support/reports.js';
import { hubRow } from '../support/access.js';

const business = generateBusiness({
  id: '1111111111', members: 10, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, pages: 1, adminShare: 0, personalEmailShare: 0, seed: 21,
});

let h: Harness;
let directory: Map<string, string>;
beforeAll(async () => {
  h = await startHarness({ meta: { business }, start: { notify: { paceMs: 200 } } });
  directory = await seedDirectory(h, business.users.map((user) => ({ userName: user.email, displayName: user.name })));
  await connectAndSync(h);
}, 30_000);
afterAll(() => h?.close());

describe('a report while the hub channel is broken', () => {
  it('puts the report card in the owners\' DMs and marks the hub once', async () => {
    h.slack.updateChannel(HUB_CHANNEL, { botMember: false, isPrivate: true });
    await deactivateInDirectory(h, [directory.get(business.users[1]!.email)!]);
    await h.client.command({ userId: ADMIN, text: 'sync' }); // its own message cannot reach the channel now
    const card = await h.slack.waitFor(() => cardIn(h, ADMIN), 20_000);
    expect(blockText(card.blocks)).toContain(business.users[1]!.email);
    expect(cardIn(h, HUB_CHANNEL)).toBeUndefined();
    const hub = await hubRow(h);
    expect(hub.channelBrokenError).toBe('channel_not_found');
    const told = h.slack.messagesIn(ADMIN).filter((m) => /not in <#C0HUBCHAN>.*\/invite @Hubkeeper/.test(String(m.text)));
    expect(told).toHaveLength(1);
  }, 40_000);
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceAccounts } from '../../../db/schema.js';
import { refreshWorkspaceAccounts, refreshWorkspaceAccountsIfStale } from '../../../src/services/sync/workspace-accounts.js';
import { startHarness, type Harness } from '../../support/harness.js';
import { database } from '../../support/members.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ role: 'web' });
  for (let i = 0; i < 450; i++) h.slack.addUser({ id: `UPEOPLE${String(i).padStart(4, '0')}`, email: ` Person.${i}@Acme.Example ` });
  h.slack.addUser({ id: 'UGONE0001', email: 'gone@acme.example', deleted: true });
  h.slack.addUser({ id: 'UGUESTXYZ', email: 'guest@partner.example', isUltraRestricted: true });
});
afterAll(async () => h.close());

async function accounts() {
  const { db, close } = database(h);
  try {
    return await db.select().from(workspaceAccounts);
  } finally {
    await close();
  }
}

describe('the Slack workspace account cache', () => {
  it('pages through users.list and stores every account with a normalised email', async () => {
    const { accounts: count } = await refreshWorkspaceAccounts(h.app.ctx);
    const calls = h.slack.callsTo('users.list');
    expect(calls.length).toBe(3);
    expect(calls.every((call) => Number(call.args.limit) === 200)).toBe(true);
    expect(calls[1]!.args.cursor).toBeTruthy();
    const rows = await accounts();
    expect(rows.length).toBe(count);
    expect(rows.find((row) => row.slackUserId === 'UPEOPLE0007')).toMatchObject({ email: 'person.7@acme.example', isGuest: false, deleted: false });
    expect(rows.find((row) => row.slackUserId === 'UGUESTXYZ')).toMatchObject({ isGuest: true });
    expect(rows.find((row) => row.slackUserId === 'UGONE0001')).toMatchObject({ deleted: true });
  });

  it('marks accounts Slack no longer lists as deleted, and does not page again while the cache is fresh', async () => {
    h.slack.reset({ directory: true });
    h.slack.addUser({ id: 'UPEOPLE0001', email: 'person.1@acme.example' });
    await refreshWorkspaceAccounts(h.app.ctx);
    const { db, close } = database(h);
    const [kept] = await db.select().from(workspaceAccounts).where(eq(workspaceAccounts.slackUserId, 'UPEOPLE0001'));
    const [dropped] = await db.select().from(workspaceAccounts).where(eq(workspaceAccounts.slackUserId, 'UPEOPLE0002'));
    await close();
    expect(kept!.deleted).toBe(false);
    expect(dropped!.deleted).toBe(true);
    const before = h.slack.callsTo('users.list').length;
    await refreshWorkspaceAccountsIfStale(h.app.ctx);
    expect(h.slack.callsTo('users.list').length).toBe(before);
  });
});

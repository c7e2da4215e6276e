import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubs } from '../../db/schema.js';
import { recordAudit } from '../../src/services/audit/record.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, responseAfter, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';

const business = generateBusiness({ id: '1111111111', members: 5, invitations: 2, systemUsers: 1, partners: 1, adAccounts: 2, pages: 1, seed: 11 });

let h: Harness;
let hubId: string;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  await connectAndSync(h);
  hubId = (await h.app.ctx.db.select().from(hubs))[0]!.id;
});
afterAll(async () => {
  await h.close();
});

/** RFC 4180 parsing, enough to read back what Hubkeeper uploaded. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

async function command(userId: string, text: string) {
  const before = h.slack.responses.length;
  await h.client.command({ userId, text });
  return { text: await responseAfter(h.slack, before), blocks: h.slack.responses[before]!.body.blocks };
}

describe('the audit log', () => {
  it('posts the last events and uploads the CSV of the period to the DM, with what people typed kept safe', async () => {
    await recordAudit(h.app.ctx.db, {
      actor: ADMIN, action: 'member.exempted', hubId, reason: '=HYPERLINK("http://x"), "agency, contractor"', outcome: 'exempted',
    });
    const answer = await command(ADMIN, 'audit Acme Ads 7d');
    expect(answer.text).toMatch(/^\d+ audit events for Acme Ads in the last 7 days\. The CSV of the whole period is in your DM/);
    const shown = blockText(answer.blocks);
    expect(shown).toContain('`member.exempted`');
    expect(shown).toContain('“=HYPERLINK("http://x"), "agency, contractor"”');
    expect(shown).toContain('`hub.connected`');

    const upload = await h.slack.waitFor(() => h.slack.uploads.find((u) => u.completed && u.filename.startsWith('hubkeeper-audit-acme-ads')), 10_000);
    expect(upload.channel).toBe(h.slack.dmChannelId(ADMIN));
    expect(upload.initialComment).toMatch(/Audit log of Acme Ads for the last 7 days/);
    const rows = parseCsv(upload.content!);
    expect(rows[0]).toEqual(['at', 'actor', 'action', 'hub', 'hub_id', 'member', 'member_email', 'member_id', 'task_id', 'reason', 'outcome', 'detail']);
    const actions = rows.slice(1).map((row) => row[2]);
    expect(actions).toEqual(expect.arrayContaining(['hub.connected', 'hub.synced', 'member.exempted']));
    const exempted = rows.find((row) => row[2] === 'member.exempted')!;
    expect(exempted[9]).toBe(`'=HYPERLINK("http://x"), "agency, contractor"`); // a formula is defused, commas and quotes survive
    expect(rows.slice(1).every((row) => row[3] === 'Acme Ads' && row.length === 12)).toBe(true);
    expect(h.slack.callsTo('files.getUploadURLExternal').at(-1)!.args.length).toBe(String(Buffer.byteLength(upload.content!)));
  });

  it('records the export itself, refuses strangers, and explains a bad period', async () => {
    const again = await command(ADMIN, 'audit 24h');
    expect(again.text).toMatch(/audit events for Acme Ads in the last 24 hours/);
    const latest = parseCsv(h.slack.uploads.at(-1)!.content!);
    expect(latest.some((row) => row[2] === 'audit.exported' && row[1] === ADMIN)).toBe(true);
    expect((await command(STRANGER, 'audit Acme Ads')).text).toMatch(/Only owners of Acme Ads and Hubkeeper admins/);
    expect((await command(ADMIN, 'audit Acme Ads 2026-02-30')).text).toMatch(/is not a date\. Use YYYY-MM-DD/);
  });
});

describe('member export', () => {
  it('uploads every member Meta shows as a CSV, and a filtered one on request', async () => {
    const all = await command(ADMIN, 'members Acme Ads export');
    expect(all.text).toMatch(/The CSV of 9 members of \*Acme Ads\* is in your DM/);
    const upload = h.slack.uploads.at(-1)!;
    expect(upload.filename).toMatch(/^hubkeeper-members-acme-ads-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(upload.content!);
    expect(rows[0]!.slice(0, 7)).toEqual(['name', 'email', 'pending_email', 'kind', 'meta_id', 'meta_role', 'state']);
    expect(rows).toHaveLength(10);
    const emails = rows.slice(1).map((row) => row[1] || row[2]);
    for (const user of business.users) expect(emails).toContain(user.email);
    expect(rows.slice(1).filter((row) => row[3] === 'invitation')).toHaveLength(2);

    const unmatched = await command(ADMIN, 'members unmatched export');
    expect(unmatched.text).toMatch(/The CSV of 7 unmatched members of \*Acme Ads\*/);
    expect(parseCsv(h.slack.uploads.at(-1)!.content!)).toHaveLength(8);
    expect((await command(STRANGER, 'members Acme Ads export')).text).toMatch(/Only owners of Acme Ads and Hubkeeper admins/);
  });
});

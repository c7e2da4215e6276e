import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, HUB_CHANNEL, startHarness, submitConnect, type Harness } from '../support/harness.js';

const business = generateBusiness({ id: '1111111111', members: 300, invitations: 20, adAccounts: 10, pages: 5, seed: 3 });
const expectedMembers = business.users.length + business.invitations.length + business.systemUsers.length + business.partners.length;

let h: Harness;
let child: ChildProcess | undefined;

beforeAll(async () => {
  // Web only here: the first worker is a separate OS process we can kill.
  h = await startHarness({ role: 'web', meta: { business, maxLimit: 5, latencyMs: 60 }, env: { JOB_LOCK_SECONDS: '2' } });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await h.close();
});

function startWorkerProcess(): ChildProcess {
  const env = { ...process.env, ...h.env, LOG_LEVEL: 'error' };
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
}

describe('a worker killed mid-sync', () => {
  it('leaves the job to another worker, which completes it with no duplicate rows and one message', async () => {
    child = startWorkerProcess();
    await submitConnect(h.client, ADMIN, { label: 'Acme Ads', businessId: business.id });
    // Wait until the first worker is well into the import, then kill it without warning.
    await h.slack.waitFor(() => h.meta.counts().byRoute['GET /{id}/business_users']! >= 10, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));

    await h.startProcess('worker');
    const done = await h.slack.waitFor(
      () => h.slack.messagesIn(HUB_CHANNEL).find((message) => /checked for updates/.test(String(message.text))),
      60_000,
    );
    expect(h.slack.messagesIn(HUB_CHANNEL)).toHaveLength(1);
    expect(done.text).toMatch(/Acme Ads checked for updates/);

    const sql = postgres(h.config.DATABASE_URL, { max: 1 });
    try {
      const [members] = await sql`select count(*)::int as n, count(distinct (kind, meta_id))::int as distinct_n from members`;
      expect(members).toEqual({ n: expectedMembers, distinct_n: expectedMembers });
      const tasks = await sql`select status, attempts from tasks`;
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ status: 'completed' });
      expect(tasks[0]!.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await sql.end();
    }
  }, 90_000);
});

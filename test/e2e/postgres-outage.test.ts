import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, HUB_CHANNEL, responseAfter, startHarness, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { testPostgresUrl } from '../support/database.js';
import { testBackend } from '../support/backends.js';

const business = generateBusiness({ id: '1111111111', members: 2, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, seed: 4 });

let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let h: Harness;
beforeAll(async () => {
  const base = new URL(await testPostgresUrl());
  proxy = await startTcpProxy({ host: base.hostname, port: Number(base.port || 5432) });
  h = await startHarness({
    meta: { business },
    routeDatabase: (url) => Object.assign(new URL(url), { host: `127.0.0.1:${proxy.port}` }).toString(),
  });
  await connectAndSync(h);
});
afterAll(async () => {
  await proxy.start().catch(() => {});
  await h.close();
  await proxy.close();
});

const health = async () => {
  const response = await fetch(`${h.app.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
};

async function command(text: string) {
  const before = h.slack.responses.length;
  await h.client.command({ userId: ADMIN, text, channelId: HUB_CHANNEL });
  return responseAfter(h.slack, before);
}

describe('when Postgres is unreachable', () => {
  it('reports 503 naming Postgres, and commands answer at once that nothing was changed', async () => {
    await proxy.stop();
    const down = await health();
    expect(down.status).toBe(503);
    // On Redis the queues still answer; on PostgreSQL they are down with it.
    if (testBackend === 'redis') expect(down.body.checks.redis).toBe('ok');
    else expect(Object.keys(down.body.checks)).toEqual(['postgres']);
    expect(down.body.checks.postgres).not.toBe('ok');
    const started = Date.now();
    expect(await command('sync')).toBe("Hubkeeper can't reach its database right now; nothing was changed. Please try again in a minute.");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await fetch(`${h.app.url}/metrics`)).status).toBe(200);
  });

  it('recovers without a restart when Postgres is back', async () => {
    await proxy.start();
    const deadline = Date.now() + 15_000;
    while ((await health()).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await health()).status).toBe(200);
    expect(await command('sync')).toMatch(/Queued a check for updates/);
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates/.test(String(m.text))).length === 2, 30_000);
  });
});

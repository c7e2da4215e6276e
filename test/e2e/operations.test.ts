import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasks } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, HUB_CHANNEL, responseAfter, startHarness, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';
import { startRedisServer } from '../support/redis-server.js';

const business = generateBusiness({ id: '1111111111', members: 3, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 1, seed: 2 });

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let h: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ meta: { business }, env: { REDIS_URL: redis.url } });
  await connectAndSync(h);
});
afterAll(async () => {
  await redis.start().catch(() => {}); // let the app shut down cleanly against a live Redis
  await h.close();
  await redis.stop();
});

const health = async () => {
  const response = await fetch(`${h.app.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; checks: Record<string, string> } };
};
const metrics = async () => (await fetch(`${h.app.url}/metrics`)).text();
const metric = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);

async function command(text: string) {
  const before = h.slack.responses.length;
  await h.client.command({ userId: ADMIN, text, channelId: HUB_CHANNEL });
  return responseAfter(h.slack, before);
}

describe('operations', () => {
  it('serves metrics that move: queues, jobs, tasks, Slack calls, SCIM requests', async () => {
    const before = await metrics();
    expect(before).toMatch(/hubkeeper_queue_jobs\{queue="notify",state="waiting"\} \d+/);
    expect(before).toMatch(/hubkeeper_job_duration_seconds_count\{queue="sync"\} [1-9]/);
    expect(before).toMatch(/hubkeeper_task_outcomes_total\{kind="sync",status="completed"\} 1/);
    expect(before).toMatch(/hubkeeper_meta_requests_total\{outcome="[a-z_]+"\} [1-9]/);
    const posts = /hubkeeper_slack_calls_total\{method="chat\.postMessage",outcome="ok"\} (\d+)/;
    await fetch(`${h.app.url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${h.config.SCIM_BEARER_TOKEN}` } });
    await fetch(`${h.app.url}/scim/v2/Users`, { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong-token' } });
    expect(await command('sync')).toMatch(/Queued a check for updates/);
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates/.test(String(m.text))).length === 2, 20_000);
    const after = await metrics();
    expect(metric(after, posts)).toBeGreaterThan(metric(before, posts));
    expect(after).toMatch(/hubkeeper_task_outcomes_total\{kind="sync",status="completed"\} 2/);
    expect(after).toMatch(/hubkeeper_scim_requests_total\{method="GET",outcome="2xx"\} 1/);
    expect(after).toMatch(/hubkeeper_scim_requests_total\{method="GET",outcome="4xx"\} 1/);
    expect(after).toMatch(/hubkeeper_slack_calls_total\{method="response_url",outcome="ok"\} [1-9]/);
  });

  it('reports health 200, then 503 naming Redis when it stops; commands say nothing was changed', async () => {
    expect(await health()).toEqual({ status: 200, body: { ok: true, checks: { postgres: 'ok', redis: 'ok' } } });
    await redis.stop();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.checks.postgres).toBe('ok');
    expect(down.body.checks.redis).not.toBe('ok');
    const tasksBefore = (await h.app.ctx.db.select().from(tasks)).length;
    const started = Date.now();
    expect(await command('sync')).toBe("Hubkeeper can't reach its job queue right now; nothing was changed. Please try again in a minute.");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await h.app.ctx.db.select().from(tasks)).length).toBe(tasksBefore);
    // /metrics still answers without Redis (queue depths are left out rather than hanging the scrape).
    expect((await fetch(`${h.app.url}/metrics`)).status).toBe(200);
  });

  it('recovers without a restart when Redis comes back', async () => {
    await redis.start();
    const deadline = Date.now() + 15_000;
    while ((await health()).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await health()).status).toBe(200);
    // Redis came back empty; the worker put its schedules back (the sweeps that find lost work).
    const deadlineSchedules = Date.now() + 5_000;
    let schedulers: string[] = [];
    while (Date.now() < deadlineSchedules && !schedulers.includes('sweep-notifications')) {
      schedulers = (await h.app.ctx.queues.get('maintenance').getJobSchedulers()).map((s) => s.key);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(schedulers).toEqual(expect.arrayContaining(['sweep-orphan-tasks', 'sweep-notifications']));
    expect(await command('sync')).toMatch(/Queued a check for updates/);
    // The worker reconnected too: the check runs and its message shows the result.
    await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates/.test(String(m.text))).length === 3, 30_000);
  });
});

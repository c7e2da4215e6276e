import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOrphanTasks } from '../../src/services/tasks/sweep.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, blockText, HUB_CHANNEL, responseAfter, startHarness, submitConnect, type Harness } from '../support/harness.js';

const BETA_TOKEN = 'EAABbeta' + 'z7'.repeat(30);
const beta = generateBusiness({ id: '2222222222', name: 'Beta', members: 5, seed: 9 });

let h: Harness;
let sql: postgres.Sql;
beforeAll(async () => {
  h = await startHarness({ meta: { extraBusinesses: [{ business: beta, tokens: [BETA_TOKEN] }] } });
  sql = postgres(h.config.DATABASE_URL, { max: 1 });
  await submitConnect(h.client, ADMIN, { label: 'Acme Ads' });
  await submitConnect(h.client, ADMIN, { label: 'Beta', token: BETA_TOKEN, businessId: beta.id });
  await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates/.test(String(m.text))).length === 2, 20_000);
});
afterAll(async () => {
  await sql.end();
  await h.close();
});

async function ask(text: string) {
  const before = h.slack.responses.length;
  await h.client.command({ userId: ADMIN, text });
  return responseAfter(h.slack, before);
}

describe('several hubs', () => {
  it('asks which hub when the name is missing or unknown, listing the choices', async () => {
    expect(await ask('sync')).toMatch(/Which hub\? Say which one, e\.g\. `\/hub sync Acme Ads`:\n• Acme Ads\n• Beta/);
    expect(await ask('status gamma')).toMatch(/There is no hub called “gamma”\./);
    expect(await ask('status beta')).toBe('Beta: Username and password, last checked ' + (await lastSynced('Beta')));
  });
});

async function lastSynced(label: string) {
  const [row] = await sql`select last_synced_at from hubs where label = ${label}`;
  return (row!.last_synced_at as Date).toISOString();
}

describe('the daily check', () => {
  it('moves the hub\'s job scheduler to the time asked for, and rejects a bad time', async () => {
    expect(await ask('schedule 7:15 Beta')).toBe('*Beta* will be checked for updates every day at 07:15 (UTC).');
    const schedulers = await h.app.ctx.queues.get('sync').getJobSchedulers();
    const [row] = await sql`select id from hubs where label = 'Beta'`;
    expect(schedulers.find((s) => s.key === `daily-${row!.id}`)).toMatchObject({ pattern: '15 7 * * *', tz: 'UTC' });
    expect(await ask('schedule 25:00 Beta')).toMatch(/HH:MM/);
    const [audit] = await sql`select detail from audit_events where action = 'hub.schedule_changed'`;
    expect(audit!.detail).toEqual({ from: '06:00', to: '07:15' });
  });

  it('runs a check when the scheduler fires, credited to the schedule', async () => {
    const [row] = await sql`select id from hubs where label = 'Acme Ads'`;
    const count = h.slack.messagesIn(HUB_CHANNEL).length;
    await h.app.ctx.queues.enqueue('sync', 'scheduledCheck', { hubId: row!.id as string });
    const message = await h.slack.waitFor(() => {
      const m = h.slack.messagesIn(HUB_CHANNEL)[count];
      return m && /checked for updates/.test(String(m.text)) ? m : undefined;
    }, 20_000);
    expect(blockText(message.blocks)).toContain('Asked by the daily schedule');
  });
});

describe('the sweep', () => {
  it('re-enqueues a task Postgres has but Redis lost, and the task completes', async () => {
    const [row] = await sql`select id, channel_id from hubs where label = 'Beta'`;
    const taskId = randomUUID();
    await sql`insert into tasks (id, hub_id, kind, requested_by, slack_channel_id, created_at)
              values (${taskId}, ${row!.id}, 'sync', ${ADMIN}, ${row!.channel_id}, now() - interval '5 minutes')`;
    expect(await sweepOrphanTasks(h.app.ctx)).toBe(1);
    expect(await sweepOrphanTasks(h.app.ctx)).toBe(0); // the job exists now: nothing to do twice
    const done = await waitForStatus(taskId, 'completed');
    expect(done).toBe('completed');
  });
});

async function waitForStatus(taskId: string, status: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [row] = await sql`select status from tasks where id = ${taskId}`;
    if (row!.status === status) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`task ${taskId} never reached ${status}`);
}

import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { ADMIN, HUB_CHANNEL, META_TOKEN, startHarness, submitConnect, type Harness } from '../support/harness.js';

const business = generateBusiness({ id: '4242424242', members: 4, seed: 3 });

let h: Harness;
let sql: postgres.Sql;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  sql = postgres(h.config.DATABASE_URL, { max: 1, onnotice: () => {} });
  // The first time a task message's ts is stored, the write fails: Slack has the message, Postgres doesn't.
  await sql.unsafe(`
    create sequence fault_once;
    create function refuse_first_ts() returns trigger language plpgsql as $$
    begin
      -- nextval survives the rollback the exception causes, so this fires exactly once
      if new.slack_ts is not null and old.slack_ts is null and nextval('fault_once') = 1 then
        raise exception 'injected: lost the write of the message ts';
      end if;
      return new;
    end $$;
    create trigger refuse_first_ts before update on tasks for each row execute function refuse_first_ts();
  `);
});
afterAll(async () => {
  await sql.end();
  await h.close();
});

describe('a task message whose ts was not stored', () => {
  it('is taken back before the retry posts again, so one message shows the check', async () => {
    expect((await submitConnect(h.client, ADMIN, { label: 'Once Ads', token: META_TOKEN, businessId: business.id })).status).toBe(200);
    await h.slack.waitFor(
      () => h.slack.messagesIn(HUB_CHANNEL).find((message) => /checked for updates/.test(String(message.text))),
      20_000,
    );
    // Slack shows the post a moment before its ts is stored: wait for the store.
    await expect.poll(async () => (await sql`select slack_ts from tasks where kind = 'sync'`)[0]?.slack_ts, { timeout: 10_000 }).toBeTruthy();
    const [fault] = await sql`select last_value from fault_once`;
    expect(Number(fault!.last_value)).toBeGreaterThanOrEqual(2); // the fault did happen, and the retry stored its ts
    expect(h.slack.callsTo('chat.delete').filter((call) => call.response.ok)).toHaveLength(1);
    const live = h.slack.messagesIn(HUB_CHANNEL).filter((message) => /Once Ads/.test(String(message.text)));
    expect(live).toHaveLength(1);
    const [task] = await sql`select slack_ts from tasks where kind = 'sync'`;
    expect(task!.slack_ts).toBe(live[0]!.ts);
  });

  it('is posted anew when someone deleted it, instead of failing every redraw', async () => {
    const [task] = await sql`select id, slack_ts from tasks where kind = 'sync'`;
    await h.app.ctx.slackPaced.chat.delete({ channel: HUB_CHANNEL, ts: task!.slack_ts as string });
    await h.app.ctx.queues.enqueue('notify', 'renderTaskMessage', { taskId: task!.id as string }, { jobId: `redraw-${task!.id}` });
    const redrawn = await h.slack.waitFor(
      () => h.slack.messagesIn(HUB_CHANNEL).find((message) => /Once Ads/.test(String(message.text))),
      10_000,
    );
    await expect.poll(async () => (await sql`select slack_ts from tasks where id = ${task!.id as string}`)[0]!.slack_ts, { timeout: 10_000 }).toBe(redrawn.ts);
  });
});

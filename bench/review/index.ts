// An access review over 5,000 members with 20 reviewers (each person's directory manager), started through
// the service as `/hub review` does. The fake Slack enforces Slack's per-channel pace (one post a second per
// channel) and per-method tiers. Measured from the start until every reviewer's card and the tracker are
// posted. The floor is what the limits allow for the calls made: a channel that got n posts needs (n − 1) s,
// a tiered method m calls past its per-minute allowance needs a minute more, plus one card's round trip.
import { sql } from 'drizzle-orm';
import { hubOwners, hubs } from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import { createLogger } from '../../src/lib/logger.js';
import { startHubkeeper } from '../../src/runtime.js';
import { startCampaign } from '../../src/services/reviews/campaigns.js';
import { startFakeSlack } from '../../test/fakes/fake-slack.js';
import { freshDatabase } from '../../test/support/database.js';
import { benchConfig, BOT_TOKEN } from '../lib/env.js';
import { percentile, printTable, round } from '../lib/stats.js';

const MEMBERS = Number(process.env.REVIEW_BENCH_MEMBERS ?? 5000);
const REVIEWERS = Number(process.env.REVIEW_BENCH_REVIEWERS ?? 20);
const OWNER = 'UBENCHOWNER';
const CHANNEL = 'C0BENCHREVIEW';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PACE_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, enforceChannelPace: true, enforceMethodTiers: true });
  slack.addChannel({ id: CHANNEL, name: 'meta-access' });
  slack.addUser({ id: OWNER, name: 'otto', realName: 'Otto Owner', email: 'otto@acme.example' });
  const managers = Array.from({ length: REVIEWERS }, (_, i) => ({ id: `UMGR${String(i).padStart(4, '0')}`, email: `manager${i}@acme.example` }));
  for (const m of managers) slack.addUser({ id: m.id, name: m.email, realName: m.email, email: m.email });
  const database = await freshDatabase('hubkeeper_bench_review');
  const config = benchConfig({ databaseUrl: database.url, slackApiUrl: slack.apiUrl });
  const app = await startHubkeeper(config, 'all', { logger: createLogger('error'), slackRetries: 0 });
  const db = app.ctx.db;
  try {
    const [hub] = await db.insert(hubs).values({
      label: 'Bench Review', businessId: '9100000001', appId: '2000000002', accessTokenSealed: 'not-a-token', loginMethod: 'password', channelId: CHANNEL, connectedBy: OWNER,
    }).returning();
    await db.insert(hubOwners).values({ hubId: hub!.id, slackUserId: OWNER, source: 'connected' });
    // The directory: managers (with Slack accounts) and 5,000 people, each reporting to one of them.
    await db.execute(sql`insert into workspace_accounts (slack_user_id, email, name, refreshed_at)
      select r.id, r.email, r.email, now() from json_to_recordset(${JSON.stringify(managers)}::text::json) as r(id text, email text)`);
    await db.execute(sql`insert into directory_users (user_name, work_email, email_keys, active)
      select r.email, r.email, array[r.email], true from json_to_recordset(${JSON.stringify(managers)}::text::json) as r(id text, email text)`);
    await db.execute(sql`
      with bosses as (select id, row_number() over (order by user_name) - 1 as n from directory_users)
      insert into directory_users (user_name, work_email, email_keys, active, resource)
      select 'person' || g || '@acme.example', 'person' || g || '@acme.example', array['person' || g || '@acme.example'], true,
        jsonb_build_object(${ENTERPRISE}::text, jsonb_build_object('manager', jsonb_build_object('value', b.id::text)))
      from generate_series(0, ${MEMBERS - 1}) g join bosses b on b.n = g % ${REVIEWERS}`);
    await db.execute(sql`
      insert into members (hub_id, kind, meta_id, name, email, meta_role, state, directory_user_id)
      select ${hub!.id}::uuid, 'business_user', (4000000000 + g)::text, 'Person ' || g, 'person' || g || '@acme.example',
        case when g % 50 = 0 then 'ADMIN' else 'EMPLOYEE' end, 'onboarded', d.id
      from generate_series(0, ${MEMBERS - 1}) g join directory_users d on d.user_name = 'person' || g || '@acme.example'`);
    const actor = { slackUserId: OWNER, isAdmin: false, ownedHubIds: new Set([hub!.id]) };
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const callsBefore = slack.calls.length;
    const started = Date.now();
    const result = await startCampaign(app.ctx, actor, hub!.id, { scope: 'all', assetId: undefined, reviewers: 'managers', deadlineDate: deadline, removeUnkept: false }, undefined, app.ctx.clock());
    if (result.status !== 'started') throw new Error(`campaign did not start: ${result.status}`);
    const startedMs = Date.now() - started;
    const posted = () => managers.filter((m) => slack.messagesIn(m.id).some((msg) => /^Access review of /.test(String(msg.text)))).length;
    const tracked = () => slack.messagesIn(CHANNEL).some((msg) => /^Access review of /.test(String(msg.text)));
    while (posted() < REVIEWERS || !tracked()) {
      if (Date.now() - started > 120_000) throw new Error(`only ${posted()} of ${REVIEWERS} cards after 120 s`);
      await sleep(5);
    }
    const visibleMs = Date.now() - started;
    const calls = slack.calls.slice(callsBefore);
    const rateLimited = calls.filter((call) => call.status === 429).length;
    const byChannel = new Map<string, number>();
    for (const call of calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200)) byChannel.set(String(call.args.channel), (byChannel.get(String(call.args.channel)) ?? 0) + 1);
    const channelFloor = Math.max(0, ...[...byChannel.values()].map((n) => (n - 1) * PACE_MS));
    // One card's round trip on this machine: the largest card, posted straight to the fake (the median of five).
    const card = slack.messagesIn(managers[0]!.id)[0]!;
    const trips: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await app.ctx.slack.chat.postMessage({ channel: OWNER, text: String(card.text), blocks: card.blocks as never });
      trips.push(Date.now() - t0);
      await sleep(PACE_MS);
    }
    const roundTripMs = percentile(trips, 50);
    const floorMs = channelFloor + roundTripMs;
    // The write no start can avoid: the same rows, as wide, in one multi-row insert into a table shaped like
    // campaign_items (its indexes, no foreign keys); the best of three.
    const writeMs = await bareWrite(db, result.campaign.id);
    const writeFloorMs = floorMs + writeMs;
    const summary = {
      members: MEMBERS, reviewers: REVIEWERS, items: result.items, slackCalls: calls.length, posts: calls.filter((c) => c.method === 'chat.postMessage').length,
      edits: calls.filter((c) => c.method === 'chat.update').length, rateLimited, startMs: startedMs, visibleMs, floorMs, bareWriteMs: writeMs,
      ratio: round(visibleMs / floorMs, 2), ratioWithWrite: round(visibleMs / writeFloorMs, 2),
    };
    printTable([Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v]))]);
    console.log(`review: ${summary.ratio}× Slack floor, ${summary.ratioWithWrite}× Slack+bare-write floor (${visibleMs} ms to ${REVIEWERS} cards and the tracker; the limits allow ${floorMs} ms: ${channelFloor} ms of pacing + ${roundTripMs} ms for one card; the bare write of ${result.items} rows takes ${writeMs} ms; ${rateLimited} answered 429; ${startedMs} ms of it to start the campaign)`);
    console.log(JSON.stringify({ bench: 'review', ...summary, target: { zero429: rateLimited === 0 } }));
  } finally {
    await app.close();
    await slack.close();
    await database.drop();
  }
}

/** The best of three single-statement inserts of a campaign's rows into a bare copy of campaign_items. */
async function bareWrite(db: Database, campaignId: string): Promise<number> {
  const rows = [...await db.execute<Record<string, unknown>>(sql`select * from campaign_items where campaign_id = ${campaignId}::uuid`)];
  const columns = Object.keys(rows[0]!).filter((name) => name !== 'id' && name !== 'seq');
  const list = sql.raw(columns.join(', '));
  const payload = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((name) => [name, row[name]]))));
  await db.execute(sql`create table bench_bare_items (like campaign_items including defaults including indexes)`);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    await db.execute(sql`truncate bench_bare_items`);
    const t0 = Date.now();
    await db.execute(sql`insert into bench_bare_items (${list}) select ${list} from jsonb_populate_recordset(null::bench_bare_items, ${payload}::jsonb)`);
    times.push(Date.now() - t0);
  }
  return Math.min(...times);
}

await main();

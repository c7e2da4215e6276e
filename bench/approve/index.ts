// Approve all on a 1,000-item deprovision report (the safeguard confirmed in the same modal), through signed
// Slack requests. The fake Meta answers every request after 25 ms and enforces a rate limit of its own
// (APPROVE_BENCH_LIMIT calls per window per business, fixed windows, code 80004 past it). Hubkeeper is told
// the same limit (META_WRITE_LIMIT) and paces removals to it. Measured from the modal's submit until the fake
// has accepted all 1,000 DELETEs; the floor is what the limit itself allows: the last window's burst can
// start only (windows − 1) × window after the first, plus one round trip. Also: Slack calls made meanwhile.
// Env: APPROVE_BENCH_ITEMS, APPROVE_BENCH_CALLS, APPROVE_BENCH_WINDOW_MS; APPROVE_BENCH_DEBUG=1 prints DELETEs per
// 250 ms, event-loop delay and CPU time.
import { inArray, sql } from 'drizzle-orm';
import { directoryUsers, hubs } from '../../db/schema.js';
import { createLogger } from '../../src/lib/logger.js';
import { startHubkeeper } from '../../src/runtime.js';
import { requestSync } from '../../src/services/sync/requests.js';
import { generateBusiness, startFakeMeta } from '../../test/fakes/fake-meta.js';
import { startFakeSlack, type FakeSlack } from '../../test/fakes/fake-slack.js';
import { freshDatabase } from '../../test/support/database.js';
import { submitConnect } from '../../test/support/harness.js';
import { createSlackClient, stateValues } from '../../test/support/slack-requests.js';
import { benchConfig, BOT_TOKEN, SIGNING_SECRET } from '../lib/env.js';
import { printTable, round } from '../lib/stats.js';

const ITEMS = Number(process.env.APPROVE_BENCH_ITEMS ?? 1000);
const MEMBERS = ITEMS + 200;
const LATENCY_MS = 25;
const LIMIT = { calls: Number(process.env.APPROVE_BENCH_CALLS ?? 50), windowMs: Number(process.env.APPROVE_BENCH_WINDOW_MS ?? 500) };
const ADMIN = 'UBENCHADMIN';
const CHANNEL = 'C0BENCHAPPROVE';
const META_TOKEN = `EAAB${'b3'.repeat(30)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const cardOf = (slack: FakeSlack) => slack.messagesIn(CHANNEL).filter((m) => /^Deprovision report for /.test(String(m.text))).at(-1);

async function main() {
  const business = generateBusiness({
    id: '1111111111', members: MEMBERS, invitations: 0, systemUsers: 0, partners: 0, adAccounts: 20, pages: 10, adminShare: 0,
    personalEmailShare: 0, assignmentsPerAsset: [20, 60], seed: 7,
  });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, enforceChannelPace: true });
  slack.addUser({ id: ADMIN, name: 'ada', realName: 'Ada Admin', email: 'ada@acme.example', isAdmin: true });
  slack.addChannel({ id: CHANNEL, name: 'meta-access' });
  const meta = await startFakeMeta({ business, tokens: [META_TOKEN], latencyMs: LATENCY_MS });
  const database = await freshDatabase('hubkeeper_bench_approve');
  const config = benchConfig({
    databaseUrl: database.url, slackApiUrl: slack.apiUrl, metaGraphUrl: meta.url,
    extra: { META_WRITE_LIMIT: `${LIMIT.calls}/${LIMIT.windowMs}ms`, ADMIN_SLACK_USER_IDS: ADMIN },
  });
  const app = await startHubkeeper(config, 'all', { logger: createLogger('error') });
  const client = createSlackClient({ eventsUrl: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET, fakeSlack: slack });
  try {
    // The directory knows everyone; the first check matches them all.
    await app.ctx.db.insert(directoryUsers).values(business.users.map((user) => ({
      userName: user.email, displayName: user.name, workEmail: user.email, emails: [{ value: user.email, type: 'work', primary: true }], emailKeys: [user.email],
    })));
    await submitConnect(client, ADMIN, { label: 'Acme Ads', token: META_TOKEN, businessId: business.id, channelId: CHANNEL });
    await until('the first check', () => slack.messagesIn(CHANNEL).find((m) => /checked for updates/.test(String(m.text))));
    // The IdP deactivates 1,000 people at once; the next check puts them on one report, held by the safeguard.
    const leaving = business.users.slice(1, ITEMS + 1).map((user) => user.email);
    await app.ctx.db.update(directoryUsers).set({ active: false, deactivatedAt: new Date(), deactivatedVia: 'patch-replace-active' }).where(inArray(directoryUsers.userName, leaving));
    const [hub] = await app.ctx.db.select({ id: hubs.id }).from(hubs);
    await requestSync(app.ctx, hub!.id, ADMIN);
    const card = await until('the report card', () => {
      const found = cardOf(slack);
      return found && String(found.text).includes(`${ITEMS.toLocaleString('en-US')} waiting`) ? found : undefined;
    });
    const value = (card.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'report_approve_all')!.value;
    const opened = slack.callsTo('views.open').filter((call) => call.response.ok).length;
    await client.blockAction({ userId: ADMIN, actionId: 'report_approve_all', value, container: { type: 'message', channelId: CHANNEL, messageTs: card.ts } });
    const call = await until('the modal', () => slack.callsTo('views.open').filter((c) => c.response.ok)[opened]);
    const viewId = String((call.response as { view: { id: string } }).view.id);

    // The rate limit starts counting now (the setup's reads are not the point); Hubkeeper knows the same limit.
    meta.setRateLimit({ calls: LIMIT.calls, windowMs: LIMIT.windowMs });
    meta.resetRecording();
    const lag = (await import('node:perf_hooks')).monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpu0 = process.cpuUsage();
    const slackBefore = slack.calls.length;
    const started = Date.now();
    const submitted = await client.viewSubmission({
      userId: ADMIN, callbackId: 'report_confirm', viewId,
      values: { report_confirm_check: { report_confirm_check_input: stateValues.checkboxes([{ text: 'ok', value: String(ITEMS) }]) } },
    });
    const ackMs = Date.now() - started;
    if (submitted.status !== 200 || submitted.body !== '') throw new Error(`the confirmation was not accepted: ${submitted.status} ${submitted.body}`);
    const deletes = () => meta.requests.filter((r) => r.method === 'DELETE');
    await until('1,000 accepted DELETEs', () => deletes().filter((r) => r.status === 200).length >= ITEMS);
    const accepted = deletes().filter((r) => r.status === 200);
    const firstAt = Math.min(...accepted.map((r) => r.at));
    const lastAt = Math.max(...accepted.map((r) => r.at));
    const allMs = lastAt + LATENCY_MS - started;
    if (process.env.APPROVE_BENCH_DEBUG) {
      const cpu = process.cpuUsage(cpu0);
      console.error(`event loop delay p50 ${round(lag.percentile(50) / 1e6, 1)} ms p99 ${round(lag.percentile(99) / 1e6, 1)} ms max ${round(lag.max / 1e6, 1)} ms; cpu ${round((cpu.user + cpu.system) / 1000)} ms`);
      const buckets = new Map<number, number>();
      for (const r of accepted) buckets.set(Math.floor((r.at - firstAt) / 250), (buckets.get(Math.floor((r.at - firstAt) / 250)) ?? 0) + 1);
      console.error([...buckets].sort((x, y) => x[0] - y[0]).map(([k, n]) => `${k * 250}:${n}`).join(' '));
    }
    await until('the closing summary', () => slack.messagesIn(CHANNEL).find((m) => /is closed: /.test(String(m.text))));
    const closedMs = Date.now() - started;
    await sleep(3_000); // let the last card edits land before counting
    const calls = slack.calls.slice(slackBefore);
    const rejected = deletes().filter((r) => r.status !== 200).length;
    const [{ removed } = { removed: 0 }] = [...(await app.ctx.db.execute<{ removed: number }>(sql`select count(*)::int as removed from report_items where outcome = 'removed'`))];
    const windows = Math.ceil(ITEMS / LIMIT.calls);
    const floorMs = (windows - 1) * LIMIT.windowMs + LATENCY_MS;
    const result = {
      items: ITEMS,
      limit: `${LIMIT.calls}/${LIMIT.windowMs}ms`,
      latencyMs: LATENCY_MS,
      deletesAccepted: accepted.length,
      deletesRejected: rejected,
      removedInDb: removed,
      submitAckMs: ackMs,
      firstDeleteMs: firstAt - started,
      allDeletesMs: allMs,
      floorMs,
      ratio: round(allMs / floorMs, 3),
      reportClosedMs: closedMs,
      slackCalls: calls.length,
      chatUpdate: calls.filter((c) => c.method === 'chat.update').length,
      chatPostMessage: calls.filter((c) => c.method === 'chat.postMessage').length,
      slackRateLimited: calls.filter((c) => c.status === 429).length,
    };
    printTable([Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v]))]);
    console.log(JSON.stringify({ bench: 'approve', ...result, target: { noRejections: rejected === 0, withinRatio: result.ratio <= 1.2 } }));
  } finally {
    await app.close();
    await Promise.all([slack.close(), meta.close()]);
    await database.drop();
  }
}

await main();

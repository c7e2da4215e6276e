// The notify path under load: 1,000 task results across 5 channels, with the fake Slack answering a second
// post to a channel within a second with 429 (Slack's pace). Two shapes: a burst (all finish at once) and a
// stream (200 a second for 5 s). Reports the Slack calls made, the time until every result is visible, and
// the pacing floor for the calls actually made: a channel that got n calls needs at least (n - 1) s.
import { hubs } from '../../db/schema.js';
import { startHubkeeper } from '../../src/runtime.js';
import { createLogger } from '../../src/lib/logger.js';
import { startFakeSlack, type FakeSlack } from '../../test/fakes/fake-slack.js';
import { freshDatabase } from '../../test/support/database.js';
import { queueTaskAnnouncement } from '../../src/services/notifications/send.js';
import { insertFinishedRemovals } from '../../test/support/task-results.js';
import { benchConfig, BOT_TOKEN } from '../lib/env.js';
import { printTable, round } from '../lib/stats.js';

const RESULTS = Number(process.env.NOTIFY_BENCH_RESULTS ?? 1000);
const CHANNELS = 5;
const SLACK_PACE_MS = 1000;

type Scenario = { name: 'burst' | 'stream'; produce(finish: (hubIndex: number, count: number) => Promise<void>): Promise<void> };

const scenarios: Scenario[] = [
  {
    name: 'burst',
    async produce(finish) {
      await Promise.all(Array.from({ length: CHANNELS }, (_, i) => finish(i, RESULTS / CHANNELS)));
    },
  },
  {
    name: 'stream',
    async produce(finish) {
      const ticks = 50; // every 100 ms for 5 s
      for (let tick = 0; tick < ticks; tick++) {
        const next = Date.now() + 100;
        await Promise.all(Array.from({ length: CHANNELS }, (_, i) => finish(i, RESULTS / CHANNELS / ticks)));
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
    },
  },
];

/** Results a channel shows now: a digest says how many it holds, a single line is one. */
function visibleIn(slack: FakeSlack, channel: string): number {
  return slack.messagesIn(channel).reduce((sum, message) => {
    const digest = /^([\d,]+) task results/.exec(String(message.text));
    return sum + (digest ? Number(digest[1]!.replace(/,/g, '')) : 1);
  }, 0);
}

async function main() {
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, enforceChannelPace: true });
  const database = await freshDatabase('hubkeeper_bench_notify');
  const config = benchConfig({ databaseUrl: database.url, slackApiUrl: slack.apiUrl });
  const app = await startHubkeeper(config, 'all', { logger: createLogger('error'), slackRetries: 0 });
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<string, unknown> = {};
  try {
    for (const [s, scenario] of scenarios.entries()) {
      const channels = Array.from({ length: CHANNELS }, (_, i) => `C0BENCH${s}${i}`);
      channels.forEach((id) => slack.addChannel({ id, name: id.toLowerCase() }));
      const created = await app.ctx.db
        .insert(hubs)
        .values(channels.map((channelId, i) => ({
          label: `Bench ${scenario.name} ${i + 1}`, businessId: `${s + 1}00000000${i}`, appId: '2000000002', accessTokenSealed: 'not-a-token',
          loginMethod: 'password' as const, channelId, connectedBy: 'UBENCH',
        })))
        .returning();
      // The task rows exist beforehand; a result "finishes" when its announcement is queued, as a worker does.
      const taskIds = await Promise.all(created.map((hub, i) =>
        insertFinishedRemovals(app.ctx.db, { hubId: hub.id, count: RESULTS / CHANNELS, requestedBy: 'schedule', namePrefix: `${scenario.name}-${i}` })));
      const callsBefore = slack.calls.length;
      const started = Date.now();
      await scenario.produce(async (i, count) => {
        for (const taskId of taskIds[i]!.splice(0, count)) await queueTaskAnnouncement(app.ctx, taskId);
      });
      const producedMs = Date.now() - started;
      const perChannel = RESULTS / CHANNELS;
      while (channels.some((channel) => visibleIn(slack, channel) < perChannel)) {
        if (Date.now() - started > 120_000) throw new Error(`${scenario.name}: results not visible after 120 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const visibleMs = Date.now() - started;
      const calls = slack.calls.slice(callsBefore).filter((call) => channels.includes(String(call.args.channel)));
      const byChannel = channels.map((channel) => calls.filter((call) => call.args.channel === channel && call.status === 200).length);
      if (process.env.NOTIFY_BENCH_DEBUG) {
        for (const channel of channels.slice(0, 2)) {
          console.error(channel, calls.filter((call) => call.args.channel === channel).map((call) => `${call.method === 'chat.update' ? 'u' : 'p'}${call.at - started}`).join(' '));
        }
      }
      const floorMs = Math.max(...byChannel.map((n) => (n - 1) * SLACK_PACE_MS));
      const rateLimited = slack.calls.slice(callsBefore).filter((call) => call.status === 429).length;
      const summary = {
        results: RESULTS,
        channels: CHANNELS,
        slackCalls: calls.length,
        posts: calls.filter((call) => call.method === 'chat.postMessage').length,
        edits: calls.filter((call) => call.method === 'chat.update').length,
        maxCallsPerChannel: Math.max(...byChannel),
        rateLimited,
        producedMs,
        visibleMs,
        floorMs,
        ratio: floorMs > 0 ? round(visibleMs / floorMs, 3) : null,
      };
      results[scenario.name] = summary;
      rows.push({ scenario: scenario.name, ...Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, v ?? 'n/a'])) });
    }
  } finally {
    await app.close();
    await slack.close();
    await database.drop();
  }
  printTable(rows);
  const ratios = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, (r as { ratio: number | null }).ratio]));
  const limited = Object.values(results).reduce((sum: number, r) => sum + (r as { rateLimited: number }).rateLimited, 0);
  const within = Object.fromEntries(Object.entries(ratios).map(([name, ratio]) => [name, ratio !== null && ratio <= 1.1]));
  console.log(JSON.stringify({ bench: 'notify', ...results, target: { zero429: limited === 0, within1_1xFloor: within } }));
  const shown = Object.entries(results).map(([name, r]) => {
    const { ratio, visibleMs, floorMs } = r as { ratio: number | null; visibleMs: number; floorMs: number };
    return `${name} ${ratio ?? 'n/a'}× floor (${visibleMs} ms, floor ${floorMs} ms)`;
  });
  console.log(`notify: ${shown.join(', ')}; ${limited} × 429 — target ≤ 1.1×, 0 × 429: ${limited === 0 && Object.values(within).every(Boolean) ? 'met' : 'missed'}`);
}

await main();

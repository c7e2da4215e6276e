import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, blockText, HUB_CHANNEL, responseAfter, startHarness, submitConnect, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await submitConnect(h.client, ADMIN, { label: 'Acme Ads' });
  await h.slack.waitFor(() => latest() && /checked for updates/.test(String(latest()!.text)), 20_000);
});
afterAll(async () => {
  expect(h.logs.filter((line) => h.secrets.some((secret) => line.includes(secret)))).toEqual([]);
  await h.close();
});

const latest = () => h.slack.messagesIn(HUB_CHANNEL).at(-1);

async function sync() {
  const before = h.slack.responses.length;
  const count = h.slack.messagesIn(HUB_CHANNEL).length;
  await h.client.command({ userId: ADMIN, text: 'sync' });
  await responseAfter(h.slack, before);
  await h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).length > count, 10_000);
  return h.slack.messagesIn(HUB_CHANNEL).at(-1)!;
}

async function hubStatus() {
  const sql = postgres(h.config.DATABASE_URL, { max: 1 });
  try {
    const [row] = await sql`select status from hubs`;
    return row!.status as string;
  } finally {
    await sql.end();
  }
}

describe('when Meta misbehaves', () => {
  it('retries 5xx and finishes', async () => {
    h.meta.faults.serverErrorNext(2, { code: 2 });
    const message = await sync();
    await h.slack.waitFor(() => /checked for updates/.test(String(h.slack.message(HUB_CHANNEL, message.ts)!.text)), 20_000);
  });

  it('shows when Meta asks us to slow down, with the resume time, then completes', async () => {
    h.meta.faults.rateLimitNext(1, { code: 80004, regainMinutes: 0, header: 'buc', path: /business_users/ });
    // A long wait: the client gives up waiting inline (maxInlineWaitMs 2 s in tests) and the job is delayed.
    h.meta.faults.rateLimitNext(1, { code: 17, header: 'ad_account', resetSeconds: 4, path: /business_users/ });
    const message = await sync();
    const waiting = await h.slack.waitFor(
      () => h.slack.message(HUB_CHANNEL, message.ts)!.history.find((version) => /slow down/.test(blockText(version.blocks))),
      15_000,
    );
    expect(blockText(waiting.blocks)).toMatch(/Resuming <!date\^\d+\^at \{time\}/);
    await h.slack.waitFor(() => /checked for updates/.test(String(h.slack.message(HUB_CHANNEL, message.ts)!.text)), 30_000);
  });

  it('fails at once on an expired token, marks the hub, and says how to reconnect', async () => {
    const before = h.meta.counts().httpRequests;
    h.meta.faults.expireToken();
    const message = await sync();
    const failed = await h.slack.waitFor(() => {
      const now = h.slack.message(HUB_CHANNEL, message.ts)!;
      return /failed/.test(String(now.text)) ? now : undefined;
    }, 15_000);
    expect(blockText(failed.blocks)).toMatch(/no longer accepts the access token.*\/hub connect/s);
    expect(await hubStatus()).toBe('token_invalid');
    // No retries of a 190: a handful of parallel first requests at most.
    expect(h.meta.counts().httpRequests - before).toBeLessThanOrEqual(12);
    const beforeStatus = h.slack.responses.length;
    await h.client.command({ userId: ADMIN, text: 'status' });
    await responseAfter(h.slack, beforeStatus);
    expect(blockText(h.slack.responses.at(-1)!.body.blocks)).toMatch(/Access token rejected by Meta/);
  });
});

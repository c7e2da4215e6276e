import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MetaRateLimitError,
  MetaTokenInvalidError,
  MetaTransientError,
  type MetaError,
} from '../../../src/meta/index.js';
import { generateBusiness, startFakeMeta, type FakeMeta } from '../../fakes/fake-meta.js';
import { TOKEN, caught, clientFor, everything } from './support.js';

let fake: FakeMeta;
const NOW = Date.UTC(2026, 9, 1, 12);

beforeAll(async () => {
  fake = await startFakeMeta({
    business: generateBusiness({ members: 30, invitations: 2, partners: 1, adAccounts: 6, pages: 2, pixels: 1, catalogs: 1, seed: 9 }),
    tokens: [TOKEN],
    maxLimit: 10,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.faults.clear();
  fake.setRateLimit(undefined);
  fake.setUsage(undefined);
  fake.resetRecording();
});

const employee = () => fake.business.users.find((u) => u.role === 'EMPLOYEE')!;

describe('token errors', () => {
  it('fails at once with MetaTokenInvalidError and never retries 190', async () => {
    fake.faults.expireToken(TOKEN);
    const { client, business, waits, events } = clientFor(fake);
    const error = await caught(() => business.fetchSnapshot());
    expect(error).toBeInstanceOf(MetaTokenInvalidError);
    expect((error as MetaError).subcode).toBe(463);
    expect((error as MetaError).userMessage).toMatch(/reconnect it with `\/hub connect`/);
    const routes = fake.requests.map((r) => r.route);
    expect(new Set(routes).size).toBe(routes.length); // each edge asked once
    expect(waits).toEqual([]);
    expect(events.every((e) => e.outcome === 'error')).toBe(true);
    expect(everything(error)).not.toContain(TOKEN);
    await client.close();
  });
});

describe('rate limits', () => {
  it('waits as long as estimated_time_to_regain_access says, then succeeds', async () => {
    fake.faults.rateLimitNext(1, { code: 80004, regainMinutes: 2, path: /^\/\d+$/ });
    const { client, business, waits, rateLimitWaits, events } = clientFor(fake, { maxInlineWaitMs: 10 * 60_000 });
    await business.changeRole(employee().id, 'ADMIN');
    expect(employee()).toBeDefined();
    expect(rateLimitWaits).toHaveLength(1);
    expect(rateLimitWaits[0]).toBeGreaterThanOrEqual(2 * 60_000);
    expect(rateLimitWaits[0]).toBeLessThanOrEqual(2 * 60_000 + 1000);
    expect(waits).toEqual(rateLimitWaits);
    expect(events.map((e) => e.outcome)).toEqual(['rate_limited', 'ok']);
    await client.close();
  });

  it('honours X-Ad-Account-Usage reset_time_duration seconds', async () => {
    fake.faults.rateLimitNext(1, { code: 17, header: 'ad_account', resetSeconds: 45 });
    const { client, business, rateLimitWaits } = clientFor(fake);
    await business.changeRole(employee().id, 'EMPLOYEE');
    expect(rateLimitWaits[0]).toBeGreaterThanOrEqual(45_000);
    await client.close();
  });

  it('falls back to exponential backoff when no header says how long', async () => {
    fake.faults.rateLimitNext(2, { code: 4, header: 'none' });
    const { client, business, rateLimitWaits } = clientFor(fake);
    await business.changeRole(employee().id, 'EMPLOYEE');
    expect(rateLimitWaits).toEqual([750, 1500]); // base 1 s, jitter 0.5 → 3/4 of 1 s, 2 s
    await client.close();
  });

  it('throws MetaRateLimitError with resumeAt instead of sleeping through a long wait', async () => {
    fake.faults.rateLimitNext(1, { regainMinutes: 30 });
    const { client, business, waits } = clientFor(fake, { now: () => NOW });
    const error = (await caught(() => business.changeRole(employee().id, 'EMPLOYEE'))) as MetaRateLimitError;
    expect(error).toBeInstanceOf(MetaRateLimitError);
    expect(error.retryAfterMs).toBe(30 * 60_000 + 500);
    expect(error.resumeAt).toBe(NOW + error.retryAfterMs);
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    await client.close();
  });

  it('gives up after maxRetries with resumeAt set', async () => {
    fake.faults.rateLimitNext(10, { regainMinutes: 0, header: 'none' });
    const { client, business } = clientFor(fake, { maxRetries: 2, now: () => NOW });
    const error = (await caught(() => business.changeRole(employee().id, 'EMPLOYEE'))) as MetaRateLimitError;
    expect(error).toBeInstanceOf(MetaRateLimitError);
    expect(error.resumeAt).toBeGreaterThan(NOW);
    expect(fake.requests).toHaveLength(3);
    await client.close();
  });

  it('slows down before 100 % when usage headers pass 80 %', async () => {
    fake.setUsage({ app: { call_count: 90, total_time: 10, total_cputime: 10 } });
    const { client, business, waits } = clientFor(fake);
    await business.fetchSnapshot();
    // Requests sent after the first answer (later pages, batches) are spaced 2.5 s: 90 % is half way up the ramp.
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(waits)).toEqual(new Set([2500]));
    fake.setUsage({ app: { call_count: 50, total_time: 10, total_cputime: 10 } });
    const calm = clientFor(fake);
    await calm.business.fetchSnapshot();
    expect(calm.waits).toEqual([]);
    await Promise.all([client.close(), calm.client.close()]);
  });

  it('survives an enforced BUC limit: pauses until the window frees, then completes', async () => {
    let clock = NOW;
    await fake.close();
    fake = await startFakeMeta({
      business: generateBusiness({ members: 30, invitations: 2, partners: 1, adAccounts: 40, pages: 2, pixels: 1, catalogs: 1, seed: 9 }),
      tokens: [TOKEN],
      maxLimit: 10,
      now: () => clock,
      rateLimit: { calls: 15, windowMs: 60_000 },
    });
    const { client, business, rateLimitWaits } = clientFor(fake, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      maxInlineWaitMs: 5 * 60_000,
    });
    const snap = await business.fetchSnapshot();
    expect(snap.assets.every((a) => a.assignedUsersComplete)).toBe(true);
    expect(snap.businessUsers).toHaveLength(30);
    expect(rateLimitWaits.length).toBeGreaterThan(0);
    expect(rateLimitWaits.every((ms) => ms >= 60_000)).toBe(true);
    const limited = fake.requests.filter((r) => r.status === 400 || r.batch?.some((op) => op.status === 400));
    expect(limited.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe('transient failures', () => {
  it('retries 5xx (code 1/2 envelopes and bare 502s) and then succeeds', async () => {
    fake.faults.serverErrorNext(1, { code: 2 });
    fake.faults.serverErrorNext(1, { code: 1 });
    fake.faults.serverErrorNext(1, { envelope: false, status: 502 });
    const { client, business, events } = clientFor(fake);
    await business.changeRole(employee().id, 'EMPLOYEE');
    expect(events.map((e) => e.outcome)).toEqual(['retry', 'retry', 'retry', 'ok']);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 502, 200]);
    await client.close();
  });

  it('retries a request that timed out, and one whose socket was dropped', async () => {
    fake.faults.timeoutNext(1, { mode: 'hang' });
    fake.faults.timeoutNext(1, { mode: 'destroy' });
    const { client, business, events } = clientFor(fake, { requestTimeoutMs: 250 });
    await business.changeRole(employee().id, 'EMPLOYEE');
    expect(events.map((e) => e.outcome)).toEqual(['retry', 'retry', 'ok']);
    await client.close();
  });

  it('gives up with MetaTransientError after maxRetries timeouts', async () => {
    fake.faults.timeoutNext(5);
    const { client, business } = clientFor(fake, { requestTimeoutMs: 150, maxRetries: 2 });
    const error = await caught(() => business.changeRole(employee().id, 'EMPLOYEE'));
    expect(error).toBeInstanceOf(MetaTransientError);
    expect((error as MetaError).userMessage).toMatch(/took too long/);
    expect(fake.requests).toHaveLength(3);
    await client.close();
  });
});

describe('secrecy', () => {
  it('never puts the token in an error, a request event or a next-page failure', async () => {
    const { client, business, events } = clientFor(fake, { maxRetries: 0, requestTimeoutMs: 150 });
    const errors: unknown[] = [];
    // A failure on page 2, reached through a paging.next URL that carries the token.
    fake.faults.failPath(/\/business_users$/, { code: 100, message: `(#100) bad cursor access_token=${TOKEN}`, skip: 1, times: 1 });
    errors.push(await caught(() => business.fetchSnapshot()));
    const pages = fake.requests.filter((r) => r.route === 'GET /{id}/business_users');
    expect(pages.map((r) => [r.status, r.query.access_token, Boolean(r.query.after)])).toEqual([
      [200, '[redacted]', false],
      [400, '[redacted]', true],
    ]);
    fake.faults.clear();
    fake.faults.timeoutNext(1);
    errors.push(await caught(() => business.removeBusinessUser(employee().id)));
    fake.faults.serverErrorNext(1);
    errors.push(await caught(() => business.cancelInvitation(fake.business.invitations[0]!.id)));
    fake.faults.expireToken();
    errors.push(await caught(() => business.inviteUser({ email: 'x@acme.example', role: 'EMPLOYEE' })));
    for (const error of errors) expect(everything(error)).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(JSON.stringify(fake.requests)).not.toContain(TOKEN);
    await client.close();
  });
});

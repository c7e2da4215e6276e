import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

const TOKEN = 'metrics-scrape-token-0123456789abcdef';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { METRICS_BEARER_TOKEN: TOKEN } });
});
afterAll(async () => {
  await h.close();
});

describe('/metrics with METRICS_BEARER_TOKEN set', () => {
  it('answers 401 without the token or with another one, and the metrics with it', async () => {
    const get = (authorization?: string) => fetch(`${h.app.url}/metrics`, { headers: authorization ? { authorization } : {} });
    const bare = await get();
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');
    expect(await bare.text()).not.toContain('hubkeeper_');
    expect((await get('Bearer not-the-metrics-token-at-all-000000')).status).toBe(401);
    const allowed = await get(`Bearer ${TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/hubkeeper_queue_jobs/);
  });

  it('keeps /healthz open for the orchestrator', async () => {
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });
});

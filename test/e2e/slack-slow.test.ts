import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { commandAnswer } from '../support/access.js';
import { startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';

const business = generateBusiness({ id: '1111111111', members: 2, invitations: 0, systemUsers: 0, partners: 0, seed: 71 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  await connectAndSync(h);
});
afterAll(async () => {
  h.slack.stall('users.info', 0);
  await h.close();
});

describe('while Slack is slow to say who someone is', () => {
  it('answers a person within a few seconds, treating them as no admin, instead of waiting 15 s', async () => {
    h.slack.stall('users.info', 20_000);
    const started = Date.now();
    const answer = await commandAnswer(h, STRANGER, 'sync');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(answer.text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that/);
  }, 20_000);
});

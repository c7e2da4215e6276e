// Socket Mode against the fake's loopback socket (reference §13): hello, envelopes and acks, a dropped
// connection, and reconnects Slack refuses for a while. The process must stay up and serve again after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, HUB_CHANNEL, responseAfter, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true, start: { slackApp: { socketPingTimeoutMs: 300 } } });
  await h.slack.socket.waitForConnection(1);
});
afterAll(() => h?.close());

const command = (text: string) => ({
  token: 'legacy', team_id: h.slack.teamId, team_domain: 'hubkeeper', channel_id: HUB_CHANNEL, channel_name: 'meta-access',
  user_id: ADMIN, user_name: 'ada', command: '/hub', text, api_app_id: 'A0HUB', is_enterprise_install: 'false',
  response_url: h.slack.responseUrl(), trigger_id: h.slack.triggerId({ userId: ADMIN }),
});

describe('Socket Mode', () => {
  it('starts without a signing secret, acks a slash command over the socket and answers through the response URL', async () => {
    expect(h.config.SLACK_SIGNING_SECRET).toBeUndefined();
    const before = h.slack.responses.length;
    const env = await h.slack.socket.send('slash_commands', command('help'));
    expect(env.ackMs).toBeLessThan(3000);
    expect(await responseAfter(h.slack, before)).toMatch(/\/hub/);
  });

  it('survives a dropped connection whose reconnects Slack refuses for a while, then serves again', async () => {
    const connections = h.slack.socket.connections;
    h.slack.socket.refuseConnections(4);
    h.slack.socket.drop();
    await h.slack.socket.waitForConnection(connections + 1, 25_000);
    expect(h.slack.socket.refusedOpens).toBe(4);
    const before = h.slack.responses.length;
    const env = await h.slack.socket.send('slash_commands', command('help'));
    expect(env.ack).toBeDefined();
    expect(await responseAfter(h.slack, before)).toMatch(/\/hub/);
    // Still one process, still healthy.
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  }, 40_000);

  it('acks and ignores an envelope for another workspace', async () => {
    const before = h.slack.responses.length;
    const env = await h.slack.socket.send('slash_commands', { ...command('help'), team_id: 'T0OTHER' });
    expect(env.ack).toBeDefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(h.slack.responses.length).toBe(before);
    expect(h.logs.some((line) => line.includes('ignored a Socket Mode envelope for another workspace'))).toBe(true);
  });

  it('has no Slack request URL to post to in Socket Mode', async () => {
    expect((await fetch(`${h.app.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

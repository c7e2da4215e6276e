import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../../db/client.js';
import { createScimHandler } from '../../../src/scim/index.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';
import { testPostgresUrl } from '../../support/database.js';
import { expectError, snapshot } from './assertions.js';
import { patchBody } from './fixtures.js';
import { startScimServer, TOKEN, type ScimServer } from './scim-server.js';

/** A database outage is the IdP's cue to retry later: 503 with Retry-After and a SCIM error body, never a 500. */
const RETRY = "Hubkeeper can't reach its database right now; retry in a minute";

describe('Postgres unreachable', () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let server: ScimServer;
  beforeAll(async () => {
    const base = new URL(await testPostgresUrl());
    proxy = await startTcpProxy({ host: base.hostname, port: Number(base.port || 5432) });
    server = await startScimServer({ routeDatabase: (url) => Object.assign(new URL(url), { host: `127.0.0.1:${proxy.port}` }).toString() });
  });
  afterAll(async () => {
    await proxy?.start().catch(() => {});
    await server?.close();
    await proxy?.close();
  });

  test('every route answers 503 with Retry-After; once it is back, nothing was written', async () => {
    await proxy.stop();
    const requests: Array<[string, string, unknown?]> = [
      ['GET', '/Users?filter=userName eq "a@x"'],
      ['POST', '/Users', { userName: 'a@x' }],
      ['PATCH', '/Users/6e0c2a44-0a8a-4c55-9e43-9f0c8d1b3a10', patchBody({ op: 'replace', path: 'active', value: false })],
      ['POST', '/Groups/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] }],
    ];
    for (const [method, path, body] of requests) {
      const response = await server.request(method, path, body);
      expectError(response, 503, undefined, RETRY);
      expect(response.headers.get('retry-after')).toBe('30');
    }
    expect(server.logLines.join('\n')).toMatch(/database is unavailable/);
    await proxy.start();
    expect(await snapshot(server)).toBe('[{"users":null,"groups":null,"memberships":"0","audit":"0"}]');
  });
});

describe('Postgres refusing work', () => {
  let server: Server;
  let url: string;
  let lines: string[];
  let code = '';
  beforeAll(async () => {
    // Every query fails the way postgres.js reports a server refusal: an error carrying the SQLSTATE.
    const chain: object = new Proxy(() => {}, {
      get: (_target, key) => (key === 'then' ? (_resolve: unknown, reject: (error: Error) => void) => reject(Object.assign(new Error('refused'), { code })) : chain),
      apply: () => chain,
    });
    const captured = captureLogger('debug');
    lines = captured.lines;
    const handler = createScimHandler({ db: chain as Database, bearerToken: TOKEN, logger: captured.logger, onUsersDeactivated: async () => {} });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  test.each(['57P01', '57P03', '53300', '08006', '40001', '40P01'])('SQLSTATE %s → 503 with Retry-After, logged without the token', async (sqlstate) => {
    code = sqlstate;
    const response = await fetch(`${url}/Users`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: RETRY });
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  test('a bug (any other error) is still a logged 500 with a SCIM body', async () => {
    code = '42703';
    const response = await fetch(`${url}/Users`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' });
    expect(lines.join('\n')).toMatch(/scim request failed/);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

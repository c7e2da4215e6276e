import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyMigrations, createDatabase, type Database } from '../../../db/client.js';
import { createScimHandler } from '../../../src/scim/index.js';
import { assertNoSecretsLogged, captureLogger } from '../../support/capture-logger.js';
import { freshDatabase } from '../../support/database.js';

export const TOKEN = 'scim-test-token-0123456789abcdef0123456789abcdef';

export type ScimResponse = { status: number; headers: Headers; body: any; text: string };

export type ScimServer = {
  db: Database;
  url: string;
  /** Every onUsersDeactivated call, in order. */
  deactivated: string[][];
  logLines: string[];
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimResponse>;
  close(): Promise<void>;
};

/** The real handler on a real HTTP server, over a fresh database that `close()` drops. */
export async function startScimServer(options: {
  onUsersDeactivated?: (db: Database) => (ids: string[]) => Promise<unknown>;
  /** Where the handler's connections go (e.g. through a TCP proxy that can cut them); migrations go direct. */
  routeDatabase?: (url: string) => string;
} = {}): Promise<ScimServer> {
  const database = await freshDatabase('hubkeeper_test_scim');
  await applyMigrations(database.url);
  const { db, close } = createDatabase(options.routeDatabase?.(database.url) ?? database.url, { max: 4 });
  const deactivated: string[][] = [];
  const { logger, lines } = captureLogger('debug');
  const forward = options.onUsersDeactivated?.(db);
  const handler = createScimHandler({
    db,
    bearerToken: TOKEN,
    logger,
    onUsersDeactivated: async (ids) => {
      deactivated.push(ids);
      await forward?.(ids);
    },
  });
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const target = path.startsWith('/scim/v2') ? path : `/scim/v2${path}`;
    const response = await fetch(url + encodeTarget(target), {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  return {
    db,
    url,
    deactivated,
    logLines: lines,
    request,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
      await database.drop();
      assertNoSecretsLogged(lines, [TOKEN]);
    },
  };
}

/** Fixture targets show queries unencoded, as the sources print them; encode them the way IdPs send them. */
export function encodeTarget(target: string): string {
  const [path, query] = target.split(/\?(.*)/s, 2) as [string, string | undefined];
  if (!query) return path;
  const encoded = query
    .split('&')
    .map((pair) => {
      const [key, ...rest] = pair.split('=');
      return rest.length ? `${key}=${encodeURIComponent(decodeURIComponent(rest.join('=')))}` : key;
    })
    .join('&');
  return `${path}?${encoded}`;
}

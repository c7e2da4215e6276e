import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { localStateFolder, startEmbeddedPostgres } from '../../db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server test databases are created on (`TEST_POSTGRES_URL`, or the embedded one). */
    testPostgresUrl: string;
  }
}

/**
 * vitest globalSetup: with `TEST_POSTGRES_URL` set, tests make their databases there; without it, on an
 * embedded PostgreSQL started for this run (tuned for tests: nothing is fsynced) and removed after it.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_POSTGRES_URL) {
    project.provide('testPostgresUrl', process.env.TEST_POSTGRES_URL);
    return;
  }
  const server = await startEmbeddedPostgres({
    dataDir: join(localStateFolder, `test-${project.name || 'run'}-${randomBytes(4).toString('hex')}`),
    temporary: true,
    settings: { max_connections: '500', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  project.provide('testPostgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}

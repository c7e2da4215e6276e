import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '../../db/client.js';
import { createLogger } from '../../src/lib/logger.js';
import { createScimHandler } from '../../src/scim/index.js';

/**
 * The SCIM server under test, in its own process so the load generator doesn't share its event loop.
 * Reports its port over IPC and runs until the parent disconnects.
 */
const url = process.env.SCIM_BENCH_DATABASE_URL!;
const token = process.env.SCIM_BENCH_TOKEN!;
const { db, close } = createDatabase(url, { max: 10 });
let deactivations = 0;
const handler = createScimHandler({
  db,
  bearerToken: token,
  logger: createLogger('warn'),
  onUsersDeactivated: async () => {
    deactivations++;
  },
});
const server = createServer((req, res) => void handler(req, res));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => void close().then(() => process.exit(deactivations >= 0 ? 0 : 1)));
});

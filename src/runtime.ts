import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import { applyMigrations } from '../db/client.js';
import { startLocalDatabase, type EmbeddedPostgres } from '../db/embedded.js';
import { withDatabase, type ProcessRole, type Settings } from './config.js';
import { createContext, type AppContext, type ContextOverrides } from './context.js';
import { createHttpServer } from './http/server.js';
import { startWorkers, type WorkerOptions, type Workers } from './jobs/workers.js';
import { createScimHandler } from './scim/index.js';
import { queueChecksForDeactivated, recordChecksForDeactivated } from './services/directory/triggers.js';
import { groupMembershipHook } from './services/directory/group-hook.js';
import { createSlackApp, type SlackApp, type SlackAppOptions } from './slack/app.js';
import { drainAfterAck } from './slack/in-flight.js';
import { createLogger } from './lib/logger.js';

export type Running = { ctx: AppContext; port: number; url: string; close(): Promise<void> };

export type StartOptions = ContextOverrides & { workers?: WorkerOptions; host?: string; slackApp?: SlackAppOptions };

/**
 * Starts one process role: `web` (Slack, SCIM, health), `worker` (queues), or `all`. Without `DATABASE_URL`
 * (allowed outside production) it first starts an embedded PostgreSQL, and stops it when it closes.
 */
export async function startHubkeeper(settings: Settings, role: ProcessRole, options: StartOptions = {}): Promise<Running> {
  const logger = options.logger ?? createLogger(settings.LOG_LEVEL);
  let embedded: EmbeddedPostgres | undefined;
  if (!settings.DATABASE_URL) {
    const local = await startLocalDatabase('hubkeeper', { dataDir: settings.EMBEDDED_POSTGRES_DIR });
    embedded = local.server;
    settings = { ...settings, DATABASE_URL: local.url };
    logger.info(
      `No DATABASE_URL: started an embedded PostgreSQL on 127.0.0.1:${local.server.port} with its data in ` +
        `${relative(process.cwd(), local.server.dataDir) || '.'}; set DATABASE_URL to use your own.`,
    );
  }
  const config = withDatabase(settings);
  let ctx: AppContext;
  try {
    await applyMigrations(config.DATABASE_URL);
    ctx = createContext(config, { ...options, logger });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  let slackApp: SlackApp | undefined;
  let workers: Workers | undefined;
  let server: Server | undefined;
  try {
    if (role !== 'worker') slackApp = await createSlackApp(ctx, options.slackApp);
    server = createHttpServer(ctx, {
      slack: slackApp?.requestListener,
      scim: createScimHandler({
        db: ctx.db,
        bearerToken: config.SCIM_BEARER_TOKEN,
        logger: ctx.logger,
        recordDeactivation: (tx, ids) => recordChecksForDeactivated(tx, ids),
        onUsersDeactivated: (ids) => queueChecksForDeactivated(ctx, ids),
        onGroupMembersChanged: groupMembershipHook(ctx),
      }),
    });
    await slackApp?.start();
    if (role !== 'web') workers = await startWorkers(ctx, options.workers);
    // The worker role serves health and metrics too, so an orchestrator can probe it.
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.PORT, options.host ?? '0.0.0.0', resolve);
    });
  } catch (error) {
    await workers?.close();
    await ctx.close();
    await embedded?.stop();
    throw error;
  }
  const httpServer = server;
  const port = (httpServer.address() as AddressInfo).port;
  ctx.logger.info('hubkeeper started', { role, port, socketMode: config.socketMode, queues: ctx.queues.backend });
  return {
    ctx,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await slackApp?.stop();
      await drainAfterAck(10_000);
      await workers?.close();
      await ctx.close();
      await embedded?.stop();
    },
  };
}

import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { RequestListener } from 'node:http';
import type { AppContext } from '../context.js';
import type { Logger } from '../lib/logger.js';
import { countingFetch } from '../lib/slack-fetch.js';
import { registerListeners } from './listeners/index.js';

export type SlackApp = {
  app: App;
  /** Set in HTTP mode: mount it on the shared HTTP server at /slack/events. */
  requestListener?: RequestListener;
  /** Socket Mode only: opens the socket. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

function boltLogger(logger: Logger): BoltLogger {
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => logger.debug(text(msg), { source: 'bolt' }),
    info: (...msg) => logger.info(text(msg), { source: 'bolt' }),
    warn: (...msg) => logger.warn(text(msg), { source: 'bolt' }),
    error: (...msg) => logger.error(text(msg), { source: 'bolt' }),
    setLevel: (next) => (level = next),
    getLevel: () => level,
    setName: () => {},
  };
}

/** Builds the Bolt app (HTTP receiver with signature verification, or Socket Mode) and registers listeners. */
export async function createSlackApp(ctx: AppContext): Promise<SlackApp> {
  const { config } = ctx;
  const logger = boltLogger(ctx.logger);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL, retryConfig: { retries: 2 }, fetch: countingFetch(ctx.metrics) };
  const common = { token: config.SLACK_BOT_TOKEN, logger, clientOptions, deferInitialization: true } as const;
  if (config.socketMode) {
    const app = new App({ ...common, appToken: config.SLACK_APP_TOKEN, socketMode: true });
    registerListeners(app, ctx);
    await app.init();
    return { app, start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: '/slack/events',
    logger,
    // Answer before Slack's 3 s deadline so Slack shows our error, not its own timeout.
    unhandledRequestTimeoutMillis: 2_800,
  });
  const app = new App({ ...common, receiver });
  registerListeners(app, ctx);
  await app.init();
  return { app, requestListener: receiver.requestListener, start: async () => {}, stop: async () => {} };
}

import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { RequestListener } from 'node:http';
import type { AppContext } from '../context.js';
import { countingFetch } from '../lib/slack-fetch.js';
import { slackLogger } from '../lib/slack-logger.js';
import { registerListeners } from './listeners/index.js';
import { foreignRequest, guardSlackRequests, requestTeam, type SlackIdentity } from './request-guard.js';

export type SlackApp = {
  app: App;
  /** Set in HTTP mode: mount it on the shared HTTP server at /slack/events. */
  requestListener?: RequestListener;
  /** Socket Mode only: opens the socket. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type SlackAppOptions = {
  /** Socket Mode: the wait between reconnect attempts grows by this much per failure (Slack's default 5 s). */
  socketPingTimeoutMs?: number;
};

/** Who this installation is: auth.test names the workspace and bot, bots.info the app. */
async function identify(ctx: AppContext): Promise<SlackIdentity & { botId?: string; botUserId?: string }> {
  const auth = await ctx.slack.auth.test();
  const botId = auth.bot_id;
  const appId = botId
    ? await ctx.slack.bots.info({ bot: botId }).then((info) => info.bot?.app_id, (error: unknown) => {
      ctx.logger.warn('bots.info failed: requests are checked for the workspace only, not the app', { error });
      return undefined;
    })
    : undefined;
  return { teamId: auth.team_id!, appId, botId, botUserId: auth.user_id };
}

/** What listeners see: the database client whose statements time out, since someone waits on each answer. */
const listenerContext = (ctx: AppContext): AppContext => ({ ...ctx, db: ctx.slackDb });

/** Builds the Bolt app (HTTP receiver with signature verification, or Socket Mode) and registers listeners. */
export async function createSlackApp(ctx: AppContext, options: SlackAppOptions = {}): Promise<SlackApp> {
  const { config } = ctx;
  const logger = slackLogger(ctx.logger, 'bolt');
  const identity = await identify(ctx);
  const transport = { slackApiUrl: config.SLACK_API_URL, fetch: countingFetch(ctx.metrics) };
  // Known bot ids spare Bolt its own auth.test.
  const common = {
    token: config.SLACK_BOT_TOKEN, logger, botId: identity.botId, botUserId: identity.botUserId, deferInitialization: true,
    clientOptions: { ...transport, retryConfig: { retries: 2 } },
  } as const;
  if (config.socketMode) {
    // The socket client gets no retryConfig: Bolt would hand it the app's short one, and a Slack outage during a
    // reconnect would then end in an unhandled rejection (reference §13). Its own default retries for long.
    const receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN!,
      logger,
      installerOptions: { clientOptions: transport },
      ...(options.socketPingTimeoutMs ? { clientPingTimeout: options.socketPingTimeoutMs } : {}),
    });
    const app = new App({ ...common, receiver });
    // Envelopes carry no signature; still, one for another workspace or app is answered and ignored.
    app.use(async (args) => {
      const body = args.body as unknown as Record<string, unknown>;
      const foreign = foreignRequest(body, identity);
      if (!foreign) return args.next();
      ctx.logger.warn(`ignored a Socket Mode envelope for ${foreign}`, { team: requestTeam(body) });
      await (args as { ack?: () => Promise<void> }).ack?.();
    });
    registerListeners(app, listenerContext(ctx));
    await app.init();
    return { app, start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
  }
  const signingSecret = config.SLACK_SIGNING_SECRET!;
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: '/slack/events',
    logger,
    // Answer before Slack's 3 s deadline so Slack shows our error, not its own timeout.
    unhandledRequestTimeoutMillis: 2_800,
  });
  const app = new App({ ...common, receiver });
  registerListeners(app, listenerContext(ctx));
  await app.init();
  const requestListener = guardSlackRequests(receiver.requestListener, { signingSecret, identity, logger: ctx.logger });
  return { app, requestListener, start: async () => {}, stop: async () => {} };
}

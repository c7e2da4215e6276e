import type { Logger } from './lib/logger.js';

type ProcessLike = Pick<NodeJS.Process, 'on'>;

/**
 * Nothing dies silently. An unhandled rejection is logged (as JSON, with what we know) and the process carries
 * on: a library's stray promise (e.g. a Socket Mode reconnect during a Slack outage) must not take the app
 * down. An uncaught exception leaves the process in an unknown state: it is logged, and `fatal` shuts down
 * cleanly with a non-zero code so the supervisor restarts it.
 */
export function installProcessGuards(target: ProcessLike, logger: () => Logger, fatal: (reason: string) => void): void {
  target.on('unhandledRejection', (reason) => {
    logger().error('unhandled promise rejection', { error: describe(reason), kind: 'unhandledRejection' });
  });
  target.on('uncaughtException', (error, origin) => {
    logger().error('uncaught exception: shutting down so the supervisor restarts the process', {
      error: describe(error), origin, kind: 'uncaughtException',
    });
    fatal('uncaughtException');
  });
}

function describe(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { value: String(value) };
  const data = (value as { data?: { error?: unknown }; code?: unknown }).data;
  return {
    name: value.name,
    message: value.message,
    ...((value as { code?: unknown }).code !== undefined ? { code: (value as { code?: unknown }).code } : {}),
    ...(data?.error !== undefined ? { slackError: data.error } : {}),
    stack: value.stack?.split('\n').slice(0, 6).join('\n'),
  };
}

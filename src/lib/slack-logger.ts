import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from './logger.js';

/**
 * The logger interface Bolt, the Web API client and the Socket Mode client expect, writing through Hubkeeper's
 * JSON logger, so what Slack's libraries say lands in the same structured lines (secrets redacted).
 */
export function slackLogger(logger: Logger, source: string): SlackLogger {
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...msg) => logger.debug(text(msg), { source }),
    info: (...msg) => logger.info(text(msg), { source }),
    warn: (...msg) => logger.warn(text(msg), { source }),
    error: (...msg) => logger.error(text(msg), { source }),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => {},
  };
}

import { createLogger, type Logger } from '../../src/lib/logger.js';

/** A real JSON logger whose lines are kept for assertions (and for the "no secret in any log line" check). */
export function captureLogger(level: 'debug' | 'info' = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(level, {}, (line) => {
    lines.push(line);
    if (process.env.HUBKEEPER_TEST_LOGS) process.stdout.write(line + '\n');
  });
  return { logger, lines };
}

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

/** Throws (naming no secret) when any captured log line contains one of the secrets. */
export function assertNoSecretsLogged(lines: readonly string[], secrets: readonly string[]): void {
  const leaks = lines.filter((line) => secrets.some((secret) => line.includes(secret)));
  if (leaks.length === 0) return;
  const shown = secrets.reduce((line, secret) => line.split(secret).join('[SECRET]'), leaks[0]!);
  throw new Error(`${leaks.length} log line(s) contain a secret, e.g.: ${shown.slice(0, 400)}`);
}

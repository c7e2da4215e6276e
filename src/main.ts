import { ConfigError, loadConfig, parseProcessRole } from './config.js';
import { startHubkeeper, type Running } from './runtime.js';
import { createLogger } from './lib/logger.js';
import { installProcessGuards } from './process-guards.js';

async function main() {
  const role = parseProcessRole(process.argv[2] ?? process.env.HUBKEEPER_ROLE);
  let running: Running | undefined;
  let requested: string | undefined;
  let stopping = false;
  let exitCode = 0;
  const stop = async (signal: string) => {
    requested ??= signal;
    if (!running || stopping) return; // a signal during start-up is honoured once started
    stopping = true;
    running.ctx.logger.info('shutting down: draining workers and closing connections', { signal });
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    await running.close().catch(() => {});
    clearTimeout(force);
    process.exit(exitCode);
  };
  const fallback = createLogger('info');
  installProcessGuards(process, () => running?.ctx.logger ?? fallback, (reason) => {
    exitCode = 1;
    if (!running) process.exit(1);
    void stop(reason);
  });
  // Listen before starting, with one listener for the whole life of the process: a SIGTERM that lands while
  // start-up finishes must not be lost. (Removing a signal's last listener and adding another, even in the same
  // tick, closes libuv's signal handle, and a signal already caught but not yet dispatched is dropped.)
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  running = await startHubkeeper(loadConfig(), role);
  if (requested) await stop(requested);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(JSON.stringify({ level: 'error', msg: 'hubkeeper failed to start', error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});

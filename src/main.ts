import { ConfigError, loadConfig, parseProcessRole } from './config.js';
import { startHubkeeper } from './runtime.js';

async function main() {
  const role = parseProcessRole(process.argv[2] ?? process.env.HUBKEEPER_ROLE);
  const config = loadConfig();
  // Signals are handled from the first moment: one that arrives during start-up stops the process once it is up.
  let signalled: string | undefined;
  const early = (signal: string) => (signalled = signal);
  process.once('SIGTERM', early);
  process.once('SIGINT', early);
  const running = await startHubkeeper(config, role);
  process.off('SIGTERM', early);
  process.off('SIGINT', early);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ctx.logger.info('shutting down: draining workers and closing connections', { signal });
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    await running.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (signalled) await stop(signalled);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(JSON.stringify({ level: 'error', msg: 'hubkeeper failed to start', error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});

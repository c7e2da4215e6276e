import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './redis-server.js';

/**
 * A loopback TCP proxy in front of a shared service (Postgres), so one app can lose it without the others.
 * `stop()` is a network partition: new connections are refused and open ones go silent (paused, nothing
 * lost); `start()` heals it. (Cutting open connections instead trips postgres.js issue #1208.)
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const port = await freePort();
  const pairs = new Set<[Socket, Socket]>();
  let server: Server | undefined;
  let flowing = true;
  const flow = ([client, upstream]: [Socket, Socket]) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const proxy = {
    port,
    async start() {
      if (server) return;
      flowing = true;
      for (const pair of pairs) flow(pair);
      server = createServer((client) => {
        const pair: [Socket, Socket] = [client, connect(target.port, target.host)];
        pairs.add(pair);
        for (const socket of pair) {
          socket.on('error', () => socket.destroy());
          socket.once('close', () => {
            pairs.delete(pair);
            for (const other of pair) other.destroy();
          });
        }
        if (flowing) flow(pair);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      const closing = server;
      server = undefined;
      flowing = false;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      // Stops accepting at once; its callback would wait for the (paused) open connections, so don't wait.
      closing?.close();
    },
    /** Closes everything for good (the end of a test). */
    async close() {
      await proxy.stop();
      for (const pair of pairs) for (const socket of pair) socket.destroy();
    },
  };
  await proxy.start();
  return proxy;
}

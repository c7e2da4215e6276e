import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

/**
 * The floor the SCIM server is measured against: a bare Node HTTP server that reads each request's JSON body
 * and makes one Postgres insert (a prepared statement, the same pool size as the SCIM server's), then answers
 * 201 with the new row's id. No auth, no validation, no audit: what one round trip per request costs here.
 * In its own process, like the SCIM server; reports its port over IPC and runs until the parent disconnects.
 */
const sql = postgres(process.env.SCIM_BENCH_DATABASE_URL!, { max: 10, onnotice: () => {} });
await sql`create table if not exists bench_floor (id uuid primary key default gen_random_uuid(), body jsonb not null)`;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = chunks.length ? Buffer.concat(chunks).toString('utf8') : '{}';
    sql`insert into bench_floor (body) values (${body}::jsonb) returning id`.then(([row]) => {
      const text = JSON.stringify({ id: row!.id });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    }, (error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => void sql.end({ timeout: 5 }).then(() => process.exit(0)));
});

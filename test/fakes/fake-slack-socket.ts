// Socket Mode for the fake Slack (reference slack.md §2 and §13): `apps.connections.open` answers a ws:// URL
// on the fake's own HTTP server, the socket says `hello`, carries envelopes and reads the acks. A minimal
// RFC 6455 server (the client is undici's WebSocket inside @slack/socket-mode 3), so no dependency is needed.
// An ack later than 3 s is refused, as Slack refuses it: the envelope counts as unanswered.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

type Json = Record<string, unknown>;
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const ACK_DEADLINE_MS = 3000;

export interface SocketEnvelope {
  envelopeId: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Json;
  sentAt: number;
  /** The ack's payload (`{}` when the app acked without one); undefined until acked in time. */
  ack?: Json;
  ackMs?: number;
  /** Acked, but after Slack's 3 s: Slack already showed the person an error. */
  late?: boolean;
}

export interface FakeSocketMode {
  readonly connections: number;
  readonly envelopes: SocketEnvelope[];
  /** Refuse the next `times` apps.connections.open calls (HTTP 503, as during an outage). */
  refuseConnections(times: number): void;
  readonly refusedOpens: number;
  /** Sends an envelope over the open socket; resolves with it once acked (rejects when late or never). */
  send(type: SocketEnvelope['type'], payload: Json, timeoutMs?: number): Promise<SocketEnvelope>;
  /** Ends every open socket without a close handshake (a network drop). */
  drop(): void;
  waitForConnection(count: number, timeoutMs?: number): Promise<void>;
}

interface Conn {
  socket: Duplex;
  buffer: Buffer;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len])
    : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/** Parses complete frames off the front of the buffer; returns what is left. */
function readFrames(conn: Conn, onFrame: (opcode: number, payload: Buffer) => void): void {
  for (;;) {
    const b = conn.buffer;
    if (b.length < 2) return;
    const opcode = b[0]! & 0x0f;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return;
      len = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const maskAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + len) return;
    const payload = Buffer.from(b.subarray(offset, offset + len));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= b[maskAt + (i % 4)]!;
    conn.buffer = b.subarray(offset + len);
    onFrame(opcode, payload);
  }
}

export function createFakeSocketMode(base: () => string, now: () => number) {
  const open = new Set<Conn>();
  const envelopes: SocketEnvelope[] = [];
  const waiters = new Map<string, (env: SocketEnvelope) => void>();
  let refuse = 0;
  let refused = 0;
  let connections = 0;

  const sendJson = (conn: Conn, body: Json) => conn.socket.write(frame(1, Buffer.from(JSON.stringify(body))));

  function onText(text: string) {
    let msg: Json;
    try {
      msg = JSON.parse(text) as Json;
    } catch {
      return;
    }
    const env = envelopes.find((e) => e.envelopeId === msg.envelope_id);
    if (!env || env.ack || env.late) return;
    const ms = now() - env.sentAt;
    if (ms > ACK_DEADLINE_MS) env.late = true;
    else Object.assign(env, { ack: (msg.payload as Json | undefined) ?? {}, ackMs: ms });
    waiters.get(env.envelopeId)?.(env);
  }

  return {
    /** `apps.connections.open`: a fresh socket URL, or a refusal while an outage lasts. */
    open(): { status: number; body: Json } {
      if (refuse > 0) {
        refuse--;
        refused++;
        return { status: 503, body: { ok: false, error: 'service_unavailable' } };
      }
      return { status: 200, body: { ok: true, url: `${base().replace(/^http/, 'ws')}/socket/${randomUUID()}` } };
    },

    upgrade(req: IncomingMessage, socket: Duplex): void {
      const key = req.headers['sec-websocket-key'];
      if (!/^\/socket\//.test(req.url ?? '') || typeof key !== 'string') return void socket.destroy();
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
      const conn: Conn = { socket, buffer: Buffer.alloc(0) };
      open.add(conn);
      connections++;
      socket.on('data', (chunk: Buffer) => {
        conn.buffer = Buffer.concat([conn.buffer, chunk]);
        readFrames(conn, (opcode, payload) => {
          if (opcode === 1) onText(payload.toString('utf8'));
          else if (opcode === 9) socket.write(frame(10, payload));
          else if (opcode === 8) {
            socket.end(frame(8, payload.subarray(0, 2)));
            open.delete(conn);
          }
        });
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => open.delete(conn));
      sendJson(conn, { type: 'hello', num_connections: open.size, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0HUB' } });
    },

    api: {
      get connections() {
        return connections;
      },
      get refusedOpens() {
        return refused;
      },
      envelopes,
      refuseConnections(times: number) {
        refuse = times;
      },
      send(type, payload, timeoutMs = ACK_DEADLINE_MS + 500) {
        const conn = [...open].at(-1);
        if (!conn) return Promise.reject(new Error('fake-slack: no Socket Mode connection is open'));
        const env: SocketEnvelope = { envelopeId: randomUUID(), type, payload, sentAt: now() };
        envelopes.push(env);
        sendJson(conn, { envelope_id: env.envelopeId, type, payload, accepts_response_payload: type !== 'events_api',
          retry_attempt: 0, retry_reason: '' });
        return new Promise<SocketEnvelope>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`fake-slack: envelope ${type} not acked within ${ACK_DEADLINE_MS} ms`)), timeoutMs);
          waiters.set(env.envelopeId, (done) => {
            clearTimeout(timer);
            if (done.late) reject(new Error(`fake-slack: envelope ${type} acked late (Slack had given up)`));
            else resolve(done);
          });
        });
      },
      drop() {
        for (const conn of open) conn.socket.destroy();
        open.clear();
      },
      async waitForConnection(count, timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        while (connections < count || open.size === 0) {
          if (Date.now() > deadline) throw new Error(`fake-slack: ${connections} Socket Mode connections, wanted ${count}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    } satisfies FakeSocketMode,

    close() {
      for (const conn of open) conn.socket.destroy();
      open.clear();
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertJsonDepth, assertStorableText } from './body-guard.js';
import { badRequest, ScimError } from './errors.js';
import { isPlainObject } from './resource/coerce.js';
import { SCIM_CONTENT_TYPE } from './schema/urns.js';

/** Bodies of this size or more are refused; a 2,000-member PATCH is about 100 KB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this we stop draining an oversized body and drop the connection. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

const tooLarge = () => new ScimError(413, `The request body must be smaller than ${MAX_BODY_BYTES} bytes`);

/**
 * Reads a JSON object body. An oversized body is drained (up to a bound) before the 413, so the client gets
 * the error instead of a reset connection.
 */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'];
  if (type && !/json/i.test(type)) {
    throw new ScimError(415, `Send the body as application/scim+json or application/json, not ${type}`);
  }
  const raw = await readBody(req);
  if (raw.length === 0) throw badRequest('invalidSyntax', 'The request has no body');
  const text = raw.toString('utf8');
  assertJsonDepth(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest('invalidSyntax', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw badRequest('invalidSyntax', 'The body must be a JSON object');
  assertStorableText(parsed);
  return parsed;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = Number(req.headers['content-length']) >= MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size >= MAX_BODY_BYTES) oversized = true;
      if (oversized) {
        chunks.length = 0;
        if (size > MAX_DRAIN_BYTES) req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => (oversized ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(oversized ? tooLarge() : new Error('request aborted'));
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': SCIM_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export function sendError(res: ServerResponse, error: ScimError): void {
  const headers: Record<string, string> = { ...error.headers };
  if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="hubkeeper-scim"';
  if (error.status === 413) headers.connection = 'close';
  sendJson(res, error.status, error.toBody(), headers);
}

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { verifySlackRequest } from '@slack/bolt';
import type { Logger } from '../lib/logger.js';

/** The workspace and app this installation answers for (from auth.test and bots.info at start). */
export type SlackIdentity = { teamId: string; appId?: string };

const MAX_BODY_BYTES = 1_000_000;
const SKEW_SECONDS = 300;

type Refusal = { status: number; reason: string };

function refuse(res: ServerResponse, { status }: Refusal) {
  if (!res.headersSent) res.writeHead(status).end();
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parsed as Bolt parses it; undefined when it is not a JSON object (e.g. `payload=null` or broken JSON). */
function parseBody(text: string, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    let value: unknown;
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(text);
      value = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    } else {
      value = JSON.parse(text);
    }
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const field = (value: unknown, key: string) => (value && typeof value === 'object' ? str((value as Record<string, unknown>)[key]) : undefined);

/** The workspace a request speaks for: commands and events say `team_id`, interactions `team.id`. */
export function requestTeam(body: Record<string, unknown>): string | undefined {
  return str(body.team_id) ?? field(body.team, 'id') ?? field(body.user, 'team_id');
}

/** Why a verified, parsed request is not for this installation, if it is not. */
export function foreignRequest(body: Record<string, unknown>, identity: SlackIdentity): string | undefined {
  const team = requestTeam(body);
  if (team && team !== identity.teamId) return 'another workspace';
  const app = str(body.api_app_id);
  if (app && identity.appId && app !== identity.appId) return 'another app';
  return undefined;
}

/**
 * In front of Bolt's HTTP receiver: refuses what Bolt lets through. A timestamp more than 5 minutes in the
 * future is refused like a stale one (Bolt only checks the past); a signed body that is not a JSON object gets
 * a 400 instead of crashing the listener; a request for another workspace or app is refused. What passes is
 * handed to Bolt already buffered, and Bolt verifies it again.
 */
export function guardSlackRequests(listener: RequestListener, options: { signingSecret: string; identity: SlackIdentity; logger: Logger }): RequestListener {
  const { logger } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return listener(req, res);
    const raw = await readBody(req);
    if (!raw) return refuse(res, { status: 413, reason: 'body too large' });
    const text = raw.toString('utf8');
    const contentType = req.headers['content-type'];
    const sslCheck = contentType === 'application/x-www-form-urlencoded' && parseQuery(text).ssl_check === '1';
    if (!sslCheck) {
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const signature = req.headers['x-slack-signature'];
      try {
        if (Number.isFinite(timestamp) && timestamp > Math.floor(Date.now() / 1000) + SKEW_SECONDS) {
          throw new Error('timestamp is more than 5 minutes in the future');
        }
        verifySlackRequest({
          signingSecret: options.signingSecret,
          body: text,
          headers: { 'x-slack-signature': String(signature ?? ''), 'x-slack-request-timestamp': timestamp },
        });
      } catch (error) {
        logger.warn('refused a Slack request: not signed by Slack', { error: (error as Error).message });
        return refuse(res, { status: 401, reason: 'signature' });
      }
      const body = parseBody(text, contentType);
      if (!body) {
        logger.warn('refused a signed Slack request: its body is not a JSON object', { contentType });
        return refuse(res, { status: 400, reason: 'malformed' });
      }
      const foreign = body.type === 'url_verification' ? undefined : foreignRequest(body, options.identity);
      if (foreign) {
        logger.warn(`refused a Slack request for ${foreign}`, { team: requestTeam(body), app: str(body.api_app_id) });
        return refuse(res, { status: 403, reason: foreign });
      }
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    return listener(req, res);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('Slack request failed before it reached a listener', { error });
      refuse(res, { status: 500, reason: 'internal' });
    });
  };
}

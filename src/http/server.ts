import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AppContext } from '../context.js';
import { createBearerCheck } from '../lib/bearer.js';
import { checkHealth } from '../services/operations/health.js';

export type Routes = {
  /** Bolt's HTTP receiver; absent in Socket Mode. */
  slack?: RequestListener;
  scim: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
};

function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.writeHead(status, { 'content-type': type }).end(body);
}

/** One HTTP server for Slack, SCIM, health and metrics. */
export function createHttpServer(ctx: AppContext, routes: Routes): Server {
  // Metrics name queues, hubs' task counts and Slack methods: with a token set, only the scraper reads them.
  const token = ctx.config.METRICS_BEARER_TOKEN;
  const metricsAllowed = token ? createBearerCheck(token) : () => true;
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/slack/events' && routes.slack) return routes.slack(req, res);
    if (path === '/scim/v2' || path.startsWith('/scim/v2/')) {
      res.once('finish', () => ctx.metrics.scimRequests.inc({ method: req.method ?? 'GET', outcome: `${Math.floor(res.statusCode / 100)}xx` }));
      return void routes.scim(req, res).catch((error) => {
        ctx.logger.error('scim handler failed', { error });
        if (!res.headersSent) send(res, 500, JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'Internal error' }), 'application/scim+json');
      });
    }
    if (req.method === 'GET' && path === '/healthz') {
      return void checkHealth(ctx).then((health) => send(res, health.ok ? 200 : 503, JSON.stringify(health)));
    }
    if (req.method === 'GET' && path === '/metrics') {
      if (!metricsAllowed(req.headers.authorization)) {
        res.setHeader('www-authenticate', 'Bearer');
        return send(res, 401, JSON.stringify({ error: 'metrics need Authorization: Bearer <METRICS_BEARER_TOKEN>' }));
      }
      return void ctx.metrics.registry.metrics().then((text) => send(res, 200, text, ctx.metrics.registry.contentType));
    }
    send(res, 404, JSON.stringify({ error: 'not_found' }));
  });
}

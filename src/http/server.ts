import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';

export type HttpRoutes = {
  slack?: RequestListener;
  lark?: RequestListener;
  /** Readiness: the database answers and the service is not shutting down. */
  ready: () => Promise<boolean>;
  metrics: Metrics;
  /** Any other path (the local sandbox's page and Slack emulation); returns false when it is not one of its own. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** One node:http server for every contract path (README, "Operating it"): Slack, health and metrics. */
export function createHttpServer(routes: HttpRoutes, logger: Logger): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      routes.metrics.observeRequest(
        path ?? '/',
        res.statusCode,
        Number(process.hrtime.bigint() - started) / 1e6,
      );
    });
    if (req.method === 'POST' && path === '/slack/events') {
      if (routes.slack) return routes.slack(req, res);
      return json(res, 404, {
        error:
          'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to receive Slack requests.',
      });
    }
    if (req.method === 'POST' && (path === '/lark/events' || path === '/lark/card')) {
      if (routes.lark) return routes.lark(req, res);
      return json(res, 404, {
        error:
          'Lark is not configured: set LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY to receive Lark requests.',
      });
    }
    // Liveness only: the process and its event loop answer. A database blip must not make an
    // orchestrator restart every replica; that is what /readyz is for.
    if (req.method === 'GET' && path === '/healthz') return json(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/readyz') {
      routes
        .ready()
        .then((up) => json(res, up ? 200 : 503, { status: up ? 'ready' : 'unavailable' }))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'readiness check failed');
          json(res, 503, { status: 'unavailable' });
        });
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      routes.metrics
        .render()
        .then((text) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(text);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'metrics failed');
          json(res, 500, { error: 'metrics unavailable' });
        });
      return;
    }
    if (routes.extra?.(req, res)) return;
    json(res, 404, { error: 'not found' });
  });
}

import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { declaredTooLarge, MAX_BODY_BYTES } from '../bounded-body.ts';
import type { Logger } from '../logger.ts';
import type { ServiceMetrics } from '../metrics/service-metrics.ts';
import { currentRequest, inRequest } from '../request-context.ts';

export type HttpRoutes = {
  slack?: RequestListener;
  lark?: RequestListener;
  /** Readiness: the database answers and the service is not shutting down. */
  ready: () => Promise<boolean>;
  metrics: ServiceMetrics;
  /** Serve /metrics here too; false when METRICS_PORT gives it a listener of its own. */
  serveMetrics: boolean;
  /** Any other path (the local sandbox's page and Slack emulation); returns false when it is not one of its own. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeout of the proxies and
 * load balancers in front (60 s is common), so the service never closes a connection at the moment
 * one of them sends a request on it — Node's 5 s default made that race, and the request failed
 * with a reset.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** One node:http server for every contract path (README, "Operating it"): Slack, health and metrics. */
export function createHttpServer(routes: HttpRoutes, logger: Logger): Server {
  const server = createServer((req, res) => inRequest(() => route(routes, logger, req, res)));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Node's rule: headers may take no longer than the connection may stay idle.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return server;
}

/** Probes and scrapes are logged at debug: an orchestrator polls them every few seconds. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** One access-log line per request, with the request id its handling settled on (see request-context.ts). */
function observe(
  routes: HttpRoutes,
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  const started = process.hrtime.bigint();
  const request = currentRequest();
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    routes.metrics.observeRequest(path, res.statusCode, seconds);
    const line = {
      ...(request ? { requestId: request.requestId } : {}),
      method: req.method,
      path,
      status: res.statusCode,
      ms: Math.round(seconds * 10_000) / 10,
    };
    if (QUIET_PATHS.has(path)) logger.debug(line, 'request');
    else logger.info(line, 'request');
  });
}

/** Answers one request by its path (what it returns is ignored). */
function route(routes: HttpRoutes, logger: Logger, req: IncomingMessage, res: ServerResponse): unknown {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  observe(routes, logger, req, res, path);
  // Refused before any handler reads a byte; chunked bodies are capped by each handler as they read.
  if (declaredTooLarge(req)) {
    return json(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
  }
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
  if (req.method === 'GET' && path === '/metrics' && routes.serveMetrics)
    return serveMetrics(routes.metrics, logger, res);
  if (routes.extra?.(req, res)) return;
  json(res, 404, { error: 'not found' });
}

function serveMetrics(metrics: ServiceMetrics, logger: Logger, res: ServerResponse): void {
  metrics
    .render()
    .then((text) => {
      res.writeHead(200, { 'content-type': metrics.contentType });
      res.end(text);
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'metrics failed');
      json(res, 500, { error: 'metrics unavailable' });
    });
}

/** METRICS_PORT: /metrics alone on a listener of its own, so the service's public port need not expose it. */
export function createMetricsServer(metrics: ServiceMetrics, logger: Logger): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') return serveMetrics(metrics, logger, res);
    json(res, 404, { error: 'not found: this port serves GET /metrics only' });
  });
}

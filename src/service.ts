import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppDeps, type Clock, createAppDeps } from './app/context.ts';
import { larkGroupChatStore } from './app/group-chats.ts';
import { homeScreen } from './app/home/home-screen.ts';
import { type Config, larkConfigured, slackConfigured } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { createHttpServer, createMetricsServer, type HttpRoutes } from './http/server.ts';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './jobs/outbox-worker.ts';
import { createProfileSync, type ProfileSync } from './jobs/profile-sync.ts';
import { createScheduler, type Scheduler } from './jobs/scheduler.ts';
import type { Logger } from './logger.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics/service-metrics.ts';
import { createLarkClient } from './platforms/lark/client.ts';
import { createLarkHttpHandler } from './platforms/lark/http.ts';
import { createLarkNotifier, larkProfileSource } from './platforms/lark/notifier.ts';
import { startLarkLongConnection } from './platforms/lark/ws.ts';
import { createSlackTransport } from './platforms/slack/app.ts';
import { createSlackNotifier, createSlackWebClient } from './platforms/slack/notifier.ts';
import { slackProfileSource } from './platforms/slack/profiles.ts';

export type ServiceOptions = {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Tests drive the scheduler's ticks themselves. */
  scheduler?: boolean;
  /** Tests hand in a database they prepared; otherwise it is opened from the config. */
  database?: Database;
  outbox?: Partial<Omit<OutboxWorkerOptions, 'db' | 'logger' | 'notifiers'>>;
  /** How long requests in flight may take to finish on stop before their connections are cut. */
  shutdownTimeoutMs?: number;
  /** The local sandbox: binds to `host` (loopback) and serves its own routes on the service's port. */
  http?: { host?: string; extra?: HttpRoutes['extra'] };
};

export type Service = {
  url: string;
  port: number;
  /** Where /metrics is served when METRICS_PORT gives it a listener of its own. */
  metricsUrl?: string;
  deps: AppDeps;
  database: Database;
  outbox: OutboxWorker;
  profiles: ProfileSync;
  scheduler: Scheduler;
  /** Resolves once the work requests so far began has finished (Slack events are answered first). */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

/** Composition root: database → use cases → Slack → outbox worker → HTTP. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  const database =
    options.database ??
    openDatabase({ ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : {}), dataDir: config.DATA_DIR });
  await database.migrate();

  let outbox: OutboxWorker | undefined;
  const metrics = createServiceMetrics(database.db);
  const deps = createAppDeps(config, {
    db: database.db,
    logger,
    clock: options.clock,
    outboxQueued: () => outbox?.kick(),
    instruments: metrics,
  });

  const slack = slackConfigured(config) ? createSlackTransport(config, deps) : undefined;
  const slackClient = slackConfigured(config)
    ? createSlackWebClient(config.SLACK_BOT_TOKEN!, config.SLACK_API_URL, logger)
    : undefined;
  const lark = larkConfigured(config)
    ? createLarkClient(
        { appId: config.LARK_APP_ID!, appSecret: config.LARK_APP_SECRET!, domain: config.LARK_DOMAIN },
        logger,
      )
    : undefined;
  const notifiers = {
    ...(slackClient ? { slack: createSlackNotifier(slackClient) } : {}),
    ...(lark
      ? {
          lark: createLarkNotifier(lark, {
            groupChats: larkGroupChatStore(database.db),
            logger,
            domain: config.LARK_DOMAIN,
          }),
        }
      : {}),
  };
  outbox = createOutboxWorker({
    db: database.db,
    logger,
    notifiers,
    instruments: metrics,
    homeScreen: (platform, userId) => homeScreen(deps, { platform, userId }),
    stopDeadlineMs: options.shutdownTimeoutMs ?? 10_000,
    ...options.outbox,
  });
  const profiles = createProfileSync({
    db: database.db,
    logger,
    sources: {
      ...(slackClient ? { slack: slackProfileSource(slackClient) } : {}),
      ...(lark ? { lark: larkProfileSource(lark) } : {}),
    },
  });
  const larkHttp =
    lark && config.LARK_MODE === 'http'
      ? createLarkHttpHandler(deps, {
          encryptKey: config.LARK_ENCRYPT_KEY!,
          ...(config.LARK_VERIFICATION_TOKEN ? { verificationToken: config.LARK_VERIFICATION_TOKEN } : {}),
        })
      : undefined;

  let shuttingDown = false;
  const server = createHttpServer(
    {
      ...(slack?.requestListener ? { slack: slack.requestListener } : {}),
      ...(larkHttp ? { lark: (req, res) => void larkHttp(req, res) } : {}),
      ready: async () => !shuttingDown && (await database.ping()),
      metrics,
      serveMetrics: config.METRICS_PORT === undefined,
      ...(options.http?.extra ? { extra: options.http.extra } : {}),
    },
    logger,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const host = options.http?.host;
    if (host) server.listen(config.PORT, host, () => resolve());
    else server.listen(config.PORT, () => resolve());
  });
  const metricsServer =
    config.METRICS_PORT === undefined
      ? undefined
      : await listenForMetrics(metrics, config.METRICS_PORT, logger);
  await slack?.start();
  const larkSocket =
    lark && config.LARK_MODE === 'ws'
      ? startLarkLongConnection(deps, {
          appId: config.LARK_APP_ID!,
          appSecret: config.LARK_APP_SECRET!,
          domain: config.LARK_DOMAIN,
        })
      : undefined;
  const scheduler = createScheduler(deps, {
    retention: { outboxDays: config.OUTBOX_RETENTION_DAYS, inboundDays: config.INBOUND_RETENTION_DAYS },
  });
  outbox.start();
  profiles.start();
  if (options.scheduler !== false) scheduler.start();
  const port = (server.address() as AddressInfo).port;
  const worker = outbox;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ...(metricsServer
      ? { metricsUrl: `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}` }
      : {}),
    deps,
    database,
    outbox: worker,
    profiles,
    scheduler,
    idle: async () => {
      await slack?.idle();
    },
    /**
     * Graceful: readiness fails at once, no new connections are accepted, requests in flight are
     * answered (each one that got a 200 is stored), then the jobs stop (the outbox worker finishes
     * the messages in hand and releases the rest), then the database closes. Connections still busy
     * after `shutdownTimeoutMs` are cut; deliveries still in hand when it is up are left pending
     * (their rows come back), so the whole stop keeps within about that time.
     */
    async stop() {
      const endBy = Date.now() + (options.shutdownTimeoutMs ?? 10_000);
      shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
      await slack?.stop();
      larkSocket?.stop();
      await closed;
      // Events are answered before their listener runs: what the last ones began is finished first.
      await slack?.idle();
      clearTimeout(cut);
      metricsServer?.closeAllConnections();
      await new Promise<void>((resolve) =>
        metricsServer ? metricsServer.close(() => resolve()) : resolve(),
      );
      await scheduler.stop();
      profiles.stop();
      // What is left of the shutdown's time, and at least a moment for a delivery about to finish.
      await worker.stop(Math.max(1000, endBy - Date.now()));
      if (!options.database) await database.close();
    },
  };
}

async function listenForMetrics(metrics: ServiceMetrics, port: number, logger: Logger): Promise<Server> {
  const server = createMetricsServer(metrics, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}

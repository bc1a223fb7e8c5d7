import {
  ConfigError,
  larkConfigured,
  loadConfig,
  sandboxEnabled,
  slackConfigured,
  startupRefusal,
} from './config.ts';
import { createLogger } from './logger.ts';
import { startService } from './service.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const refusal = startupRefusal(config);
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Loaded only when it runs: the sandbox is not part of a production service's module graph.
  const sandbox = sandboxEnabled(config)
    ? await (await import('./sandbox/start.ts')).startSandbox({
        config,
        logger,
        shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      })
    : undefined;
  const service =
    sandbox ?? (await startService({ config, logger, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS }));
  logger.info(
    {
      url: service.url,
      database: service.database.kind,
      dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
      sandbox: sandbox?.sandboxUrl,
    },
    'AccountDesk is running',
  );
  if (sandbox) {
    if (slackConfigured(config))
      logger.warn(
        'SANDBOX=1: the bot talks to the local sandbox workspace, not to the configured Slack workspace',
      );
    logger.info(
      `Open ${sandbox.sandboxUrl} to try AccountDesk in a local sandbox workspace with a demo team (it answers on this machine only; nothing leaves it).`,
    );
  }
  if (!sandbox && !slackConfigured(config) && !larkConfigured(config) && config.DATABASE_URL) {
    logger.warn(
      'No chat platform is configured and DATABASE_URL is set: serving no chat at all. The local sandbox never starts on DATABASE_URL by itself (SANDBOX=1 runs it on its own embedded database).',
    );
  }
  if (!slackConfigured(config) && !larkConfigured(config)) {
    logger.warn(
      'Slack is not connected: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to connect a workspace; see README "Install the Slack app". For Lark/Feishu set LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY; see manifest/lark.md.',
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
    // Past the timeout plus a margin for the jobs and the database, give up rather than hang.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
    await service.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `AccountDesk failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

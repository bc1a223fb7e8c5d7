/**
 * Child process: the real AccountDesk service (src/service.ts) on Postgres, plus the fake Slack Web
 * API its outbox worker delivers to. The fake lives here, not in the load generator, so the CPU it
 * spends answering deliveries is charged to the service (which would spend it on real HTTPS calls),
 * never to the process that measures latency.
 *
 * Env from the orchestrator: DATABASE_URL, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, LOG_LEVEL,
 * DEFAULT_TIMEZONE. SLACK_API_URL is set here to the fake; PORT is 0 and the chosen port is reported
 * to the parent over IPC ({ type: 'ready', url }).
 *
 * BENCH_BUILD=dist runs the compiled service (dist/, `npm run build`) — what production runs; the
 * bench's own glue (this file, the fake) still loads through tsx. Unset: the TypeScript sources.
 *
 * Experiment knobs (not used for recorded figures unless the report says so):
 *   BENCH_POOL_SIZE=<n>  open the database here with that pool size instead of the service's default;
 *   BENCH_OUTBOX=off     stop the outbox worker right after start (acks only, nothing delivered).
 */
import type * as ConfigModule from '../../src/config.ts';
import type * as ClientModule from '../../src/db/client.ts';
import type * as LoggerModule from '../../src/logger.ts';
import type * as ServiceModule from '../../src/service.ts';
import { startFakeSlack } from '../../tests/support/fake-slack.ts';
import { send, serveParent } from './protocol.ts';

/** The service's modules, compiled or as sources: the same exports either way. */
async function serviceModules() {
  const compiled = process.env.BENCH_BUILD === 'dist';
  const from = (module: string) => (compiled ? `../../dist/${module}.js` : `../../src/${module}.ts`);
  return {
    compiled,
    ...((await import(from('config'))) as typeof ConfigModule),
    ...((await import(from('db/client'))) as typeof ClientModule),
    ...((await import(from('logger'))) as typeof LoggerModule),
    ...((await import(from('service'))) as typeof ServiceModule),
  };
}

async function main(): Promise<void> {
  const { loadConfig, openDatabase, createLogger, startService } = await serviceModules();
  const fake = await startFakeSlack();
  try {
    const config = loadConfig({ ...process.env, SLACK_API_URL: fake.apiUrl, PORT: '0' });
    const logger = createLogger(config.LOG_LEVEL);
    const poolSize = Number(process.env.BENCH_POOL_SIZE ?? '');
    const database =
      config.DATABASE_URL && poolSize > 0 ? openDatabase({ url: config.DATABASE_URL, poolSize }) : undefined;
    // No scheduler: a morning pass (or Monday's weekly charts) starting mid-run would be measured as commands.
    const service = await startService({
      config,
      logger,
      scheduler: false,
      ...(database ? { database } : {}),
    });
    if (process.env.BENCH_OUTBOX === 'off') await service.outbox.stop();
    let delivered = 0;
    // The fake keeps every call for assertions; a bench only needs the count. Stored messages stay
    // (permalinks and updates look them up), the call log is emptied so memory stays flat.
    const trim = setInterval(() => {
      delivered += fake.calls.splice(0).length;
    }, 1000);
    serveParent({
      fakeSlackCalls: () => delivered + fake.calls.length,
      async stop() {
        clearInterval(trim);
        await service.stop();
        await database?.close();
        await fake.stop();
      },
    });
    send({ type: 'ready', url: service.url, fakeSlackUrl: fake.url });
  } catch (error) {
    await fake.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench service failed to start: ${text}\n`);
  send({ type: 'failed', error: text });
  process.exit(1);
});

import { resolve } from 'node:path';
import { createAppDeps } from '../../app/context.ts';
import { type Config, sandboxDataConfig, sandboxEnabled } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { createLogger } from '../../logger.ts';
import { removeSandboxState, sandboxStatePath } from '../emulator/persistence.ts';
import { clearDemo, DemoResetRefused, hasNoMembers, seedDemo } from './seed-demo-team.ts';

export type DemoCommandResult = { exitCode: 0 | 1 | 2; out?: string; err?: string };

/** True when a sandbox answers on this machine's PORT: its embedded database must not be touched now. */
async function sandboxRunning(config: Config): Promise<boolean> {
  if (config.PORT === 0) return false;
  try {
    const response = await fetch(`http://127.0.0.1:${config.PORT}/sandbox/state`, {
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * `accountdesk demo [--reset]`: seeds the demo team into an empty database (the sandbox does the same
 * on start), or with `--reset` empties a database holding only demo data and seeds it again.
 */
export async function demoCommand(
  config: Config,
  options: { reset: boolean; now: Date },
): Promise<DemoCommandResult> {
  if (!sandboxEnabled(config)) {
    return {
      exitCode: 2,
      err: 'the demo team lives in the local sandbox, which runs only when no Slack or Lark credentials are set (or with SANDBOX=1).\n',
    };
  }
  if (await sandboxRunning(config)) {
    return {
      exitCode: 1,
      err: `the sandbox is running on port ${config.PORT}; stop it first, or use "Reset demo" on its page.\n`,
    };
  }
  const data = sandboxDataConfig(config);
  const database = openDatabase({ url: data.DATABASE_URL, dataDir: data.DATA_DIR, poolSize: 2 });
  let seeded: Awaited<ReturnType<typeof seedDemo>> | undefined;
  try {
    await database.migrate();
    if (options.reset) await clearDemo(database.db);
    if (options.reset || (await hasNoMembers(database.db))) {
      seeded = await seedDemo(
        createAppDeps(config, {
          db: database.db,
          clock: { now: () => options.now },
          logger: createLogger('silent'),
        }),
      );
    }
  } catch (error) {
    if (!(error instanceof DemoResetRefused)) throw error;
    return { exitCode: 1, err: `${error.message}\n` };
  } finally {
    await database.close();
  }
  // The saved sandbox workspace shows messages about the old data: it goes with it.
  if (options.reset) removeSandboxState(sandboxStatePath(data.DATA_DIR));
  if (!seeded) {
    return {
      exitCode: 0,
      out: 'The database already holds a team; nothing was seeded. Use "demo --reset" to start over.\n',
    };
  }
  const where = data.DATABASE_URL ? 'PostgreSQL' : `the embedded database in ${resolve(data.DATA_DIR)}`;
  return {
    exitCode: 0,
    out:
      `Seeded the demo team into ${where}: ${seeded.members} members, ${seeded.customers} customers, ` +
      `${seeded.visits} visits, ${seeded.discounts} discount requests. ` +
      `Run "npm start" and open http://localhost:${config.PORT}/ (the bot's messages are delivered then).\n`,
  };
}

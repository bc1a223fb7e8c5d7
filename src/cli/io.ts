import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';

/** Where the CLI writes and what it reads: the real process in production, buffers in tests. */
export type CliIo = {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  now?: () => Date;
};

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command line that does not say what to do: answered with the message and the usage, exit 2. */
export class UsageError extends Error {}

/** One verb of `accountdesk`: it parses its own arguments (throwing UsageError), then runs. */
export type Verb<Options> = {
  parse(args: string[]): Options;
  run(config: Config, io: CliIo, options: Options): Promise<number>;
};

/** A verb whose arguments were parsed: all that is left is to run it. */
export type ParsedCommand = (config: Config, io: CliIo) => Promise<number>;

/** Parses `args` for `verb`, throwing UsageError, and binds the options for the run. */
export function prepare<Options>(verb: Verb<Options>, args: string[]): ParsedCommand {
  const options = verb.parse(args);
  return (config, io) => verb.run(config, io, options);
}

/**
 * node:util's parseArgs, strict, with its errors turned into the verb's own usage line (`expected`)
 * or, for an unknown option, `unknown option "--x"`.
 */
export function parseVerbArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  expected: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
      throw new UsageError(`unknown option "${option}"`);
    }
    throw new UsageError(expected);
  }
}

export async function withDatabase<T>(config: Config, use: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await database.migrate();
    return await use(database);
  } finally {
    await database.close();
  }
}

export function describeDatabase(config: Config): string {
  return config.DATABASE_URL ? 'Postgres' : `the embedded database in ${resolve(config.DATA_DIR)}`;
}

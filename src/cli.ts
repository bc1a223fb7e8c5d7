import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runDigests } from './app/followups/morning-messages.ts';
import { EXPORT_KINDS, type ExportKind, exportCsv } from './app/imports/export-csv.ts';
import { importContacts } from './app/imports/import-contacts.ts';
import { importCustomers } from './app/imports/import-customers.ts';
import { importMembers } from './app/imports/import-members.ts';
import { ImportError, type ImportProgress, type ImportResult } from './app/imports/import-table.ts';
import { loadSettings, SettingError, updateSetting } from './app/members/team-settings.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { createLogger } from './logger.ts';
import { demoCommand } from './sandbox/demo/demo-command.ts';

/** Where the CLI writes and what it reads: the real process in production, buffers in tests. */
export type CliIo = {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  now?: () => Date;
};

const USAGE = `Usage: accountdesk <command>

Commands:
  migrate                        create or upgrade the database tables
  import members FILE.csv        add or update members (platform,user_id,name,role,manager_user_id,timezone,locale,email)
  import customers FILE.csv      add or update customers (name,tier,owner_user_id,status[,platform,stage,next_follow_up])
  import contacts FILE.csv       add or update customers' key contacts (customer,name[,title,birthday,phone,email,notes])
  export members|customers|contacts|visits [FILE.csv]
                                 write a CSV (to FILE, else to standard output); members, customers and
                                 contacts come out in the import's columns and import back unchanged
  settings                       show the team settings (follow-up cadence, discount policy)
  settings set PATH VALUE        change one, e.g. settings set discountPolicy.managerMaxPercent 20
  digest run [--at ISO-TIME] [--dry-run]
                                 run the morning-message pass as if at that moment (default now); the
                                 running service delivers what it queues; --dry-run prints and sends nothing
  demo [--reset]                 seed the local sandbox's demo team into an empty database; --reset
                                 empties it (demo data only) and starts the demo over; stop the service first
  help                           show this help

The database is DATABASE_URL, or the embedded one under DATA_DIR (default ./.data).
`;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

const IMPORT_KINDS = ['members', 'customers', 'contacts'] as const;
type ImportKind = (typeof IMPORT_KINDS)[number];

const isImportKind = (value: string | undefined): value is ImportKind =>
  IMPORT_KINDS.some((kind) => kind === value);

type Command =
  | { kind: 'help' }
  | { kind: 'migrate' }
  | { kind: 'import'; what: ImportKind; file: string }
  | { kind: 'settings'; set?: { path: string; value: string } }
  | { kind: 'digest'; at?: Date; dryRun: boolean }
  | { kind: 'demo'; reset: boolean }
  | { kind: 'export'; what: ExportKind; file?: string };

function parseArgs(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === 'help' || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (command === 'migrate' && rest.length === 0) return { kind: 'migrate' };
  if (command === 'import') {
    const [what, file, ...extra] = rest;
    if (isImportKind(what) && file && extra.length === 0) return { kind: 'import', what, file };
    throw new UsageError(`expected: import ${IMPORT_KINDS.join('|')} FILE.csv`);
  }
  if (command === 'settings') {
    if (rest.length === 0) return { kind: 'settings' };
    const [verb, path, value, ...extra] = rest;
    if (verb === 'set' && path && value !== undefined && extra.length === 0)
      return { kind: 'settings', set: { path, value } };
    throw new UsageError('expected: settings, or settings set PATH VALUE');
  }
  if (command === 'digest') return parseDigestArgs(rest);
  if (command === 'export') {
    const [what, file, ...extra] = rest;
    if ((EXPORT_KINDS as readonly string[]).includes(what ?? '') && extra.length === 0) {
      return { kind: 'export', what: what as ExportKind, ...(file ? { file } : {}) };
    }
    throw new UsageError(`expected: export ${EXPORT_KINDS.join('|')} [FILE.csv]`);
  }
  if (command === 'demo') {
    if (rest.length === 0 || (rest.length === 1 && rest[0] === '--reset'))
      return { kind: 'demo', reset: rest.length === 1 };
    throw new UsageError('expected: demo [--reset]');
  }
  if (command === 'migrate') throw new UsageError('migrate takes no arguments');
  throw new UsageError(`unknown command "${command}"`);
}

/** Runs one CLI command and returns the process exit code (0 ok, 1 failed, 2 usage or configuration). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`accountdesk: ${error.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  try {
    if (command.kind === 'migrate') return await runMigrate(config, io);
    if (command.kind === 'settings') return await runSettings(config, io, command.set);
    if (command.kind === 'digest') return await runDigestCommand(config, io, command);
    if (command.kind === 'demo') return await runDemo(config, io, command.reset);
    if (command.kind === 'export') return await runExport(config, io, command.what, command.file);
    return await runImport(config, io, command.what, command.file);
  } catch (error) {
    io.stderr.write(`accountdesk: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}

async function withDatabase<T>(config: Config, use: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await database.migrate();
    return await use(database);
  } finally {
    await database.close();
  }
}

function describeDatabase(config: Config): string {
  return config.DATABASE_URL ? 'Postgres' : `the embedded database in ${resolve(config.DATA_DIR)}`;
}

async function runMigrate(config: Config, io: CliIo): Promise<number> {
  await withDatabase(config, async () => undefined);
  io.stdout.write(`Migrated ${describeDatabase(config)}.\n`);
  return EXIT_OK;
}

async function runSettings(
  config: Config,
  io: CliIo,
  change?: { path: string; value: string },
): Promise<number> {
  try {
    const current = await withDatabase(config, ({ db }) =>
      change ? updateSetting(db, change.path, change.value) : loadSettings(db),
    );
    if (change) io.stdout.write(`Set ${change.path} to ${change.value}.\n`);
    io.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    io.stderr.write(`accountdesk: ${error.message}\nNothing was changed.\n`);
    return EXIT_FAILED;
  }
}

function parseDigestArgs(rest: string[]): Command {
  const [verb, ...flags] = rest;
  if (verb !== 'run') throw new UsageError('expected: digest run [--at ISO-TIME] [--dry-run]');
  let at: Date | undefined;
  let dryRun = false;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === '--dry-run') dryRun = true;
    else if (flag === '--at' || flag?.startsWith('--at=')) {
      const value = flag === '--at' ? flags[++i] : flag.slice('--at='.length);
      const parsed = value ? new Date(value) : undefined;
      if (!parsed || Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value ?? '')) {
        throw new UsageError(
          `--at needs an ISO time such as 2026-11-23T08:30:00+08:00 (got "${value ?? ''}")`,
        );
      }
      at = parsed;
    } else throw new UsageError(`unknown option "${flag}"`);
  }
  return { kind: 'digest', dryRun, ...(at ? { at } : {}) };
}

async function runDigestCommand(
  config: Config,
  io: CliIo,
  command: { at?: Date; dryRun: boolean },
): Promise<number> {
  const at = command.at ?? io.now?.() ?? new Date();
  const result = await withDatabase(config, ({ db }) =>
    runDigests(
      {
        db,
        clock: { now: () => at },
        logger: createLogger('silent'),
        defaults: {
          timezone: config.DEFAULT_TIMEZONE,
          locale: config.DEFAULT_LOCALE,
          digestTime: config.DIGEST_TIME,
        },
        outboxQueued: () => {},
      },
      { at, dryRun: command.dryRun },
    ),
  );
  if (command.dryRun) {
    for (const preview of result.previews) {
      io.stdout.write(
        `── ${preview.kind === 'rep' ? 'follow-ups' : 'team digest'} for ${preview.member} (${preview.userId}), ${preview.localDate}\n${preview.text}\n\n`,
      );
    }
    io.stdout.write(
      `Dry run at ${at.toISOString()}: ${result.queued} morning message(s) would be sent; nothing was sent.\n`,
    );
  } else {
    io.stdout.write(
      `Queued ${result.queued} morning message(s) at ${at.toISOString()}` +
        (result.silent > 0 ? ` (${result.silent} with nothing to say skipped)` : '') +
        `; the running service delivers them.\n`,
    );
  }
  return EXIT_OK;
}

async function runExport(config: Config, io: CliIo, what: ExportKind, file?: string): Promise<number> {
  if (!file) {
    await withDatabase(config, ({ db }) => exportCsv(db, what, (chunk) => io.stdout.write(chunk)));
    return EXIT_OK;
  }
  // Streamed to a temp file renamed at the end: the file is written whole or not at all.
  const temp = `${file}.tmp`;
  const out = createWriteStream(temp);
  out.write('\ufeff'); // Excel reads UTF-8 (Chinese names) only with a BOM.
  try {
    const rows = await withDatabase(config, ({ db }) => exportCsv(db, what, (chunk) => out.write(chunk)));
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    await rename(temp, file);
    io.stdout.write(`Exported ${rows} ${what} to ${file}.\n`);
    return EXIT_OK;
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

async function runDemo(config: Config, io: CliIo, reset: boolean): Promise<number> {
  const result = await demoCommand(config, { reset, now: io.now?.() ?? new Date() });
  if (result.out) io.stdout.write(result.out);
  if (result.err) io.stderr.write(`accountdesk: ${result.err}`);
  return result.exitCode;
}

class FileError extends Error {}

/** Reads the file as UTF-8, with the message a spreadsheet user needs when it is not. */
async function readCsvFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileError(`cannot read ${file}: no such file`);
    if (code === 'EISDIR') throw new FileError(`cannot read ${file}: it is a directory`);
    throw new FileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileError(`${file} is not UTF-8 text: save it as "CSV UTF-8" and try again`);
  }
}

async function runImport(config: Config, io: CliIo, what: ImportKind, file: string): Promise<number> {
  let text: string;
  try {
    text = await readCsvFile(file);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    io.stderr.write(`accountdesk: ${error.message}\n`);
    return EXIT_FAILED;
  }
  const progress = io.stdout.isTTY ? progressLine(io) : undefined;
  const now = io.now?.() ?? new Date();
  try {
    const onProgress = progress?.update;
    const result = await withDatabase(config, ({ db }) => {
      if (what === 'members') return importMembers(db, text, { now, onProgress });
      if (what === 'contacts') return importContacts(db, text, { now, onProgress });
      return importCustomers(db, text, { now, defaultTimezone: config.DEFAULT_TIMEZONE, onProgress });
    });
    progress?.clear();
    io.stdout.write(`${summaryLine(what, result)}\n`);
    return EXIT_OK;
  } catch (error) {
    progress?.clear();
    if (!(error instanceof ImportError)) throw error;
    io.stderr.write(`${file}: ${error.message}\nNothing was imported.\n`);
    return EXIT_FAILED;
  }
}

export function summaryLine(what: ImportKind, result: ImportResult): string {
  const noun = result.rows === 1 ? what.slice(0, -1) : what;
  const unchanged = result.unchanged > 0 ? `, ${result.unchanged} unchanged` : '';
  return `Imported ${result.rows} ${noun} (${result.inserted} new, ${result.updated} updated${unchanged}).`;
}

/** One self-overwriting line on a terminal; pipes and files get only the summary. */
function progressLine(io: CliIo): { update: ImportProgress; clear(): void } {
  let shown = false;
  return {
    update: ({ phase, done, total }) => {
      shown = true;
      const verb = phase === 'validating' ? 'Checking' : 'Writing';
      io.stdout.write(`\r\x1b[K${verb} ${done}/${total} rows…`);
    },
    clear: () => {
      if (shown) io.stdout.write('\r\x1b[K');
    },
  };
}

function isMain(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(resolve(script)).href;
}

if (isMain()) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}

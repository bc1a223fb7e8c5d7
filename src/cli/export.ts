import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import {
  EXPORT_KINDS,
  type ExportKind,
  type ExportPeriod,
  type ExportWriter,
  exportCsv,
  PERIOD_KINDS,
  TABLE_KINDS,
  takesPeriod,
} from '../app/imports/export-csv.ts';
import { type IsoDate, isValidIsoDate } from '../domain/dates.ts';
import { withDatabase } from './database.ts';
import { EXIT_OK } from './io.ts';
import { readArgs, UsageError, type Verb } from './verb.ts';

const EXPECTED =
  `expected: export ${TABLE_KINDS.join('|')} [FILE.csv], ` +
  `or export ${PERIOD_KINDS.join('|')} [--from YYYY-MM-DD] [--to YYYY-MM-DD] [FILE.csv]`;
const isExportKind = (value: string | undefined): value is ExportKind =>
  EXPORT_KINDS.some((kind) => kind === value);

const PERIOD_OPTIONS = { from: { type: 'string' }, to: { type: 'string' } } as const;

/** What the summary line calls the rows of each kind. */
const NOUNS: Partial<Record<ExportKind, string>> = { audit: 'audit entries' };

type ExportOptions = { what: ExportKind; file?: string; from?: IsoDate; to?: IsoDate };

function parseDay(option: string, value: string): IsoDate {
  if (!isValidIsoDate(value)) {
    throw new UsageError(`--${option} needs a date YYYY-MM-DD such as 2026-11-01 (got "${value}")`);
  }
  return value;
}

/**
 * `accountdesk export KIND [FILE.csv]`: a CSV in the import's columns, to FILE or standard output;
 * discounts and audit also `[--from YYYY-MM-DD] [--to YYYY-MM-DD]`, days in DEFAULT_TIMEZONE.
 */
export const exportVerb: Verb<ExportOptions> = {
  parse(args) {
    const [what, ...rest] = args;
    if (!isExportKind(what)) throw new UsageError(EXPECTED);
    const options: ExportOptions = { what };
    const words: string[] = [];
    // Only --from and --to are options; anything else stays a word (a file name may start with
    // `-`), as the export has always read it. In order, so the first mistake is the one named; a
    // repeated option counts its last, as digest's --at does.
    for (const arg of readArgs(rest, PERIOD_OPTIONS)) {
      if (arg.kind === 'word') words.push(arg.text);
      else if (!takesPeriod(what)) {
        throw new UsageError(
          `export ${what} takes no --${arg.name}: only ${PERIOD_KINDS.join(' and ')} are read for a period`,
        );
      } else if (arg.name === 'from') options.from = parseDay('from', arg.value ?? '');
      else options.to = parseDay('to', arg.value ?? '');
    }
    const [file, ...extra] = words;
    if (extra.length > 0) throw new UsageError(EXPECTED);
    if (options.from && options.to && options.from > options.to) {
      throw new UsageError(`--from ${options.from} is after --to ${options.to}: no day is in that period`);
    }
    if (file) options.file = file;
    return options;
  },
  async run(config, io, { what, file, from, to }) {
    const period: ExportPeriod | undefined = takesPeriod(what)
      ? { from, to, timeZone: config.DEFAULT_TIMEZONE }
      : undefined;
    if (!file) {
      await withDatabase(config, ({ db }) => exportCsv(db, what, backPressured(io.stdout), period));
      return EXIT_OK;
    }
    // Streamed to a temp file renamed at the end: the file is written whole or not at all.
    const temp = `${file}.tmp`;
    const out = createWriteStream(temp);
    out.write('\ufeff'); // Excel reads UTF-8 (Chinese names) only with a BOM.
    try {
      const rows = await withDatabase(config, ({ db }) => exportCsv(db, what, backPressured(out), period));
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      await rename(temp, file);
      io.stdout.write(`Exported ${rows} ${NOUNS[what] ?? what} to ${file}.\n`);
      return EXIT_OK;
    } catch (error) {
      out.destroy();
      await rm(temp, { force: true });
      throw error;
    }
  },
};

type Writable = { write(text: string): unknown; once?(event: 'drain', listener: () => void): unknown };

/** Writes a page; when the stream says its buffer is full, the next page waits for 'drain'. */
function backPressured(stream: Writable): ExportWriter {
  return (chunk) => {
    if (stream.write(chunk) !== false || !stream.once) return undefined;
    return new Promise<void>((resolve) => stream.once?.('drain', resolve));
  };
}

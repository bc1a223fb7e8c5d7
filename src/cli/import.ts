import { CsvFileError, readCsvText } from '../app/imports/csv.ts';
import { importContacts } from '../app/imports/import-contacts.ts';
import { importCustomers } from '../app/imports/import-customers.ts';
import { importMembers } from '../app/imports/import-members.ts';
import { ImportError, type ImportProgress, type ImportResult } from '../app/imports/import-table.ts';
import { withDatabase } from './database.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK } from './io.ts';
import { UsageError, type Verb, wordsOf } from './verb.ts';

const IMPORT_KINDS = ['members', 'customers', 'contacts'] as const;
type ImportKind = (typeof IMPORT_KINDS)[number];

const EXPECTED = `expected: import ${IMPORT_KINDS.join('|')} FILE.csv`;
const isImportKind = (value: string | undefined): value is ImportKind =>
  IMPORT_KINDS.some((kind) => kind === value);

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
      io.stdout.write(`\r\x1b[K${verb} ${total === undefined ? done : `${done}/${total}`} rows…`);
    },
    clear: () => {
      if (shown) io.stdout.write('\r\x1b[K');
    },
  };
}

/** `accountdesk import members|customers|contacts FILE.csv`: all rows or none, errors by row. */
export const importVerb: Verb<{ what: ImportKind; file: string }> = {
  parse(args) {
    const [what, file, ...extra] = wordsOf(args);
    if (!isImportKind(what) || !file || extra.length > 0) throw new UsageError(EXPECTED);
    return { what, file };
  },
  async run(config, io, { what, file }) {
    // Customer lists can be long: that file is streamed (twice), the others are read whole.
    let text = '';
    try {
      if (what !== 'customers') text = await readCsvText(file);
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error;
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
        return importCustomers(db, { file }, { now, defaultTimezone: config.DEFAULT_TIMEZONE, onProgress });
      });
      progress?.clear();
      io.stdout.write(`${summaryLine(what, result)}\n`);
      return EXIT_OK;
    } catch (error) {
      progress?.clear();
      if (error instanceof CsvFileError) {
        io.stderr.write(`accountdesk: ${error.message}\n`);
        return EXIT_FAILED;
      }
      if (!(error instanceof ImportError)) throw error;
      io.stderr.write(`${file}: ${error.message}\nNothing was imported.\n`);
      return EXIT_FAILED;
    }
  },
};

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { EXPORT_KINDS, type ExportKind, type ExportWriter, exportCsv } from '../app/imports/export-csv.ts';
import { withDatabase } from './database.ts';
import { EXIT_OK } from './io.ts';
import { UsageError, type Verb, wordsOf } from './verb.ts';

const EXPECTED = `expected: export ${EXPORT_KINDS.join('|')} [FILE.csv]`;
const isExportKind = (value: string | undefined): value is ExportKind =>
  EXPORT_KINDS.some((kind) => kind === value);

/** `accountdesk export KIND [FILE.csv]`: a CSV in the import's columns, to FILE or standard output. */
export const exportVerb: Verb<{ what: ExportKind; file?: string }> = {
  parse(args) {
    const [what, file, ...extra] = wordsOf(args);
    if (!isExportKind(what) || extra.length > 0) throw new UsageError(EXPECTED);
    return file ? { what, file } : { what };
  },
  async run(config, io, { what, file }) {
    if (!file) {
      await withDatabase(config, ({ db }) => exportCsv(db, what, backPressured(io.stdout)));
      return EXIT_OK;
    }
    // Streamed to a temp file renamed at the end: the file is written whole or not at all.
    const temp = `${file}.tmp`;
    const out = createWriteStream(temp);
    out.write('\ufeff'); // Excel reads UTF-8 (Chinese names) only with a BOM.
    try {
      const rows = await withDatabase(config, ({ db }) => exportCsv(db, what, backPressured(out)));
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

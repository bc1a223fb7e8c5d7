/**
 * CSV on csv-parse (RFC 4180: quoted fields with commas, newlines and doubled quotes; CRLF, LF or
 * CR; a UTF-8 byte order mark), read whole from text or streamed from a file. Records carry the row
 * number a spreadsheet shows for them: the header is row 1, blank lines count as rows (and are
 * skipped), and a value spanning lines is one row.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { type Options, CsvError as ParserError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** One record with the row number a spreadsheet shows for it (the header is row 1). */
export type CsvRecord = { row: number; fields: string[] };

/** A file refused at one row: `row` is the spreadsheet row (header = 1) and `reason` says what to fix. */
export class RowError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
  }
}

/** The row is not well-formed CSV (an unclosed quote, a stray character). */
export class CsvError extends RowError {
  override readonly name = 'CsvError';
}

/** The file cannot be read as a CSV at all (missing, a directory, not UTF-8): said as a user needs it. */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';
}

const OPTIONS: Options = { bom: true, relax_column_count: true, skip_empty_lines: false };

const NUL = String.fromCharCode(0);

/**
 * U+0000 cannot be stored in a Postgres text column: refused at its row, said plainly, instead of
 * failing the whole import with a database error later (it usually comes from a file saved as UTF-16).
 */
function refuseNul(fields: string[], row: number): string[] {
  if (fields.some((field) => field.includes(NUL)))
    throw new CsvError(
      row,
      'contains a NUL character (U+0000), which cannot be stored: save the file as "CSV UTF-8"',
    );
  return fields;
}

/** A blank line is one empty field: a spreadsheet row, but not data. */
const isBlank = (fields: string[]) => fields.length === 1 && fields[0] === '';

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed (missing ")',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected text after a closing quote',
};

/** csv-parse's error as a row-numbered one; `records` is how many it had read before it. */
function rowError(error: unknown, records: number): unknown {
  if (!(error instanceof ParserError)) return error;
  return new CsvError(records + 1, REASONS[error.code] ?? error.message);
}

/** Splits CSV text into records (blank lines skipped, their rows counted). */
export function parseCsv(text: string): CsvRecord[] {
  let rows: string[][];
  try {
    rows = parseSync(text, OPTIONS) as string[][];
  } catch (error) {
    throw rowError(error, (error as { records?: number }).records ?? 0);
  }
  return rows.flatMap((fields, index) =>
    isBlank(fields) ? [] : [{ row: index + 1, fields: refuseNul(fields, index + 1) }],
  );
}

/**
 * Streams a CSV file's records: memory stays flat however long the file is. Fails with a
 * CsvFileError when the file cannot be opened or is not UTF-8, a CsvError on a malformed row.
 */
export async function* readCsvFile(path: string): AsyncGenerator<CsvRecord> {
  const parser = parse(OPTIONS);
  const file = createReadStream(path);
  file.on('error', (error) => parser.destroy(fileError(path, error)));
  const text = file.pipe(strictUtf8(path));
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let records = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      records++;
      if (!isBlank(fields)) yield { row: records, fields: refuseNul(fields, records) };
    }
  } catch (error) {
    throw rowError(error, records);
  } finally {
    file.destroy();
  }
}

/** A whole CSV file as text (the short member and contact lists), with the same refusals as the stream. */
export async function readCsvText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(path, error as NodeJS.ErrnoException);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(path);
  }
}

function fileError(path: string, error: NodeJS.ErrnoException): CsvFileError {
  if (error.code === 'ENOENT') return new CsvFileError(`cannot read ${path}: no such file`);
  if (error.code === 'EISDIR') return new CsvFileError(`cannot read ${path}: it is a directory`);
  return new CsvFileError(`cannot read ${path}: ${error.message}`);
}

const notUtf8 = (path: string) =>
  new CsvFileError(`${path} is not UTF-8 text: save it as "CSV UTF-8" and try again`);

/** Passes the bytes on as text, refusing anything that is not UTF-8 (a spreadsheet saved as GBK, say). */
function strictUtf8(path: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const refuse = () => notUtf8(path);
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(refuse());
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, decoder.decode());
      } catch {
        done(refuse());
      }
    },
  });
}

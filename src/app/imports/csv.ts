/** A small RFC 4180 reader: quoted fields with commas, newlines and doubled quotes; CRLF, LF or CR. */

/** One record with the row number a spreadsheet shows for it (the header is row 1). */
export type CsvRecord = { row: number; fields: string[] };

export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits CSV text into records. Blank lines are skipped (they still count as spreadsheet rows),
 * a leading UTF-8 byte order mark is dropped, and an unterminated quote is an error.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let row = 1;
  let at = 0;
  const end = input.length;

  const endRecord = () => {
    // A line with nothing on it is one empty field: a blank spreadsheet row, not data.
    if (fields.length > 1 || fields[0] !== '') records.push({ row, fields });
    fields = [];
    row++;
  };

  while (at <= end) {
    if (input.charCodeAt(at) === QUOTE) {
      const [value, next] = readQuoted(input, at, row);
      fields.push(value);
      at = next;
    } else {
      let stop = at;
      while (stop < end) {
        const code = input.charCodeAt(stop);
        if (code === COMMA || code === LF || code === CR) break;
        stop++;
      }
      fields.push(input.slice(at, stop));
      at = stop;
    }
    const code = input.charCodeAt(at);
    if (code === COMMA) {
      at++;
      continue;
    }
    if (at >= end) {
      endRecord();
      break;
    }
    if (code === CR && input.charCodeAt(at + 1) === LF) at++;
    if (code !== CR && code !== LF) throw new CsvError(row, 'unexpected text after a closing quote');
    at++;
    endRecord();
    if (at === end) break;
  }
  return records;
}

/** Reads a quoted field starting at `start`; returns its value and the index just after the closing quote. */
function readQuoted(input: string, start: number, row: number): [string, number] {
  let value = '';
  let at = start + 1;
  for (;;) {
    const close = input.indexOf('"', at);
    if (close < 0) throw new CsvError(row, 'a quoted value is never closed (missing ")');
    value += input.slice(at, close);
    if (input.charCodeAt(close + 1) !== QUOTE) return [value, close + 1];
    value += '"';
    at = close + 2;
  }
}

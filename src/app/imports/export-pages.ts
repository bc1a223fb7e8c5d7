import { and, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { addDays, type IsoDate, startOfLocalDay } from '../../domain/dates.ts';
import { guardFormula } from './formula-guard.ts';

/** What a CSV cell is made from; null and undefined are an empty cell. */
export type CsvCell = string | number | null | undefined;

/**
 * RFC 4180: quoted when needed, doubled quotes, CRLF — what spreadsheets and our own import read;
 * formula-like cells defused with a leading quote (formula-guard.ts).
 */
export function csvLine(values: readonly CsvCell[]): string {
  return values
    .map((value) => {
      const text = guardFormula(value === null || value === undefined ? '' : String(value));
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

const PAGE = 5_000;

/** Takes a page of CSV text; a promise it returns is awaited before the next page is read (back-pressure). */
export type ExportWriter = (chunk: string) => unknown;

/**
 * Writes a CSV export page by page (constant memory, whatever the table size): the next page is
 * read only once the writer has taken the last one, so a slow pipe or disk holds the export back
 * instead of filling memory. `readPage` must order by something unique (the id last), so that
 * offsets neither skip nor repeat a row; rows added while the export runs come after it.
 */
export async function writePages<Row>(
  writer: ExportWriter,
  header: readonly string[],
  readPage: (offset: number, limit: number) => Promise<Row[]>,
  cells: (row: Row) => readonly CsvCell[],
): Promise<number> {
  let rows = 0;
  let pending = `${header.join(',')}\r\n`;
  for (let offset = 0; ; offset += PAGE) {
    const page = await readPage(offset, PAGE);
    for (const row of page) {
      pending += `${csvLine(cells(row))}\r\n`;
      rows++;
    }
    const text = pending;
    pending = '';
    if (text) await writer(text);
    if (page.length < PAGE) return rows;
  }
}

/** Calendar days, both included, in `timeZone` (the team's DEFAULT_TIMEZONE); a bound left out is open. */
export type ExportPeriod = { from?: IsoDate; to?: IsoDate; timeZone: string };

/**
 * The period as a condition on a timestamp column: from local midnight of `from` up to, not
 * including, the midnight after `to` — so a request filed at 23:59 on the last day is in it,
 * whatever the offset or a daylight-saving change that day.
 */
export function withinPeriod(column: PgColumn, period: ExportPeriod | undefined): SQL | undefined {
  if (!period) return undefined;
  return and(
    period.from ? gte(column, startOfLocalDay(period.from, period.timeZone)) : undefined,
    period.to ? lt(column, startOfLocalDay(addDays(period.to, 1), period.timeZone)) : undefined,
  );
}

/** Instants as ISO 8601 in UTC: one unambiguous form for every zone the team works in. */
export const isoTime = (at: Date | null): string | null => (at ? at.toISOString() : null);

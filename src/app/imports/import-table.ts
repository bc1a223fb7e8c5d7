/**
 * What every CSV import shares: the header and its columns, cells, row-numbered errors, duplicate
 * rows, the inserted/updated/unchanged plan and batched writes with progress.
 */
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { type AuditEntry, audit } from '../audit.ts';
import type { Platform } from '../context.ts';
import { CsvError, type CsvRecord, parseCsv, RowError, readCsvFile } from './csv.ts';
import { unguardFormula } from './formula-guard.ts';

/** A rejected file: the row's content breaks a rule of the import (an unknown owner, a bad tier…). */
export class ImportError extends RowError {
  override readonly name = 'ImportError';
}

export type ImportResult = { rows: number; inserted: number; updated: number; unchanged: number };

export type ImportProgress = (event: {
  phase: 'validating' | 'writing';
  done: number;
  /** Unknown while a streamed file is first read. */
  total?: number;
}) => void;

export const CHUNK = 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Table = { columns: Map<string, number>; records: CsvRecord[] };

/** What reading a cell needs of a table: where its columns are. */
export type HasColumns = { columns: Map<string, number> };

/** Parses the file and checks its header: names are case-insensitive, extra columns are ignored. */
export function readTable(csvText: string, required: readonly string[]): Table {
  const [header, ...data] = asImportErrors(() => parseCsv(csvText));
  const columns = headerColumns(header, required);
  for (const record of data) checkWidth(record, header!.fields.length);
  return { columns, records: data };
}

function asImportErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(error.row, error.reason);
    throw error;
  }
}

function headerColumns(header: CsvRecord | undefined, required: readonly string[]): Map<string, number> {
  if (!header) throw new ImportError(1, `the file is empty (expected a header row: ${required.join(',')})`);
  const columns = new Map<string, number>();
  header.fields.forEach((field, index) => {
    const name = field.trim().toLowerCase();
    if (name === '') return;
    if (columns.has(name)) throw new ImportError(header.row, `column "${name}" appears twice in the header`);
    columns.set(name, index);
  });
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    const noun = missing.length === 1 ? 'column' : 'columns';
    throw new ImportError(
      header.row,
      `missing required ${noun} ${list} (the header needs ${required.join(',')})`,
    );
  }
  return columns;
}

/** CSV text in memory, or a file read as a stream (the large customer lists): read as often as needed. */
export type CsvSource = { text: string } | { file: string };

/** The source's data records, each read afresh: a streamed import reads its file twice. */
export type StreamedTable = { columns: Map<string, number>; records: () => AsyncGenerator<CsvRecord> };

/** The header checked as readTable does; the records streamed on demand, width-checked as they come. */
export async function streamTable(source: CsvSource, required: readonly string[]): Promise<StreamedTable> {
  const open = (): AsyncGenerator<CsvRecord> =>
    'text' in source
      ? (async function* () {
          yield* asImportErrors(() => parseCsv(source.text));
        })()
      : readCsvFile(source.file);
  const first = open();
  const header = await nextRecord(first);
  await first.return(undefined);
  const columns = headerColumns(header, required);
  const width = header!.fields.length;
  return {
    columns,
    async *records() {
      const all = open();
      await nextRecord(all);
      for (;;) {
        const record = await nextRecord(all);
        if (!record) return;
        checkWidth(record, width);
        yield record;
      }
    },
  };
}

async function nextRecord(records: AsyncGenerator<CsvRecord>): Promise<CsvRecord | undefined> {
  try {
    const next = await records.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(error.row, error.reason);
    throw error;
  }
}

/** More values than header columns usually means an unquoted comma shifted the row. */
function checkWidth(record: CsvRecord, width: number): void {
  if (record.fields.length <= width) return;
  if (record.fields.slice(width).every((field) => field.trim() === '')) return;
  throw new ImportError(
    record.row,
    `${record.fields.length} values but the header has ${width} columns (put values containing commas in double quotes)`,
  );
}

/** The trimmed cell, or undefined when the file has no such column (so the stored value is kept). */
export function cell(table: HasColumns, record: CsvRecord, column: string): string | undefined {
  const index = table.columns.get(column);
  if (index === undefined) return undefined;
  // An exported formula-like cell carries a guarding quote: taken off so the round trip is exact.
  return unguardFormula((record.fields[index] ?? '').trim());
}

export function requiredCell(table: HasColumns, record: CsvRecord, column: string): string {
  const value = cell(table, record, column) ?? '';
  if (value === '') throw new ImportError(record.row, `${column} is empty`);
  return value;
}

/** Absent column → undefined (keep), empty cell → null (clear), else the value. */
export function optionalCell(
  table: HasColumns,
  record: CsvRecord,
  column: string,
): string | null | undefined {
  const value = cell(table, record, column);
  if (value === undefined) return undefined;
  return value === '' ? null : value;
}

export function parseEmail(value: string | null | undefined, row: number): string | null | undefined {
  if (value && !EMAIL.test(value)) throw new ImportError(row, `invalid email "${value}"`);
  return value;
}

/** Parses every record (reporting progress per chunk); the first bad row rejects the file. */
export function validated<T>(
  records: CsvRecord[],
  parse: (record: CsvRecord) => T,
  onProgress?: ImportProgress,
): T[] {
  const total = records.length;
  return records.map((record, index) => {
    if (onProgress && (index + 1) % CHUNK === 0) onProgress({ phase: 'validating', done: index + 1, total });
    return parse(record);
  });
}

/**
 * Remembers the row of each natural key; a key seen again rejects the file at that second row.
 * Feeds on one input at a time, so a streamed file is checked as it is read.
 */
export function duplicateGuard<T extends { row: number; key: string }>(describe: (input: T) => string) {
  const seen = new Map<string, number>();
  return (input: T): void => {
    const first = seen.get(input.key);
    if (first !== undefined)
      throw new ImportError(input.row, `duplicate ${describe(input)} (already on row ${first})`);
    seen.set(input.key, input.row);
  };
}

/** Rejects a natural key seen twice, at the second row. */
export function rejectDuplicates<T extends { row: number; key: string }>(
  inputs: T[],
  describe: (input: T) => string,
): void {
  inputs.forEach(duplicateGuard(describe));
}

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

/** The proposed value in an `on conflict do update set` clause. */
const excluded = (column: string): SQL => sql.raw(`excluded.${column}`);

/**
 * The `set` of an `on conflict do update` that takes the file's value for each of `fields` (the
 * table's property names, as in its drizzle schema).
 */
export function takeFromFile<T extends PgTable>(
  table: T,
  fields: readonly (keyof T['$inferInsert'] & string)[],
) {
  const columns: Record<string, { name: string }> = getTableColumns(table);
  return Object.fromEntries(fields.map((field) => [field, excluded(columns[field]!.name)]));
}

/** Whether any of `fields` differs between the row the file asks for and the stored one. */
export function differsIn<V, R>(fields: readonly (keyof V & keyof R)[]) {
  return (values: V, current: R): boolean =>
    fields.some((field) => (values[field] as unknown) !== (current[field] as unknown));
}

export type UpsertPlan<V> = { upserts: V[]; inserted: number; updated: Set<string> };

/** Decides per input whether it is new, changed or unchanged; only new and changed rows are written. */
export function planUpserts<I extends { key: string }, R, V>(
  inputs: readonly I[],
  existing: (input: I) => R | undefined,
  values: (input: I, current: R | undefined) => V,
  changed: (values: V, current: R) => boolean,
): UpsertPlan<V> {
  const plan: UpsertPlan<V> = { upserts: [], inserted: 0, updated: new Set() };
  for (const input of inputs) {
    const current = existing(input);
    const row = values(input, current);
    if (current === undefined) plan.inserted++;
    else if (changed(row, current)) plan.updated.add(input.key);
    else continue;
    plan.upserts.push(row);
  }
  return plan;
}

/** Writes `rows` in batches of CHUNK, reporting 'writing' progress after each. */
export async function writeInChunks<V>(
  rows: readonly V[],
  write: (chunk: V[]) => Promise<void>,
  onProgress?: ImportProgress,
): Promise<void> {
  let done = 0;
  for (const chunk of chunks(rows)) {
    await write(chunk);
    done += chunk.length;
    onProgress?.({ phase: 'writing', done, total: rows.length });
  }
}

export function summarize(rows: number, inserted: number, updated: number): ImportResult {
  return { rows, inserted, updated, unchanged: rows - inserted - updated };
}

/** Counts the plan's outcome and records the import in the audit log, in the import's transaction. */
export async function recordImport(
  tx: Db,
  rows: number,
  plan: { inserted: number; updated: Set<string> | number },
  audited: Pick<AuditEntry, 'at' | 'action' | 'entity'>,
): Promise<ImportResult> {
  const updated = typeof plan.updated === 'number' ? plan.updated : plan.updated.size;
  const result = summarize(rows, plan.inserted, updated);
  await audit(tx, [{ ...audited, actorId: null, entityId: 0, after: result }]);
  return result;
}

const PLATFORMS: readonly Platform[] = ['slack', 'lark'];

export function parsePlatform(value: string, row: number): Platform {
  const platform = PLATFORMS.find((item) => item === value.toLowerCase());
  if (!platform) throw new ImportError(row, `unknown platform "${value}" (use ${PLATFORMS.join(' or ')})`);
  return platform;
}

/** The platforms that appear in the file, in a fixed order. */
export function platformsIn(inputs: readonly { platform: Platform }[]): Platform[] {
  return PLATFORMS.filter((platform) => inputs.some((input) => input.platform === platform));
}

import { getTableColumns, type Table } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * A hand-written statement for a hot path (docs/architecture.md, "One round trip"): its text is
 * fixed when the module loads, so nothing is built per request, and postgres.js prepares it once
 * per connection. Parameters are text (or null) and cast in the SQL through text — `$1::text::jsonb`,
 * never `$1::jsonb` — so Postgres infers text for each and neither driver re-encodes a value by the
 * type it would otherwise infer (postgres.js would JSON-encode a string sent for a jsonb parameter).
 */
export type Statement = { readonly text: string };

export const statement = (text: string): Statement => ({ text });

type PostgresJsClient = {
  unsafe(text: string, params: (string | null)[], options: { prepare: boolean }): Promise<unknown[]>;
};
type PgliteClient = { query(text: string, params: (string | null)[]): Promise<{ rows: unknown[] }> };

/**
 * Runs the statement on the database handle's own client, outside any transaction: a statement
 * that writes is its own transaction, all or nothing. Returns its rows.
 */
export async function runStatement<T>(db: Db, { text }: Statement, params: (string | null)[]): Promise<T[]> {
  const client = (db as unknown as { $client?: PostgresJsClient | PgliteClient }).$client;
  if (client && 'unsafe' in client) return (await client.unsafe(text, params, { prepare: true })) as T[];
  if (client && 'query' in client) return (await client.query(text, params)).rows as T[];
  throw new Error('runStatement needs a database handle from openDatabase (postgres.js or PGlite)');
}

/**
 * A row's values (drizzle's property names) keyed by column name, as a statement's
 * `jsonb_populate_record(set)` reads them; a key that is not a column of the table is a mistake.
 */
export function byColumnName(table: Table, values: object): Record<string, unknown> {
  const columns = getTableColumns(table);
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const column = columns[key];
    if (!column) throw new Error(`${key} is not a column of this table`);
    row[column.name] = value;
  }
  return row;
}

/**
 * A row as a statement's `to_jsonb` gives it (column names; dates and times as text), in drizzle's
 * shape: each column read back as drizzle reads it from the driver.
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

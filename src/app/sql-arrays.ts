import { type SQL, sql } from 'drizzle-orm';

/**
 * Postgres array literals as one bound parameter each. Batched queries join against
 * `unnest(...)` of these, so the statement count depends on the batch count, never the data size.
 */
function literal(values: readonly (string | number)[]): string {
  return `{${values.map((value) => (typeof value === 'number' ? String(value) : `"${value.replace(/(["\\])/g, '\\$1')}"`)).join(',')}}`;
}

export const intArray = (values: readonly number[]): SQL => sql`${literal(values)}::int[]`;
export const textArray = (values: readonly string[]): SQL => sql`${literal(values)}::text[]`;
export const dateArray = (values: readonly string[]): SQL => sql`${literal(values)}::date[]`;
export const timestamptzArray = (values: readonly Date[]): SQL =>
  sql`${literal(values.map((value) => value.toISOString()))}::timestamptz[]`;

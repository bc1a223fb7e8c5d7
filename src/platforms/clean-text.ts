/**
 * U+0000 cannot be stored in a Postgres text column: a NUL in a rep's note would fail the insert
 * and leave them retrying a command that can never succeed. The transports take it out of every
 * string of an inbound payload, in place, before any use case sees it.
 */
export function withoutNulCharacters<T>(value: T): T {
  return clean(value, 0) as T;
}

const NUL = String.fromCharCode(0);
/** Payloads are shallow; the bound keeps a hostile, deeply nested body from costing a deep walk. */
const MAX_DEPTH = 32;

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.includes(NUL) ? value.replaceAll(NUL, '') : value;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = clean(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = clean(record[key], depth + 1);
  return record;
}

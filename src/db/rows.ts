/** postgres.js returns rows as an array, PGlite as `{ rows }`: one shape for callers of `db.execute`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

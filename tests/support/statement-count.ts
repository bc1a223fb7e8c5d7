import type { Db } from '../../src/db/client.ts';

/**
 * Counts what reaches the driver of a test database (statements outside a transaction, and
 * transactions), for the one-statement hot paths' tests; runs `hooks.beforeFiling` once just before
 * the discount filing statement (src/app/discounts/discount-statement.ts) is sent: a race, made to happen.
 */
export function countStatements(
  db: Db,
  hooks: { beforeFiling?: () => Promise<void> } = {},
): { count: number } {
  const counter = { count: 0 };
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  for (const method of ['query', 'unsafe', 'begin', 'transaction', 'exec']) {
    const original = client[method];
    if (typeof original !== 'function') continue;
    const call = (args: unknown[]) => (original as (...a: unknown[]) => unknown).apply(client, args);
    client[method] = (...args: unknown[]) => {
      counter.count++;
      const race = hooks.beforeFiling;
      if (!race || !String(args[0]).includes('with guard as')) return call(args);
      // Only the filing statement waits (runStatement awaits it as it is; drizzle's queries go on as they are).
      hooks.beforeFiling = undefined;
      return race().then(() => call(args));
    };
  }
  return counter;
}

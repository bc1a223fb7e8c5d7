import { asc, sql } from 'drizzle-orm';
import { forgetSettings, loadSettings } from '../../src/app/members/team-settings.ts';
import type { Db } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema.ts';

/**
 * Counts what reaches the driver of a test database (statements outside a transaction, and
 * transactions), for the one-statement hot paths' tests; runs `hooks.beforeFiling` once just before
 * the discount filing statement (src/app/discounts/discount-statement.ts) is sent: a race, made to happen.
 */
export function countStatements(
  db: Db,
  hooks: { beforeFiling?: () => Promise<void> } = {},
): { count: number; sent: string[] } {
  // `sent`: the beginning of each statement counted, for a failed count to say what it was.
  const counter = { count: 0, sent: [] as string[] };
  const client = (db as unknown as { $client: Record<string, unknown> }).$client;
  for (const method of ['query', 'unsafe', 'begin', 'transaction', 'exec']) {
    const original = client[method];
    if (typeof original !== 'function') continue;
    const call = (args: unknown[]) => (original as (...a: unknown[]) => unknown).apply(client, args);
    client[method] = (...args: unknown[]) => {
      counter.count++;
      counter.sent.push(String(args[0]).replace(/\s+/g, ' ').slice(0, 80));
      const race = hooks.beforeFiling;
      if (!race || !String(args[0]).includes('with guard as')) return call(args);
      // Only the filing statement waits (runStatement awaits it as it is; drizzle's queries go on as they are).
      hooks.beforeFiling = undefined;
      return race().then(() => call(args));
    };
  }
  return counter;
}

/**
 * The outbox as two runs of the same commands can be compared: in order, without what the database
 * clock stamps. A home redraw's key names its 3-second window (one redraw per burst), and two
 * databases may cut a run of commands into windows differently: each distinct redraw counts once.
 */
export async function queuedMessages(db: Db) {
  const rows = await db
    .select({
      key: sql<string>`regexp_replace(${outbox.key}, '^(home:[0-9]+):[0-9]+$', '\\1')`,
      platform: outbox.platform,
      target: outbox.target,
      message: outbox.message,
      conversation: outbox.conversation,
      waitsFor: outbox.waitsFor,
      status: outbox.status,
      delayed: sql<boolean>`${outbox.nextAttemptAt} > ${outbox.createdAt} + interval '2 seconds'`,
    })
    .from(outbox)
    .orderBy(asc(outbox.id));
  return rows.filter(
    (row, index) => rows.findIndex((other) => JSON.stringify(other) === JSON.stringify(row)) === index,
  );
}

/**
 * Reads the team's settings afresh now, so the command counted next finds them cached: team-settings.ts
 * keeps them 5 s by the wall clock, and on a slow machine more than that can pass between two
 * counted commands, which would add the settings' read to the count. Afresh: a copy read almost 5 s
 * before would still be taken here and could run out during the command (CI saw a count of 3).
 */
export async function settingsCached(db: Db): Promise<void> {
  forgetSettings(db);
  await loadSettings(db);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppDeps } from '../../src/app/context.ts';
import type { Reach } from '../../src/app/members/reach.ts';
import { visitCommand } from '../../src/app/visits/log-visit.ts';
import { LOG_VISIT } from '../../src/app/visits/visit-statement.ts';
import type { Db } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { plansOfCalls, seedPlanTeam } from '../support/plan-team.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * The `/visit` statement is prepared once per connection and run for every visit. Postgres settles on
 * its generic plan (planned once) when that is estimated to cost no more than a plan for each call's
 * values; one text per reach keeps the other reaches' branches out of it, which a generic plan would
 * otherwise set up on every call (docs/architecture.md, "One round trip").
 */
describe('the visit statement’s plan', () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.database.db;
    await seedPlanTeam(db);
  });
  afterAll(() => database?.drop());

  /** The statement's parameters as the use case sends them for this member's visit. */
  async function parametersOf(reach: Reach, userId: string, text: string): Promise<(string | null)[]> {
    const client = (db as unknown as { $client: Record<string, unknown> }).$client;
    const method = typeof client.unsafe === 'function' ? 'unsafe' : 'query';
    const original = client[method] as (...args: unknown[]) => unknown;
    let captured: (string | null)[] | undefined;
    client[method] = (...args: unknown[]) => {
      if (args[0] === LOG_VISIT[reach].text) captured = args[1] as (string | null)[];
      return original.apply(client, args);
    };
    try {
      const deps = createAppDeps(
        { DEFAULT_TIMEZONE: 'Asia/Shanghai', DEFAULT_LOCALE: 'en', DIGEST_TIME: '08:30' },
        { db, logger: createLogger('silent') },
      );
      const answer = await visitCommand(
        deps,
        { platform: 'slack', userId, workspace: 'T1' },
        {
          text,
          sourceKey: `capture-${userId}`,
        },
      );
      expect(answer.text).toMatch(/ logged for /);
    } finally {
      client[method] = original;
    }
    if (!captured) throw new Error(`the ${reach} visit did not take the one-statement path`);
    return captured;
  }

  /** Prepares the reach's text on one connection, logs `calls` visits with it, and reads its plans. */
  async function plansAfter(reach: Reach, parameters: (string | null)[], calls: number) {
    return plansOfCalls<{ result: { visit: unknown } }>(
      db,
      LOG_VISIT[reach].text,
      calls,
      // A source key of its own each time ($12): a visit written every call, never a replay.
      (call) => parameters.map((value, index) => (index === 11 ? `probe-${parameters[1]}-${call}` : value)),
      ([row]) => expect(row?.result.visit).toBeTruthy(),
    );
  }

  it('runs the generic plan after five calls when a rep logs a visit (most visits)', async () => {
    const parameters = await parametersOf('own', 'UREP', 'Customer 00003 Ltd Met procurement next:+7d');
    expect(await plansAfter('own', parameters, 10)).toEqual({ generic: 5, custom: 5 });
  });

  // A supervisor's, director's or admin's text: the visit is written on every call (plansAfter checks
  // each), whichever plan Postgres settles on for it.
  it.each([
    ['team', 'USUPERVISOR', 'Customer 00004 Ltd Joint visit'],
    ['team', 'UDIRECTOR', 'Customer 00005 Ltd Quarterly review'],
    ['all', 'UADMIN', 'Customer 00006 Ltd Met the buyer'],
  ] as const)('logs a visit with the %s text (as %s) on every call', async (reach, userId, text) => {
    const parameters = await parametersOf(reach, userId, text);
    await plansAfter(reach, parameters, 10);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILING_CONTEXT } from '../../src/app/discounts/discount-statement.ts';
import type { Reach } from '../../src/app/members/reach.ts';
import type { Db } from '../../src/db/client.ts';
import { type PlanRole, plansOfCalls, seedPlanTeam } from '../support/plan-team.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * The filing's first statement is prepared once per connection and run for every `/discount`. Postgres
 * plans a prepared statement for each call's values (a custom plan: about 1 ms of planning for this
 * one, more than running it) until its generic plan, planned once, is estimated to cost no more. One
 * text per reach keeps the generic plan free of the other reaches' dead branches, so for a rep — most
 * filings — Postgres settles on it after its first five calls.
 */
describe('the filing statement’s plan', () => {
  let database: TestDatabase;
  let db: Db;
  let ids: Record<PlanRole, number>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.database.db;
    ids = await seedPlanTeam(db);
  });
  afterAll(() => database?.drop());

  /** Prepares the reach's text on one connection, files `calls` times as `role`, and reads its plans. */
  async function plansAfter(reach: Reach, role: PlanRole, calls: number) {
    const nameOf = (call: number) => `customer ${String(call % 7).padStart(5, '0')} ltd`;
    return plansOfCalls<{ customer: { name_key: string } }>(
      db,
      FILING_CONTEXT[reach].text,
      calls,
      (call) => [
        String(ids[role]),
        role,
        null,
        'customer',
        `${nameOf(call)} 10% on 50000`,
        nameOf(call),
        String(ids.supervisor),
        '2026-11-01T00:00:00Z',
        '2026-11-01T00:00:00Z',
        '2026-11-01T00:00:00Z',
        '2026-09-01T00:00:00Z',
        null,
        '50000',
        'false',
      ],
      // It still finds the customer named, whichever plan it runs.
      (found, call) => expect(found.map((row) => row.customer.name_key)).toEqual([nameOf(call)]),
    );
  }

  it('runs the generic plan after five calls when a rep files (most filings)', async () => {
    expect(await plansAfter('own', 'rep', 10)).toEqual({ generic: 5, custom: 5 });
  });

  // A supervisor's or an admin's filing stays custom-planned: by its own values Postgres finds the
  // name through the index of names, which a generic plan cannot (it has no prefix to look up). Still
  // the customer named, either way.
  it.each([
    ['team', 'supervisor'],
    ['team', 'director'],
    ['all', 'admin'],
  ] as const)('finds the customer named (%s, as %s)', async (reach, role) => {
    // plansAfter checks that every call finds the customer named.
    await plansAfter(reach, role, 10);
  });
});

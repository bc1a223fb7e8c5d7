import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILING_CONTEXT } from '../../src/app/discounts/discount-statement.ts';
import type { Reach } from '../../src/app/members/reach.ts';
import type { Db } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { type PlanRole, seedPlanTeam } from '../support/plan-team.ts';
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
    return db.transaction(async (tx) => {
      const types = Array.from({ length: 14 }, () => 'text').join(', ');
      await tx.execute(sql.raw(`prepare filing_probe (${types}) as ${FILING_CONTEXT[reach].text}`));
      for (let i = 0; i < calls; i++) {
        const name = `customer ${String(i % 7).padStart(5, '0')} ltd`;
        const values = [
          String(ids[role]),
          role,
          null,
          'customer',
          `${name} 10% on 50000`,
          name,
          String(ids.supervisor),
          '2026-11-01T00:00:00Z',
          '2026-11-01T00:00:00Z',
          '2026-11-01T00:00:00Z',
          '2026-09-01T00:00:00Z',
          null,
          '50000',
          'false',
        ].map((value) => (value === null ? 'null' : `'${value}'`));
        const found = rowsOf<{ customer: { name_key: string } }>(
          await tx.execute(sql.raw(`execute filing_probe (${values.join(', ')})`)),
        );
        // It still finds the customer named, whichever plan it runs.
        expect(found.map((row) => row.customer.name_key)).toEqual([name]);
      }
      const [plans] = rowsOf<{ generic: number; custom: number }>(
        await tx.execute(sql`select generic_plans::int as generic, custom_plans::int as custom
          from pg_prepared_statements where name = 'filing_probe'`),
      );
      await tx.execute(sql`deallocate filing_probe`);
      return { generic: Number(plans!.generic), custom: Number(plans!.custom) };
    });
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

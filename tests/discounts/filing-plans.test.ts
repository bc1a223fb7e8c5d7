import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILING_CONTEXT } from '../../src/app/discounts/discount-statement.ts';
import type { Reach } from '../../src/app/members/reach.ts';
import type { Db } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { customers, discountRequests, members } from '../../src/db/schema.ts';
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
  const ids: Record<'director' | 'supervisor' | 'rep' | 'admin', number> = {
    director: 0,
    supervisor: 0,
    rep: 0,
    admin: 0,
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.database.db;
    const add = async (role: keyof typeof ids, managerId: number | null) => {
      const [row] = await db
        .insert(members)
        .values({ platform: 'slack', userId: `U${role.toUpperCase()}`, name: role, role, managerId })
        .returning();
      ids[role] = row!.id;
    };
    await add('director', null);
    await add('supervisor', ids.director);
    await add('rep', ids.supervisor);
    await add('admin', null);
    // A team the size of a real one (500 reps, 10,000 customers) with statistics on it: what the
    // planner weighs a generic plan's scans by.
    const reps = await db
      .insert(members)
      .values(
        Array.from({ length: 500 }, (_, i) => ({
          platform: 'slack',
          userId: `UREP${i}`,
          name: `rep ${i}`,
          role: 'rep',
          managerId: ids.supervisor,
        })),
      )
      .returning({ id: members.id });
    const owners = [ids.rep, ...reps.map((rep) => rep.id)];
    for (let batch = 0; batch < 10; batch++) {
      await db.insert(customers).values(
        Array.from({ length: 1000 }, (_, j) => {
          const i = batch * 1000 + j;
          const name = `Customer ${String(i).padStart(5, '0')} Ltd`;
          return {
            name,
            nameKey: name.toLowerCase(),
            tier: 'B',
            status: 'active',
            // The first 20 are the rep's, as a rep's book of accounts is.
            ownerId: i < 20 ? ids.rep : owners[i % owners.length]!,
            assignedOn: '2026-11-01',
          };
        }),
      );
    }
    // And a history, as a team has: one past (approved) request for every fifth customer. With
    // history the per-customer reads weigh more, and a plan counting more customers than a call's
    // values give looked dearer than planning each call.
    const customerRows = await db.select({ id: customers.id, ownerId: customers.ownerId }).from(customers);
    const decidedAt = new Date('2026-08-01T00:00:00Z');
    await db.insert(discountRequests).values(
      customerRows
        .filter((_, index) => index % 5 === 0)
        .map((customer) => ({
          customerId: customer.id,
          requesterId: customer.ownerId!,
          percent: 8,
          amount: 20_000,
          reason: 'competitor',
          justification: 'Matching a competing quote',
          status: 'approved',
          currentStep: 1,
          createdAt: decidedAt,
          decidedAt,
        })),
    );
    await db.execute(sql`analyze`);
  });
  afterAll(() => database?.drop());

  /** Prepares the reach's text on one connection, files `calls` times as `role`, and reads its plans. */
  async function plansAfter(reach: Reach, role: keyof typeof ids, calls: number) {
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
    const plans = await plansAfter(reach, role, 10);
    expect(plans.generic + plans.custom).toBe(10);
  });
});

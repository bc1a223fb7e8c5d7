import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { customers, discountRequests, members } from '../../src/db/schema.ts';

export type PlanRole = 'director' | 'supervisor' | 'rep' | 'admin';

/**
 * A team the size of a real one, with statistics on it — what the planner weighs a prepared
 * statement's generic plan by (the plan tests of discounts and visits): a director over a
 * supervisor over a rep and 500 more reps, an admin, 10,000 customers (the rep's own are the first
 * 20, `customer 00000 ltd` onward) and one past approved request for every fifth customer, as a
 * team has a history.
 */
export async function seedPlanTeam(db: Db): Promise<Record<PlanRole, number>> {
  const ids: Record<PlanRole, number> = { director: 0, supervisor: 0, rep: 0, admin: 0 };
  const add = async (role: PlanRole, managerId: number | null) => {
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
          ownerId: i < 20 ? ids.rep : owners[i % owners.length]!,
          assignedOn: '2026-11-01',
        };
      }),
    );
  }
  // With history the per-customer reads weigh more, and a plan counting more customers than a
  // call's values give looked dearer than planning each call.
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
  return ids;
}

/**
 * Prepares `text` (its parameters text, as db/statement.ts sends them) on one connection, runs it
 * `calls` times with the values `valuesFor(i)` gives, hands each call's rows to `check`, and reads
 * how many of those calls Postgres ran a generic plan for and how many a plan for the call's values.
 */
export async function plansOfCalls<Row>(
  db: Db,
  text: string,
  calls: number,
  valuesFor: (call: number) => (string | null)[],
  check: (rows: Row[], call: number) => void,
): Promise<{ generic: number; custom: number }> {
  return db.transaction(async (tx) => {
    for (let call = 0; call < calls; call++) {
      const values = valuesFor(call);
      if (call === 0)
        await tx.execute(sql.raw(`prepare plan_probe (${values.map(() => 'text').join(', ')}) as ${text}`));
      const literals = values.map((value) => (value === null ? 'null' : `'${value.replace(/'/g, "''")}'`));
      check(rowsOf<Row>(await tx.execute(sql.raw(`execute plan_probe (${literals.join(', ')})`))), call);
    }
    const [plans] = rowsOf<{ generic: number; custom: number }>(
      await tx.execute(sql`select generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where name = 'plan_probe'`),
    );
    await tx.execute(sql`deallocate plan_probe`);
    return { generic: Number(plans!.generic), custom: Number(plans!.custom) };
  });
}

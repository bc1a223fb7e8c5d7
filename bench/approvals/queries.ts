/**
 * `npx tsx bench/approvals/queries.ts` — what one Approve click costs without HTTP: files discount
 * requests with the real `/discount` use case on bench/commands' seeded team, then approves them one
 * at a time with `decide` (what the button handler calls) through a postgres.js client that counts
 * statements (its `debug` hook runs once per statement sent). Prints the statements of one click
 * and the mean wall time, Node CPU and statements per click. Diagnostic only; drops its database.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type AppDeps, systemClock } from '../../src/app/context.ts';
import { decide } from '../../src/app/discounts/decide-approval.ts';
import { discountCommand } from '../../src/app/discounts/request-discount.ts';
import { noInstruments } from '../../src/app/instruments.ts';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import * as schema from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { admin, adminUrl, withDatabase } from '../commands/pg.ts';
import { createRandom } from '../commands/random.ts';
import { seedTeam } from '../commands/seed.ts';

const RUNS = 200;

async function main(): Promise<void> {
  const serverUrl = adminUrl();
  const dbName = `accountdesk_bench_approvals_q_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  await admin(serverUrl, (client) => client.unsafe(`create database ${dbName}`));
  const url = withDatabase(serverUrl, dbName);
  let client: postgres.Sql | undefined;
  try {
    const setup = openDatabase({ url, poolSize: 2 });
    await setup.migrate();
    const team = await seedTeam(setup.db, createRandom(20_240_601));
    await setup.db.execute(sql`analyze`);
    await setup.close();

    let count = 0;
    const statements: string[] = [];
    let capture = false;
    client = postgres(url, {
      max: 10,
      onnotice: () => {},
      debug: (_connection, query) => {
        count++;
        if (capture) statements.push(query.replace(/\s+/g, ' ').slice(0, 160));
      },
    });
    const db: Db = drizzle(client, { schema });
    const deps: AppDeps = {
      db,
      clock: systemClock,
      logger: createLogger('warn'),
      defaults: { timezone: 'Asia/Shanghai', locale: 'en', digestTime: '08:30' },
      outboxQueued: () => {},
      instruments: noInstruments,
    };
    const actor = (userId: string) => ({ platform: 'slack' as const, userId, workspace: 'T1' });
    const reps = team.reps.slice(0, RUNS + 51);
    for (const [i, rep] of reps.entries()) {
      await discountCommand(deps, actor(rep.userId), {
        text: `${rep.customers[0]!.name} 10% on 50000 reason:competitor matching a quote`,
        sourceKey: `slack:command:q.${i}`,
      });
    }
    const pending = rowsOf<{ id: number; approver: string }>(
      await db.execute(sql`
        select d.id, a.user_id as approver from discount_requests d
        join approval_steps s on s.request_id = d.id and s.step_no = 1
        join members a on a.id = s.approver_id
        where d.status = 'pending' order by d.id`),
    );
    const click = (row: { id: number; approver: string }) =>
      decide(deps, actor(row.approver), { requestId: Number(row.id), stepNo: 1, decision: 'approved' });
    for (const row of pending.slice(0, 50)) await click(row); // warm-up
    capture = true;
    const first = await click(pending[50]!);
    capture = false;
    if (!first.ok) throw new Error(`the click was refused: ${first.message.text}`);
    const measured = pending.slice(51, 51 + RUNS);
    const before = count;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const row of measured) await click(row);
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    process.stdout.write(
      `${[
        `### One Approve click (\`decide\`, ${measured.length} clicks, one at a time)`,
        '',
        `Statements per click: ${((count - before) / measured.length).toFixed(1)}; wall ${(wall / measured.length).toFixed(2)} ms; Node CPU ${((used.user + used.system) / 1000 / measured.length).toFixed(2)} ms.`,
        '',
        ...statements.map((s, i) => `${i + 1}. \`${s}\``),
      ].join('\n')}\n`,
    );
  } finally {
    await client?.end({ timeout: 5 });
    await admin(serverUrl, (c) => c.unsafe(`drop database if exists ${dbName} with (force)`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

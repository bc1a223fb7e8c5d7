/**
 * `npx tsx bench/commands/queries.ts` — where a command's acknowledgement time goes, without HTTP.
 * Calls the `/visit` and `/discount` use cases directly, one at a time, on the same seeded Postgres
 * dataset as `run.ts`, through a postgres.js client that counts statements; then the cost of one
 * round trip: `select 1`, `findMember` through drizzle, the same through postgres.js, and as a
 * drizzle prepared statement. Diagnostic only: prints markdown, writes nothing, drops its database.
 */
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type AppDeps, systemClock } from '../../src/app/context.ts';
import { discountCommand } from '../../src/app/discounts/request-discount.ts';
import { noInstruments } from '../../src/app/instruments.ts';
import { findMember } from '../../src/app/members/members.ts';
import { loadSettings } from '../../src/app/members/team-settings.ts';
import { visitCommand } from '../../src/app/visits/log-visit.ts';
import { type Db, openDatabase } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { postgresCpuMs } from '../common/proc-cpu.ts';
import { admin, adminUrl, withDatabase } from './pg.ts';
import { createRandom } from './random.ts';
import { seedTeam } from './seed.ts';

const RUNS = 300;
const ROUND_TRIPS = 2000;

type Sample = { label: string; statements: number; wallMs: number; cpuMs: number; pgCpuMs: number };

async function timed(
  label: string,
  runs: number,
  counter: { n: number; database: string },
  work: (i: number) => Promise<unknown>,
) {
  for (let i = 0; i < Math.min(50, runs); i++) await work(-1 - i); // warm-up
  const statements = counter.n;
  const cpu = process.cpuUsage();
  const pg = postgresCpuMs({ database: counter.database });
  const started = performance.now();
  for (let i = 0; i < runs; i++) await work(i);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    label,
    statements: (counter.n - statements) / runs,
    wallMs: wall / runs,
    cpuMs: (used.user + used.system) / 1000 / runs,
    pgCpuMs: Math.max(0, postgresCpuMs({ database: counter.database }) - pg) / runs,
  } satisfies Sample;
}

function table(title: string, samples: Sample[]): string {
  return [
    `### ${title}`,
    '',
    '| Case | Statements | Wall (ms) | Node CPU (ms) | Postgres CPU (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...samples.map(
      (s) =>
        `| ${s.label} | ${s.statements.toFixed(1)} | ${s.wallMs.toFixed(2)} | ${s.cpuMs.toFixed(2)} | ${s.pgCpuMs.toFixed(2)} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const serverUrl = adminUrl();
  const dbName = `accountdesk_bench_q_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  await admin(serverUrl, (client) => client.unsafe(`create database ${dbName}`));
  const url = withDatabase(serverUrl, dbName);
  let client: postgres.Sql | undefined;
  try {
    const setup = openDatabase({ url, poolSize: 2 });
    await setup.migrate();
    const team = await seedTeam(setup.db, createRandom(20_240_601));
    await setup.db.execute(sql`analyze`);
    await setup.close();

    const counter = { n: 0, database: dbName };
    const statements: string[] = [];
    let capture = false;
    client = postgres(url, {
      max: 10,
      onnotice: () => {},
      debug: (_connection, query) => {
        counter.n++;
        if (capture) statements.push(query.replace(/\s+/g, ' ').slice(0, 140));
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
    const random = createRandom(7);
    const actor = (userId: string) => ({ platform: 'slack' as const, userId, workspace: 'T1' });
    const rep = () => random.pick(team.reps);
    const latinOf = (r: (typeof team.reps)[number]) =>
      r.customers.find((c) => c.name.startsWith('Customer'))!;
    const chineseOf = (r: (typeof team.reps)[number]) =>
      r.customers.find((c) => !c.name.startsWith('Customer'))!;
    let seq = 0;
    const key = () => `slack:command:q.${++seq}`;

    const commands: Sample[] = [];
    commands.push(
      await timed('`/visit` — rep, "Customer 0001 Ltd"', RUNS, counter, () => {
        const r = rep();
        return visitCommand(deps, actor(r.userId), {
          text: `${latinOf(r).name} Met procurement about the renewal next:+7d`,
          sourceKey: key(),
        });
      }),
    );
    commands.push(
      await timed('`/visit` — rep, Chinese name', RUNS, counter, () => {
        const r = rep();
        return visitCommand(deps, actor(r.userId), {
          text: `${chineseOf(r).name} 拜访采购部 next:+7d`,
          sourceKey: key(),
        });
      }),
    );
    commands.push(
      await timed('`/visit` — supervisor (team of 200 customers)', RUNS, counter, () => {
        const s = random.pick(team.supervisors);
        return visitCommand(deps, actor(s.userId), {
          text: `${random.pick(s.customers).name} Joint visit next:+7d`,
          sourceKey: key(),
        });
      }),
    );
    commands.push(
      await timed('`/discount` 10 % — manager approval', RUNS, counter, () => {
        const r = rep();
        return discountCommand(deps, actor(r.userId), {
          text: `${latinOf(r).name} 10% on 50000 reason:competitor matching a quote`,
          sourceKey: key(),
        });
      }),
    );
    commands.push(
      await timed('`/discount` 4 % — auto-approved', RUNS, counter, () => {
        const r = rep();
        return discountCommand(deps, actor(r.userId), {
          text: `${latinOf(r).name} 4% on 50000 reason:competitor matching a quote`,
          sourceKey: key(),
        });
      }),
    );

    const someRep = team.reps[0]!;
    const findMemberPrepared = db
      .select()
      .from(schema.members)
      .where(
        and(
          eq(schema.members.platform, sql.placeholder('platform')),
          eq(schema.members.userId, sql.placeholder('userId')),
          eq(schema.members.active, true),
        ),
      )
      .prepare('bench_find_member');
    const pgClient = client;
    const trips: Sample[] = [
      await timed('`select 1` (postgres.js)', ROUND_TRIPS, counter, () => pgClient`select 1`),
      await timed('`findMember` (drizzle query builder, as in src)', ROUND_TRIPS, counter, () =>
        findMember(deps, actor(someRep.userId)),
      ),
      await timed('`findMember` (drizzle prepared statement)', ROUND_TRIPS, counter, () =>
        findMemberPrepared.execute({ platform: 'slack', userId: someRep.userId }),
      ),
      await timed(
        '`findMember` (postgres.js tagged template)',
        ROUND_TRIPS,
        counter,
        () =>
          pgClient`select * from members where platform = ${'slack'} and user_id = ${someRep.userId} and active = true`,
      ),
      await timed('`loadSettings` (query + zod parse)', ROUND_TRIPS, counter, () => loadSettings(db)),
    ];

    capture = true;
    const r = team.reps[1]!;
    await discountCommand(deps, actor(r.userId), {
      text: `${latinOf(r).name} 10% on 50000 reason:competitor matching a quote`,
      sourceKey: key(),
    });
    capture = false;

    process.stdout.write(
      `${[
        table(`Per command, sequential (${RUNS} each, no concurrency)`, commands),
        '',
        table(`Per round trip (${ROUND_TRIPS} each)`, trips),
        '',
        '### Statements of one `/discount` 10 %',
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
  console.error(error);
  process.exitCode = 1;
});

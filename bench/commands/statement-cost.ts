/**
 * `npx tsx bench/commands/statement-cost.ts [seconds]`
 *
 * What the `/visit` statement costs Postgres on its own, per reach: the bench team is seeded on a
 * fresh database, a rep's and a supervisor's real `/visit` commands are run once each through the use
 * case to take the statement's parameters as the service sends them, and then each text is run in a
 * closed loop (16 in flight over 8 connections, a fresh source key each time) for `seconds` (5). It
 * prints statements per second and the CPU time of the Postgres processes and of this process per
 * statement. Postgres alone, no HTTP or Bolt: for comparing one statement text with another
 * (BENCHMARKS.md, "What Postgres spends per command"). Alternate runs when comparing; the machine's
 * speed drifts.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createAppDeps } from '../../src/app/context.ts';
import type { Reach } from '../../src/app/members/reach.ts';
import { visitCommand } from '../../src/app/visits/log-visit.ts';
import { LOG_VISIT } from '../../src/app/visits/visit-statement.ts';
import { type Db, openDatabase } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { createCleanup } from '../common/cleanup.ts';
import { postgresCpuMs } from '../common/proc-cpu.ts';
import { admin, adminUrl, withDatabase } from './pg.ts';
import { createRandom } from './random.ts';
import { type SeededTeam, seedTeam } from './seed.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const IN_FLIGHT = 16;
const log = (line: string) => process.stderr.write(`[statement-cost] ${line}\n`);
const cleanup = createCleanup(log, 'dropping the database');

/** The statement's parameters for each member's command, as the use case sends them. */
async function capture(url: string, team: SeededTeam, reach: Reach, count: number): Promise<string[][]> {
  const text = LOG_VISIT[reach].text;
  const captured: string[][] = [];
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => {
      if (query === text) captured.push(parameters as string[]);
    },
  });
  const deps = createAppDeps(
    { DEFAULT_TIMEZONE: 'Asia/Shanghai', DEFAULT_LOCALE: 'en', DIGEST_TIME: '08:30' },
    { db: drizzle(client, { schema }) as unknown as Db, logger: createLogger('warn') },
  );
  const members = reach === 'own' ? team.reps : team.supervisors;
  for (const [index, member] of members.slice(0, count).entries()) {
    const customer = member.customers[index % member.customers.length]!;
    await visitCommand(
      deps,
      { platform: 'slack', userId: member.userId, workspace: 'T1' },
      {
        text: `${customer.name} Met procurement about the renewal next:+7d`,
        sourceKey: `capture.${reach}.${index}`,
      },
    );
  }
  await client.end();
  return captured;
}

async function closedLoop(url: string, reach: Reach, sets: string[][]): Promise<void> {
  const text = LOG_VISIT[reach].text;
  const client = postgres(url, { max: 8, onnotice: () => {} });
  const SOURCE_KEY = 11; // $12
  let sent = 0;
  const run = async (until: number, prefix: string) => {
    let done = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (Date.now() < until) {
          const n = sent++;
          const values = sets[n % sets.length]!.map((value, i) =>
            i === SOURCE_KEY ? `${prefix}.${n}` : value,
          );
          const [row] = await client.unsafe(text, values, { prepare: true });
          if (!(row as unknown as { result: { visit: unknown } }).result.visit)
            throw new Error('no visit written');
          done++;
        }
      }),
    );
    return done;
  };
  await run(Date.now() + 1000, `warm.${reach}`);
  const pgBefore = postgresCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const done = await run(started + SECONDS * 1000, `run.${reach}`);
  const wallMs = Date.now() - started;
  const pgMs = postgresCpuMs() - pgBefore;
  const cpu = process.cpuUsage(cpuBefore);
  await client.end();
  process.stdout.write(
    `LOG_VISIT.${reach}: ${done} statements, ${Math.round((done / wallMs) * 1000)}/s, Postgres CPU ${(pgMs / done).toFixed(3)} ms, this process ${((cpu.user + cpu.system) / 1000 / done).toFixed(3)} ms per statement\n`,
  );
}

async function main(): Promise<void> {
  const serverUrl = adminUrl();
  const name = `accountdesk_statements_${Date.now()}`;
  await admin(serverUrl, (client) => client.unsafe(`create database ${name}`));
  cleanup.add(async () => {
    await admin(serverUrl, (client) => client.unsafe(`drop database if exists ${name} with (force)`));
  });
  const url = withDatabase(serverUrl, name);
  const database = openDatabase({ url, poolSize: 2 });
  await database.migrate();
  const team = await seedTeam(database.db, createRandom(20_240_601));
  await database.close();
  await admin(url, (client) => client.unsafe('analyze'));
  for (const reach of ['own', 'team'] as const) {
    const sets = await capture(url, team, reach, reach === 'own' ? 200 : 50);
    if (sets.length === 0) throw new Error(`no ${reach} visit took the one-statement path`);
    await closedLoop(url, reach, sets);
  }
}

main().then(
  () => cleanup.run(),
  async (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await cleanup.run();
    process.exitCode = 1;
  },
);

/**
 * Database round trips per command, counted with postgres.js's `debug` hook (called once per
 * statement sent, `begin`/`commit` included): the use cases called directly, one at a time, on the
 * bench database, with a process that has seen the member before (the hot path) and with one
 * that has not (a member's first command after a start).
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type AppDeps, createAppDeps } from '../../src/app/context.ts';
import { discountCommand } from '../../src/app/discounts/request-discount.ts';
import { visitCommand } from '../../src/app/visits/log-visit.ts';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import type { SeedCustomer, SeededTeam } from './seed.ts';

const RUNS = 100;

export type RoundTrips = {
  label: string;
  hot: number;
  first: number;
  /** CPU time of this process per hot-path command: the use case's own, without Bolt or HTTP. */
  cpuMs: number;
  /** Wall time per hot-path command, one at a time (the database's time included). */
  wallMs: number;
};

type Member = { userId: string; customers: SeedCustomer[] };

export async function roundTripsPerCommand(url: string, team: SeededTeam): Promise<RoundTrips[]> {
  const counter = { n: 0 };
  const client = postgres(url, { max: 4, onnotice: () => {}, debug: () => counter.n++ });
  try {
    const freshDeps = (): AppDeps =>
      createAppDeps(
        { DEFAULT_TIMEZONE: 'Asia/Shanghai', DEFAULT_LOCALE: 'en', DIGEST_TIME: '08:30' },
        { db: drizzle(client, { schema }) as unknown as Db, logger: createLogger('warn') },
      );
    let seq = 0;
    const key = () => `slack:command:rt.${++seq}`;
    const actor = (userId: string) => ({ platform: 'slack' as const, userId, workspace: 'T1' });
    const latin = (m: Member) => m.customers.find((c) => c.name.startsWith('Customer')) ?? m.customers[0]!;
    const chinese = (m: Member) => m.customers.find((c) => !c.name.startsWith('Customer')) ?? m.customers[0]!;
    const cases: {
      label: string;
      members: Member[];
      run: (deps: AppDeps, m: Member, round: number) => Promise<unknown>;
    }[] = [
      {
        label: '`/visit` — rep, "Customer 0001 Ltd … next:+7d"',
        members: team.reps,
        run: (deps, m) =>
          visitCommand(deps, actor(m.userId), {
            text: `${latin(m).name} Met procurement about the renewal next:+7d`,
            sourceKey: key(),
          }),
      },
      {
        label: '`/visit` — rep, Chinese name',
        members: team.reps,
        run: (deps, m) =>
          visitCommand(deps, actor(m.userId), {
            text: `${chinese(m).name} 拜访采购部 next:+7d`,
            sourceKey: key(),
          }),
      },
      {
        label: '`/visit` — supervisor (team of 200 customers)',
        members: team.supervisors,
        run: (deps, m) =>
          visitCommand(deps, actor(m.userId), {
            text: `${m.customers[7]!.name} Joint visit`,
            sourceKey: key(),
          }),
      },
      {
        label: '`/discount` 10 % — routed to the manager',
        members: team.reps,
        // A deal of its own each time: a second request on a deal replaces the first (the next case).
        run: (deps, m, round) =>
          discountCommand(deps, actor(m.userId), {
            text: `${m.customers[round]!.name} 10% on 50000 deal:rt${++seq} reason:competitor matching a quote`,
            sourceKey: key(),
          }),
      },
      {
        label: "`/discount` 12 % — routed, replacing the deal's pending request",
        members: team.reps,
        run: async (deps, m, round) => {
          const text = `${m.customers[round + 6]!.name} 12% on 50000 deal:again${round} reason:competitor again`;
          // The first is filed uncounted; the second replaces it (and tells its readers).
          const counted = counter.n;
          await discountCommand(deps, actor(m.userId), { text, sourceKey: key() });
          counter.n = counted;
          return discountCommand(deps, actor(m.userId), { text, sourceKey: key() });
        },
      },
      {
        label: '`/discount` 4 % — auto-approved',
        members: team.reps,
        run: (deps, m, round) =>
          discountCommand(deps, actor(m.userId), {
            text: `${m.customers[round + 3]!.name} 4% on 50000 deal:rt${++seq} reason:competitor matching a quote`,
            sourceKey: key(),
          }),
      },
    ];
    const results: RoundTrips[] = [];
    for (const { label, members, run } of cases) {
      // A member's first command in a fresh process (settings read once per process, not counted).
      const deps = freshDeps();
      await run(deps, members.at(-1)!, 2);
      const firstBefore = counter.n;
      let firsts = 0;
      for (const m of members.slice(0, RUNS)) {
        await run(deps, m, 0);
        firsts++;
      }
      const first = (counter.n - firstBefore) / firsts;
      // The same members again: the hot path.
      const hotBefore = counter.n;
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      for (const m of members.slice(0, RUNS)) await run(deps, m, 1);
      const runs = Math.min(RUNS, members.length);
      const cpu = process.cpuUsage(cpuBefore);
      results.push({
        label,
        first,
        hot: (counter.n - hotBefore) / runs,
        cpuMs: (cpu.user + cpu.system) / 1000 / runs,
        wallMs: (performance.now() - wallBefore) / runs,
      });
    }
    return results;
  } finally {
    await client.end({ timeout: 5 });
  }
}

export function roundTripsTable(trips: RoundTrips[]): string {
  return [
    "| Command | Round trips, member seen before (hot path) | Round trips, member's first command since start | Node CPU per command, hot (ms) | Wall time per command, hot (ms) |",
    '| --- | ---: | ---: | ---: | ---: |',
    ...trips.map(
      (t) =>
        `| ${t.label} | ${t.hot.toFixed(1)} | ${t.first.toFixed(1)} | ${t.cpuMs.toFixed(2)} | ${t.wallMs.toFixed(2)} |`,
    ),
  ].join('\n');
}

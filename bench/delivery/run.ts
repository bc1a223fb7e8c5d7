/**
 * `npm run bench:delivery [-- --write] [-- --members N] [-- --random429 R]`
 *
 * The morning delivery: 5,500 members (half on Slack, half on Lark, both delivered in the same
 * run), each due a morning message. One real `runDigests` pass queues them; the real outbox worker
 * (default options) with the real notifiers and clients delivers them to the fake Slack (1 post a
 * second per conversation, 50 per workspace) and the fake Lark (5 a second per user, 50 per app),
 * both answering 429 beyond that and at random on 5 % of sends (seeded). Reports wall time, the
 * rate per platform against what the fakes allow (target ≥ 90 %), the 429s, and whether every
 * member got exactly one message, counted at the fakes.
 *
 * BENCH_BUCKETS=1 also logs each platform's deliveries per 5 s (where a run slowed down).
 *
 * Only ever talks to 127.0.0.1 (BENCH_POSTGRES_URL may name another local port); creates and drops
 * its own database, accountdesk_bench_delivery_<stamp>, on exit, failure or Ctrl-C.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createAppDeps } from '../../src/app/context.ts';
import { runDigests } from '../../src/app/followups/morning-messages.ts';
import { openDatabase } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { createLogger } from '../../src/logger.ts';
import { startDeliveryRig } from '../../tests/support/delivery-rig.ts';
import { writeSection } from '../common/benchmarks-md.ts';
import { createCleanup } from '../common/cleanup.ts';
import { postgresCpuMs } from '../common/proc-cpu.ts';

const COMMAND = 'npm run bench:delivery -- --write';
const DB_PREFIX = 'accountdesk_bench_delivery_';
const LIMIT_MS = 15 * 60_000;
/** What the fakes allow per platform (messages a second, app- or workspace-wide). */
const ALLOWED = 50;
const TARGET_SHARE = 0.9;

const log = (line: string) => process.stderr.write(`[bench:delivery] ${line}\n`);
const argv = process.argv.slice(2);
const value = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const WRITE = argv.includes('--write');
const MEMBERS = Number(value('--members') ?? 5500);
const RANDOM_429 = Number(value('--random429') ?? 0.05);

function serverUrl(): string {
  const url = new URL(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`BENCH_POSTGRES_URL must point at the local Postgres, not ${url.hostname}`);
  return url.toString();
}

async function admin<T>(work: (client: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(serverUrl(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await work(client);
  } finally {
    await client.end({ timeout: 5 });
  }
}

const cleanup = createCleanup(log, 'stopping');
setTimeout(() => {
  log(`still running after ${LIMIT_MS / 60_000} min, giving up`);
  void cleanup.run().finally(() => process.exit(2));
}, LIMIT_MS).unref();

type PlatformFigures = {
  members: number;
  delivered: number;
  seconds: number;
  perSecond: number;
  refused: { key: number; app: number; random: number };
  twice: number;
  missing: number;
};

/** Successful sends per member at the fake, and the span from the first to the last. */
function figures(
  userIds: string[],
  calls: { at: number; failed: boolean; to: string }[],
  refused: PlatformFigures['refused'],
): PlatformFigures {
  const ok = calls.filter((call) => !call.failed);
  const perMember = new Map<string, number>();
  for (const call of ok) perMember.set(call.to, (perMember.get(call.to) ?? 0) + 1);
  const times = ok.map((call) => call.at);
  // n messages over the span from the first to the last is n − 1 intervals.
  const seconds = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  return {
    members: userIds.length,
    delivered: ok.length,
    seconds,
    perSecond: seconds > 0 ? (ok.length - 1) / seconds : 0,
    refused,
    twice: [...perMember.values()].filter((count) => count > 1).length,
    missing: userIds.filter((id) => !perMember.has(id)).length,
  };
}

async function main(): Promise<boolean> {
  const name = `${DB_PREFIX}${Date.now()}`;
  await admin((client) => client.unsafe(`create database "${name}"`));
  cleanup.add(() =>
    admin(async (client) => {
      await client.unsafe(`drop database if exists "${name}" with (force)`);
      log(`dropped ${name}`);
    }),
  );
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const database = openDatabase({ url: url.toString() });
  cleanup.add(() => database.close());
  await database.migrate();
  const db = database.db;
  const pgVersion = rowsOf<{ v: string }>(await db.execute(sql`select version() as v`));

  // Half on each platform, every one a rep in Berlin with no manager: one morning message each.
  const half = Math.floor(MEMBERS / 2);
  await db.execute(sql`
    insert into members (platform, workspace, user_id, name, role, timezone, locale, active)
    select case when g <= ${half} then 'slack' else 'lark' end, '',
           case when g <= ${half} then 'UDELIV' else 'ou_deliv' end || lpad(g::text, 6, '0'),
           'Member ' || g, 'rep', 'Europe/Berlin', 'en', true
    from generate_series(1, ${MEMBERS}) g`);
  const members = rowsOf<{
    platform: string;
    user_id: string;
  }>(await db.execute(sql`select platform, user_id from members`));
  const slackIds = members.filter((m) => m.platform === 'slack').map((m) => m.user_id);
  const larkIds = members.filter((m) => m.platform === 'lark').map((m) => m.user_id);

  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
  const rig = await startDeliveryRig({
    db,
    logger,
    slackLimits: { perKey: 1, perApp: ALLOWED, random429: RANDOM_429, seed: 1 },
    larkLimits: { perKey: 5, perApp: ALLOWED, random429: RANDOM_429, seed: 2 },
    // The worker as the service runs it: its own defaults (poll, batch, concurrency, backoff).
    worker: { pollMs: 1000, baseBackoffMs: 2000, maxBackoffMs: 600_000 },
  });
  cleanup.add(() => rig.stop());
  const deps = createAppDeps(
    { DEFAULT_TIMEZONE: 'UTC', DEFAULT_LOCALE: 'en', DIGEST_TIME: '08:30' },
    { db, logger, outboxQueued: () => rig.worker.kick() },
  );

  const loadBefore = loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuMs({ database: name });
  const started = Date.now();
  rig.worker.start();
  // A Wednesday, 10:00 in Berlin: every member is past 08:30 on a working day.
  const digests = await runDigests(deps, { at: new Date('2025-11-19T09:00:00.000Z') });
  const queuedIn = Date.now() - started;
  log(`queued ${digests.queued} of ${digests.due} due in ${queuedIn} ms; delivering`);
  for (;;) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`),
    );
    if (row!.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const wall = (Date.now() - started) / 1000;
  const loadAfter = loadavg()[0]!;
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  const pgCpu = (postgresCpuMs({ database: name }) - pgBefore) / 1000;
  await rig.worker.stop();
  const [failed] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from outbox where status = 'failed'`),
  );

  const slack = figures(
    slackIds,
    rig.slack
      .callsTo('chat.postMessage')
      .map((c) => ({ at: c.at, failed: c.failed, to: String(c.args.channel) })),
    rig.slack.rateLimits!.refused,
  );
  const lark = figures(
    larkIds,
    rig.lark
      .callsTo('im.message.create')
      .map((c) => ({ at: c.at, failed: c.failed, to: String(c.args.receive_id) })),
    rig.lark.rateLimits!.refused,
  );
  if (process.env.BENCH_BUCKETS)
    for (const [label, calls] of [
      ['slack', rig.slack.callsTo('chat.postMessage')],
      ['lark', rig.lark.callsTo('im.message.create')],
    ] as const) {
      const buckets = new Map<number, number>();
      for (const call of calls)
        if (!call.failed)
          buckets.set(
            Math.floor((call.at - started) / 5000),
            (buckets.get(Math.floor((call.at - started) / 5000)) ?? 0) + 1,
          );
      log(`${label} per 5 s: ${[...buckets].map(([b, n]) => `${b * 5}s:${n}`).join(' ')}`);
    }
  const once = (p: PlatformFigures) => p.twice === 0 && p.missing === 0 && p.delivered === p.members;
  const fast = (p: PlatformFigures) => p.perSecond >= TARGET_SHARE * ALLOWED;
  const pass = once(slack) && once(lark) && fast(slack) && fast(lark) && failed!.n === 0;

  const pct = (p: PlatformFigures) => `${((100 * p.perSecond) / ALLOWED).toFixed(1)} %`;
  const row = (label: string, p: PlatformFigures) =>
    `| ${label} | ${p.members.toLocaleString('en')} | ${p.delivered.toLocaleString('en')} | ${p.seconds.toFixed(1)} | **${p.perSecond.toFixed(1)}** of ${ALLOWED} (${pct(p)}) | ${p.refused.random} / ${p.refused.key} / ${p.refused.app} | ${p.twice} | ${p.missing} |`;
  const section = `## Morning delivery (\`bench:delivery\`)

\`${COMMAND}\` — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${pgVersion[0]?.v.split(' on ')[0] ?? 'PostgreSQL'} on 127.0.0.1; the machine is shared with other work (load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end).

${MEMBERS.toLocaleString('en')} members, ${slackIds.length.toLocaleString('en')} on Slack and ${larkIds.length.toLocaleString('en')} on Lark, delivered in the same run. One real \`runDigests\` pass queues a morning message for each; the real outbox worker (its defaults: concurrency 16, batch 20) with the real notifiers and the real Slack and Lark clients delivers them to the fakes in this process: Slack allows 1 post a second per conversation and ${ALLOWED} per workspace (429 + \`Retry-After\` beyond), Lark 5 sends a second per user and ${ALLOWED} per app (HTTP 429, code 99991400, \`x-ogw-ratelimit-reset\`), and both answer 429 at random on ${(RANDOM_429 * 100).toFixed(0)} % of sends (seeded). The rate is the messages delivered over the span from a platform's first delivery to its last, counted at the fake.

Wall time, from the morning pass starting to the last message delivered: **${wall.toFixed(1)} s** (the pass itself queued ${digests.queued.toLocaleString('en')} messages in ${(queuedIn / 1000).toFixed(1)} s, delivery starting meanwhile).

CPU meanwhile: this process (the worker, both clients and both fakes) ${nodeCpu.toFixed(1)} s (${((100 * nodeCpu) / wall).toFixed(0)} % of one core), Postgres ${pgCpu.toFixed(1)} s.

| Platform | Members | Delivered | Span s | Messages/s (of allowed) | 429s: random / per conversation / app-wide | Twice | Missing |
| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |
${row('Slack', slack)}
${row('Lark', lark)}

Where the rest of the allowed rate goes: each pacer counts a call's window from its answer, not from when it went (safe however late a call reaches the platform, at the price of one round trip per window; the app-wide 429 column shows what it let through); a random 429 costs its row a second's wait (\`Retry-After\`) with its slot given back; and the morning pass composes in the same process for the first seconds. The machine's other work counts too: a run is marginal at a load average near 10 on these 2 cores, so compare runs at a like load.

Against the targets: every member exactly one message (counted at the fakes), none given up (${failed!.n} failed rows) — **${once(slack) && once(lark) && failed!.n === 0 ? 'pass' : 'FAIL'}**; each platform at ≥ ${TARGET_SHARE * 100} % of its allowed rate — **${fast(slack) && fast(lark) ? 'pass' : 'FAIL'}**.
`;
  process.stdout.write(`${section}\n`);
  if (WRITE) writeSection(new URL('../../BENCHMARKS.md', import.meta.url).pathname, 'delivery', section);
  return pass;
}

cleanup.exitAfter(main);

/**
 * `npm run bench:soak [-- --minutes N] [-- --rate N] [-- --write]`
 *
 * Does the service hold its memory under steady load? The real service (bench/approvals/service.ts:
 * the service plus the fake Slack its outbox delivers to) takes bench/commands' workload — signed
 * `/visit` and `/discount` commands, 200 per second, open loop — for 5 minutes on a fresh Postgres
 * database seeded like bench/commands. Every 5 s the child's RSS and heap are sampled (over IPC,
 * with /proc/<pid>/status VmRSS as a cross-check). The verdict compares RSS one minute in (after
 * warm-up) with RSS at the end: growth under 10 %.
 *
 * The fake Slack runs in a process of its own (bench/approvals/service.ts with BENCH_CHILD=fake): it
 * keeps every message the outbox posted and each update's earlier version, memory real Slack holds,
 * not the service. At the end both are measured after a full GC.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { ROOT, startServiceChild } from '../approvals/child.ts';
import type { MemorySample } from '../approvals/child-protocol.ts';
import { openLoop, percentile } from '../commands/load.ts';
import { admin, adminUrl, withDatabase } from '../commands/pg.ts';
import { createRandom } from '../commands/random.ts';
import { seedTeam } from '../commands/seed.ts';
import { type BenchRequest, createWorkload } from '../commands/workload.ts';
import { writeSection } from '../common/benchmarks-md.ts';
import { createCleanup } from '../common/cleanup.ts';
import { loadAverage, machineLine } from '../common/machine.ts';

const COMMAND = 'npm run bench:soak -- --write';
const SIGNING_SECRET = 'bench-signing-secret';
const SEED = 20_240_601;
const rateAt = process.argv.indexOf('--rate');
/** 200 req/s as the issue asks; `--rate N` for a machine too busy to serve that (noted in the report). */
const RATE = rateAt >= 0 && process.argv[rateAt + 1] ? Number(process.argv[rateAt + 1]) : 200;
const SAMPLE_MS = 5000;
const GROWTH_TARGET = 0.1;

const argv = process.argv.slice(2);
const at = argv.indexOf('--minutes');
const MINUTES = at >= 0 && argv[at + 1] ? Number(argv[at + 1]) : 5;
const WRITE = argv.includes('--write');
const DURATION_MS = MINUTES * 60_000;
/** RSS is compared from here on: the first minute is warm-up (JIT, pools, caches filling). */
const BASELINE_MS = Math.min(60_000, DURATION_MS / 3);

const log = (line: string) =>
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const cleanup = createCleanup(log, 'stopping the service and dropping the database');

type Sample = MemorySample & { atMs: number; vmRssMb: number };

function vmRssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * bench/commands/workload.ts (not ours to change) still expects a visit's reply to contain "Logged ";
 * the service now answers "Visit logged for <customer> on …". Both are the confirmation.
 */
function visitTextToday(request: BenchRequest): BenchRequest {
  return {
    ...request,
    check(status, body) {
      const problem = request.check(status, body);
      return problem?.startsWith('visit: unexpected reply "Visit logged for ') ? undefined : problem;
    },
  };
}

const mb = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(1));

async function main(): Promise<boolean> {
  const serverUrl = adminUrl();
  const loadAtStart = loadAverage();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `accountdesk_bench_soak_${stamp}`;
  const logDir = join(tmpdir(), `accountdesk-bench-soak-${stamp}`);
  mkdirSync(logDir, { recursive: true });
  const pgVersion = await admin(serverUrl, async (client) => {
    await client.unsafe(`create database ${dbName}`);
    const [version] = await client<{ server_version: string }[]>`show server_version`;
    return version?.server_version ?? 'unknown';
  });
  cleanup.add(async () => {
    await admin(serverUrl, (client) => client.unsafe(`drop database if exists ${dbName} with (force)`));
    log(`dropped database ${dbName}`);
  });
  const url = withDatabase(serverUrl, dbName);
  const database = openDatabase({ url, poolSize: 2 });
  cleanup.add(() => database.close());
  await database.migrate();
  const team = await seedTeam(database.db, createRandom(SEED));
  await database.db.execute(sql`analyze`);
  log(`created and seeded ${dbName}`);

  // The fake Slack in a process of its own: it keeps every message posted (as Slack does, not this
  // service), so in the service's process it would be counted as the service's memory.
  const fakeChild = await startServiceChild({
    env: { ...process.env, BENCH_CHILD: 'fake' },
    logFile: join(logDir, 'fake-slack.log'),
    cleanup,
    execArgv: ['--expose-gc'],
  });
  const child = await startServiceChild({
    env: {
      ...process.env,
      BENCH_CHILD: 'service',
      BENCH_SLACK_API_URL: fakeChild.url.toString(),
      DATABASE_URL: url,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: '',
      LARK_APP_ID: '',
      LARK_APP_SECRET: '',
      LOG_LEVEL: 'warn',
      DEFAULT_TIMEZONE: 'Asia/Shanghai',
      DEFAULT_LOCALE: 'en',
    },
    logFile: join(logDir, 'service.log'),
    cleanup,
    // Only for the end: a full collection before the last samples, so they show what is held.
    execArgv: ['--expose-gc'],
  });
  log(`service at ${child.url.origin} (pid ${child.pid}); log in ${logDir}; ${MINUTES} min at ${RATE} req/s`);

  const workload = createWorkload({
    team,
    random: createRandom(SEED + 2),
    signingSecret: SIGNING_SECRET,
    responseUrl: `${child.fakeSlackUrl}/response/bench`,
    expectReply: true,
    runId: `soak${stamp}`,
  });
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const memory = await child.memory();
    samples.push({ ...memory, atMs: performance.now() - started, vmRssMb: vmRssMb(child.pid) });
  };
  await sample();
  const sampler = setInterval(() => {
    sample().catch((error: unknown) => log(`sample failed: ${String(error)}`));
  }, SAMPLE_MS);
  const result = await openLoop(child.url, () => visitTextToday(workload.next()), {
    rate: RATE,
    durationMs: DURATION_MS,
  });
  clearInterval(sampler);
  await sample();
  const loadAtEnd = loadAverage();

  // Let the outbox finish, then look at what is held after a full GC, with and without the fake's store.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`),
    );
    if (Number(row?.n ?? 0) === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const held = await child.memory({ gc: true });
  const fakeHeld = await fakeChild.memory({ gc: true, withFake: true });

  const baseline = samples.find((s) => s.atMs >= BASELINE_MS) ?? samples[0]!;
  const last = samples.at(-1)!;
  const growth = (last.rssMb - baseline.rssMb) / baseline.rssMb;
  const heapGrowth = (last.heapUsedMb - baseline.heapUsedMb) / baseline.heapUsedMb;
  const p99 = percentile(result.latencies, 99);
  const pass = growth < GROWTH_TARGET && result.errors === 0;
  const every = Math.max(1, Math.round(30_000 / SAMPLE_MS));
  const rows = samples.filter((_, i) => i % every === 0 || i === samples.length - 1);
  const section = [
    '## Memory under steady load (`bench:soak`)',
    '',
    `Command: \`${COMMAND}\`${MINUTES === 5 && RATE === 200 ? '' : ` (this run: \`--minutes ${MINUTES} --rate ${RATE}\` — not the reference configuration)`}  `,
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${machineLine(pgVersion)}; load average at start ${loadAtStart}, at the end of the load ${loadAtEnd}.`,
    '',
    `The service child (\`bench/approvals/service.ts\` with \`BENCH_CHILD=service\`: the real service on Postgres, delivering to a fake Slack in a process of its own) under bench/commands' workload (70 % \`/visit\`, 20 % \`/discount\` needing approval, 10 % auto-approved; signed, from ${team.reps.length} reps and ${team.supervisors.length} supervisors), open loop at ${RATE} req/s for ${MINUTES} min. RSS and heap sampled every ${SAMPLE_MS / 1000} s.`,
    '',
    '| Time | RSS (MB) | VmRSS /proc (MB) | Heap used (MB) | Heap total (MB) | External (MB) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (s) =>
        `| ${(s.atMs / 1000).toFixed(0)} s | ${mb(s.rssMb)} | ${mb(s.vmRssMb)} | ${mb(s.heapUsedMb)} | ${mb(s.heapTotalMb)} | ${mb(s.externalMb)} |`,
    ),
    '',
    `- RSS at ${(baseline.atMs / 1000).toFixed(0)} s ${mb(baseline.rssMb)} MB → at the end ${mb(last.rssMb)} MB: **${(growth * 100).toFixed(1)} %** (target < ${GROWTH_TARGET * 100} %) — ${growth < GROWTH_TARGET ? '**pass**' : '**FAIL**'}`,
    `- Heap used over the same span: ${mb(baseline.heapUsedMb)} → ${mb(last.heapUsedMb)} MB (${(heapGrowth * 100).toFixed(1)} %, between collections).`,
    `- Requests: ${result.ok} ok, **${result.errors} errors**${[...result.errorSamples].map(([k, n]) => `; ${n} × ${k}`).join('')}; p50 ${mb(percentile(result.latencies, 50))} ms, **p99 ${mb(p99)} ms**, max ${mb(result.latencies.at(-1))} ms.`,
    `- After the load and a full GC: the service's heap used ${mb(held.heapUsedMb)} MB (${mb(samples[0]?.heapUsedMb)} MB at the start), RSS ${mb(held.rssMb)} MB. The fake Slack's process, which holds ${fakeHeld.fakeMessages ?? 0} messages (${fakeHeld.fakeRevisions ?? 0} earlier revisions) as Slack would: heap used ${mb(fakeHeld.heapUsedMb)} MB, RSS ${mb(fakeHeld.rssMb)} MB.`,
  ].join('\n');
  process.stdout.write(`\n${section}\n\n`);
  if (WRITE) {
    writeSection(join(ROOT, 'BENCHMARKS.md'), 'soak', section);
    log('BENCHMARKS.md updated');
  }
  return pass;
}

cleanup.exitAfter(main);

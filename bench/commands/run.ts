/**
 * `npm run bench:commands [-- --write] [-- --quick] [-- --source]`
 *
 * Drives `/visit` and `/discount` over HTTP with signed requests against the real service (compiled
 * with `npm run build` first; `--source` runs the TypeScript instead) on a fresh Postgres database,
 * side by side with two floors — a bare Bolt app that only acknowledges, and one that first stores
 * the command with one INSERT — and reports throughput, p50/p99 acknowledgement latency and the
 * database round trips per command. `--write` records the result in
 * BENCHMARKS.md; `--quick` runs short phases for a smoke test (figures not meaningful); `--profile`
 * writes V8 CPU profiles of the service child (CPU.*.cpuprofile, one per thread; the largest is the
 * main thread) next to its log.
 *
 * Experiment knobs (noted in the report when set): BENCH_WARMUP_MS (warm-up length), and
 * BENCH_POOL_SIZE / BENCH_OUTBOX=off, read by the service child (see service.ts);
 * BENCH_SERVICE_NODE_ARGS, Node flags for the service child (e.g. `--trace-gc`, into its log).
 *
 * Processes: this one seeds the database and generates load; `service.ts` (the service + a fake Slack
 * Web API for its outbox) and `floor.ts` run as children. Everything talks over 127.0.0.1, every loop
 * ends on time, and children and the database are removed on exit, failure or Ctrl-C.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { createCleanup } from '../common/cleanup.ts';
import { machineBusyMs, postgresCpuMs } from '../common/proc-cpu.ts';
import { closedLoop, openLoop, type PhaseResult } from './load.ts';
import { admin, adminUrl, withDatabase } from './pg.ts';
import { type ChildStats, isChildMessage } from './protocol.ts';
import { createRandom } from './random.ts';
import {
  errorLines,
  P99_TARGET_MS,
  type PhaseRow,
  RATIO_TARGET,
  resultsTable,
  VISIT_RATE,
  verdict,
  verdictLines,
  writeSection,
} from './report.ts';
import { roundTripsPerCommand, roundTripsTable } from './round-trips.ts';
import { type SeededTeam, seedTeam } from './seed.ts';
import { createWorkload, type RequestKind } from './workload.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const COMMAND = 'npm run bench:commands -- --write';
const SIGNING_SECRET = 'bench-signing-secret';
const SEED = 20_240_601;

const args = new Set(process.argv.slice(2));
const WRITE = args.has('--write');
const QUICK = args.has('--quick');
/** Writes V8 CPU profiles of the service child into the log directory. */
const PROFILE = args.has('--profile');
/** `--source`: the service from its TypeScript sources instead of the compiled build. */
const BUILD = !args.has('--source');
const PHASES = QUICK
  ? { warmupMs: 1000, fixedMs: 3000, maxMs: 3000 }
  : { warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 2000), fixedMs: 15_000, maxMs: 10_000 };
const FIXED_RATE = 200;
/**
 * Experiment knob: `BENCH_ONLY=visit:max,discount-approval:max` runs only those service phases and
 * no floors — for looking at one command quickly, never a reference figure.
 */
const ONLY = process.env.BENCH_ONLY?.split(',');
const CONCURRENCY = 32;
const OUTBOX_SETTLE_MS = 30_000;

const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// --- cleanup ----------------------------------------------------------------------------------------

const cleanup = createCleanup(log, 'stopping children and dropping the database');

// --- Postgres -----------------------------------------------------------------------------------------

async function outboxCounts(db: Database['db']): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; count: number }>(
    await db.execute(sql`select status, count(*)::int as count from outbox group by status`),
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Waits (bounded) until the outbox worker has delivered what the last phase queued. */
async function settleOutbox(db: Database['db']): Promise<Record<string, number>> {
  const deadline = Date.now() + OUTBOX_SETTLE_MS;
  for (;;) {
    const counts = await outboxCounts(db);
    if (!counts.pending || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// --- children -----------------------------------------------------------------------------------------

type Child = {
  name: string;
  url: URL;
  fakeSlackUrl?: string;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
};

function waitForExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function startChild(
  name: string,
  file: string,
  env: Record<string, string | undefined>,
  logFile: string,
  extraExecArgv: string[] = [],
): Promise<Child> {
  const fd = openSync(logFile, 'a');
  const proc = fork(join(HERE, file), [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', 'tsx', ...extraExecArgv],
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    if (proc.connected) proc.send({ type: 'stop' });
    else proc.kill('SIGTERM');
    if (!(await waitForExit(proc, 8000))) {
      proc.kill('SIGKILL');
      await waitForExit(proc, 2000);
    }
  };
  cleanup.add(stop);
  const ready = await new Promise<{ url: string; fakeSlackUrl?: string }>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after 60 s; see ${logFile}`)), 60_000);
    proc.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolveReady(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${message.error}`));
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready; see ${logFile}`));
    });
  });
  const stats = () =>
    new Promise<ChildStats>((resolveStats, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not report stats`)), 5000);
      const onMessage = (message: unknown) => {
        if (!isChildMessage(message) || message.type !== 'stats') return;
        clearTimeout(timer);
        proc.off('message', onMessage);
        resolveStats(message.stats);
      };
      proc.on('message', onMessage);
      proc.send({ type: 'stats' });
    });
  return {
    name,
    url: new URL(ready.url),
    ...(ready.fakeSlackUrl ? { fakeSlackUrl: ready.fakeSlackUrl } : {}),
    stats,
    stop,
  };
}

// --- phases -------------------------------------------------------------------------------------------

type Measured = {
  result: PhaseResult;
  serverCpuMs: number;
  postgresCpuMs: number;
  backgroundCores: number;
  checkpoints: number;
};

/** Checkpoints the Postgres server started so far (all databases: other users' CREATE/DROP DATABASE force one). */
async function checkpointCount(db: Database['db']): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select (checkpoints_timed + checkpoints_req)::int as n from pg_stat_bgwriter`),
  );
  return Number(row?.n ?? 0);
}

async function measure(
  child: Child,
  db: Database['db'],
  dbName: string,
  phase: () => Promise<PhaseResult>,
): Promise<Measured> {
  const checkpointsBefore = await checkpointCount(db);
  const before = await child.stats();
  const pgBefore = postgresCpuMs({ database: dbName });
  const machineBefore = machineBusyMs();
  const ownBefore = process.cpuUsage();
  const result = await phase();
  const own = process.cpuUsage(ownBefore);
  const machine = machineBusyMs() - machineBefore;
  const after = await child.stats();
  const serverCpuMs = after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs;
  const postgresMs = Math.max(0, postgresCpuMs({ database: dbName }) - pgBefore);
  // Whatever else the machine was busy with meanwhile (other people's jobs, the kernel): noise.
  const background = machine - serverCpuMs - postgresMs - (own.user + own.system) / 1000;
  return {
    result,
    serverCpuMs,
    postgresCpuMs: postgresMs,
    backgroundCores: Math.max(0, background) / result.elapsedMs,
    checkpoints: (await checkpointCount(db)) - checkpointsBefore,
  };
}

function row(
  target: PhaseRow['target'],
  phase: PhaseRow['phase'],
  measured: Measured,
  only: RequestKind | undefined,
): PhaseRow {
  const requests = Math.max(1, measured.result.ok + measured.result.errors);
  return {
    target,
    phase,
    only,
    result: measured.result,
    serverCpuMsPerRequest: measured.serverCpuMs / requests,
    postgresCpuMsPerRequest: measured.postgresCpuMs / requests,
    backgroundCores: measured.backgroundCores,
    checkpoints: measured.checkpoints,
  };
}

function describe(label: string, result: PhaseResult): void {
  const p = (q: number) => result.latencies[Math.max(0, Math.ceil((q / 100) * result.latencies.length) - 1)];
  log(
    `${label}: ${result.ok} ok, ${result.errors} errors, ${result.throughput.toFixed(0)} req/s, p50 ${p(50)?.toFixed(1)} ms, p99 ${p(99)?.toFixed(1)} ms; worst per second: ${result.worstPerSecond.map((ms) => ms.toFixed(0)).join(' ')}`,
  );
}

/**
 * This machine may be shared: before measuring a target, wait (at most QUIET_WAIT_MS) for a 2 s window
 * in which other processes keep less than QUIET_CORES CPUs busy. Returns what the last window measured.
 */
const QUIET_WAIT_MS = 60_000;
const QUIET_CORES = 0.3;
async function waitForQuiet(): Promise<number> {
  const deadline = Date.now() + QUIET_WAIT_MS;
  for (;;) {
    const before = machineBusyMs();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cores = (machineBusyMs() - before) / 2000;
    if (cores < QUIET_CORES || Date.now() > deadline) return cores;
    log(`machine busy with other work (${cores.toFixed(2)} CPUs); waiting for it to calm down`);
  }
}

/** One measured phase: open loop at a rate, or closed loop with CONCURRENCY in flight. */
type PhasePlan = { phase: PhaseRow['phase']; rate?: number; only?: RequestKind };

async function runTarget(
  child: Child,
  target: PhaseRow['target'],
  plans: PhasePlan[],
  context: {
    team: SeededTeam;
    runId: string;
    db: Database['db'];
    dbName: string;
    afterPhase: () => Promise<void>;
  },
): Promise<{ rows: PhaseRow[]; counts: Record<RequestKind, number> }> {
  const { team, runId, db, dbName, afterPhase } = context;
  const counts: Record<RequestKind, number> = { visit: 0, 'discount-approval': 0, 'discount-auto': 0 };
  const rows: PhaseRow[] = [];
  const quiet = await waitForQuiet();
  log(`${target}: background load ${quiet.toFixed(2)} CPUs before starting`);
  for (const [index, plan] of plans.entries()) {
    const workload = createWorkload({
      team,
      random: createRandom(SEED + index * 7 + target.length),
      signingSecret: SIGNING_SECRET,
      responseUrl: `${child.fakeSlackUrl ?? 'http://127.0.0.1:9'}/response/bench`,
      expectReply: target === 'service',
      runId: `${runId}-${target.replace(/\W/g, '')}${index}`,
      ...(plan.only ? { only: plan.only } : {}),
    });
    const next = () => workload.next();
    const label = `${target} ${plan.only ?? 'mix'} ${plan.phase}`;
    log(`${label}: warm-up ${PHASES.warmupMs / 1000} s at ${FIXED_RATE} req/s`);
    describe(
      `${label} warm-up`,
      await openLoop(child.url, next, { rate: FIXED_RATE, durationMs: PHASES.warmupMs }),
    );
    await afterPhase();
    const measured = await measure(child, db, dbName, () =>
      plan.phase === 'fixed'
        ? openLoop(child.url, next, { rate: plan.rate ?? FIXED_RATE, durationMs: PHASES.fixedMs })
        : closedLoop(child.url, next, { concurrency: CONCURRENCY, durationMs: PHASES.maxMs }),
    );
    describe(label, measured.result);
    await afterPhase();
    rows.push(row(target, plan.phase, measured, plan.only));
    for (const kind of Object.keys(counts) as RequestKind[]) counts[kind] += workload.counts[kind];
  }
  return { rows, counts };
}

// --- main ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const serverUrl = adminUrl();
  const loadAtStart = loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `accountdesk_bench_${stamp}`;
  const logDir = join(tmpdir(), `accountdesk-bench-${stamp}`);
  mkdirSync(logDir, { recursive: true });
  const runId = `b${stamp}`;

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
  log(`created database ${dbName}`);

  const database = openDatabase({ url, poolSize: 2 });
  cleanup.add(() => database.close());
  await database.migrate();
  const seedStarted = performance.now();
  const team = await seedTeam(database.db, createRandom(SEED));
  log(
    `seeded ${team.counts.members} members, ${team.counts.customers} customers, ${team.counts.visits} visits, ${team.counts.discountRequests} discount requests in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  await database.db.execute(sql`analyze`);

  const childEnv = {
    ...process.env,
    DATABASE_URL: url,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: '',
    LARK_APP_ID: '',
    LARK_APP_SECRET: '',
    LOG_LEVEL: 'warn',
    DEFAULT_TIMEZONE: 'Asia/Shanghai',
    DEFAULT_LOCALE: 'en',
  };
  if (BUILD) {
    log('compiling the service (npm run build)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const serviceEnv = { ...childEnv, ...(BUILD ? { BENCH_BUILD: 'dist' } : {}) };
  const [service, ackFloor, writeFloor] = await Promise.all([
    startChild('service', 'service.ts', serviceEnv, join(logDir, 'service.log'), [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : []),
      ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ]),
    startChild('ack floor', 'floor.ts', { ...childEnv, FLOOR: 'ack' }, join(logDir, 'ack-floor.log')),
    startChild('write floor', 'floor.ts', { ...childEnv, FLOOR: 'write' }, join(logDir, 'write-floor.log')),
  ]);
  log(
    `service at ${service.url.origin}, floors at ${ackFloor.url.origin} and ${writeFloor.url.origin}; logs in ${logDir}`,
  );

  const context = { team, runId, db: database.db, dbName, afterPhase: async () => {} };
  const max: PhasePlan[] = [{ phase: 'max', only: 'visit' }];
  const none = { rows: [], counts: { visit: 0, 'discount-approval': 0, 'discount-auto': 0 } };
  const ackRun = ONLY ? none : await runTarget(ackFloor, 'ack floor', max, context);
  const writeRun = ONLY ? none : await runTarget(writeFloor, 'write floor', max, context);
  let lastOutbox: Record<string, number> = {};
  const servicePhases: PhasePlan[] = [
    { phase: 'max', only: 'visit' },
    { phase: 'fixed', only: 'visit', rate: VISIT_RATE },
    { phase: 'max', only: 'discount-approval' },
    { phase: 'fixed', rate: FIXED_RATE },
    { phase: 'max' },
  ];
  const serviceRun = await runTarget(
    service,
    'service',
    servicePhases.filter((plan) => !ONLY || ONLY.includes(`${plan.only ?? 'mix'}:${plan.phase}`)),
    {
      ...context,
      afterPhase: async () => {
        lastOutbox = await settleOutbox(database.db);
      },
    },
  );

  const [written] = rowsOf<{ visits: number; discounts: number }>(
    await database.db.execute(sql`
      select (select count(*)::int from visits where source_key like ${`slack:command:${runId}-service%`}) as visits,
             (select count(*)::int from discount_requests where source_key like ${`slack:command:${runId}-service%`}) as discounts`),
  );
  log('counting round trips per command');
  const trips = await roundTripsPerCommand(url, team);
  const serviceStats = await service.stats();

  const rows = [...ackRun.rows, ...writeRun.rows, ...serviceRun.rows];
  if (ONLY) {
    // An experiment: the phases asked for and the round trips, no floors, no verdict, nothing written.
    process.stdout.write(`${resultsTable(rows)}\n\n${roundTripsTable(trips)}\n`);
    return;
  }
  const result = verdict(rows);
  const counts = team.counts;
  const mix = serviceRun.counts;
  const totalSent = mix.visit + mix['discount-approval'] + mix['discount-auto'];
  const pct = (n: number) => `${((n / Math.max(1, totalSent)) * 100).toFixed(0)} %`;
  const section = [
    '## Slash commands: `/visit` and `/discount` (bench/commands)',
    '',
    `Command: \`${COMMAND}\`${QUICK ? ' (this run: `--quick`, short phases — not a reference figure)' : ''}${BUILD ? '' : ' (this run: `--source`, the service from TypeScript sources)'}  `,
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}, PostgreSQL ${pgVersion} on 127.0.0.1  `,
    `Dataset: ${counts.directors} directors → ${counts.supervisors} supervisors → ${counts.reps} reps; ${counts.customers} customers (${counts.chineseCustomers} with Chinese names), ${counts.visits} past visits, ${counts.discountRequests} past discount requests.`,
    '',
    `Commands sent: \`/visit <customer> <notes> next:+7d\`; \`/discount <customer> 10% on 50000 reason:competitor …\` (routed to the manager for approval: request, approval step, audit and outbox rows); \`/discount … 4% …\` (auto-approved, reported to the manager). Phases marked "mix" send ${pct(mix.visit)} / ${pct(mix['discount-approval'])} / ${pct(mix['discount-auto'])} of them over the whole run. 90 % from reps, 10 % from supervisors; a fresh trigger_id and a real signature on every request; every reply is checked for its confirmation text. The floors get the same \`/visit\` requests.`,
    '',
    resultsTable(rows),
    '',
    `CPU columns: CPU time per request of the server process and of the Postgres backends serving the bench database; "Other load" is what the rest of the machine (other jobs, kernel) kept busy during the phase, in CPUs out of ${availableParallelism()}; "Checkpoints" counts Postgres checkpoints server-wide (other databases' CREATE/DROP DATABASE force one, and they stall commits). When either is high, latency figures are inflated by noise. Load average at start: ${loadAtStart}.`,
    '',
    ...verdictLines(result),
    ...errorLines(rows),
    '',
    '### Database round trips per command',
    '',
    roundTripsTable(trips),
    '',
    'Counted with postgres.js\'s `debug` hook (one call per statement sent, `begin` and `commit` included), the use cases called directly one at a time on the same database (`bench/commands/round-trips.ts`). "Member seen before": the process already holds the member (src/app/members/member-cache.ts, checked by version in the statement). Team settings are read once per process every 5 s and not counted. The CPU and wall columns time the hot-path loop in the bench process itself (the use case alone: no Bolt, no HTTP, no outbox worker).',
    '',
    `Rows written by the service run: ${written?.visits ?? 0} visits, ${written?.discounts ?? 0} discount requests; outbox after the last phase: ${
      Object.entries(lastOutbox)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ') || 'empty'
    } (${serviceStats.fakeSlackCalls ?? 0} fake Slack API calls).`,
    ...(process.env.BENCH_POOL_SIZE || process.env.BENCH_OUTBOX || process.env.BENCH_WARMUP_MS
      ? [
          '',
          `**Experiment knobs set:** BENCH_POOL_SIZE=${process.env.BENCH_POOL_SIZE ?? '(default)'}, BENCH_OUTBOX=${process.env.BENCH_OUTBOX ?? 'on'}, BENCH_WARMUP_MS=${process.env.BENCH_WARMUP_MS ?? '2000'} — not the reference configuration.`,
        ]
      : []),
    '',
    `Setup: four processes on one machine — the load generator (node:http, keep-alive agent, this process); the service (\`bench/commands/service.ts\`: ${BUILD ? 'the compiled build, `dist/` from `npm run build`,' : 'the TypeScript sources'} \`startService\` on Postgres with its default pool of 10, LOG_LEVEL=warn, plus the fake Slack Web API its outbox worker delivers to, so that work is charged to the service); the ack floor and the write floor (\`bench/commands/floor.ts\`: a bare Bolt \`App\` + \`HTTPReceiver\`, same signing secret, \`processBeforeResponse: false\`; the ack floor's handlers only \`await ack()\`, the write floor's first \`insert into bench_floor_writes (user_id, text) values (…)\` through postgres.js with a pool of 10, its own transaction). Each phase gets a ${PHASES.warmupMs / 1000} s warm-up at ${FIXED_RATE} req/s; fixed-rate phases are open loop (latency from the scheduled send time to the end of the response), max phases closed loop with ${CONCURRENCY} in flight. Before each target the run waits (at most ${QUIET_WAIT_MS / 1000} s) until other processes keep less than ${QUIET_CORES} CPUs busy. Load generator, servers and Postgres share the same ${availableParallelism()} CPUs. Targets: \`/visit\` and routed \`/discount\` each ≥ ${RATIO_TARGET * 100} % of the write floor's throughput, \`/visit\` p99 < ${P99_TARGET_MS} ms at ${VISIT_RATE} req/s, no errors.`,
  ].join('\n');

  process.stdout.write(`\n${section}\n\n`);
  if (WRITE) {
    writeSection(join(ROOT, 'BENCHMARKS.md'), section);
    log('BENCHMARKS.md updated');
  }
  if (!result.pass) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());

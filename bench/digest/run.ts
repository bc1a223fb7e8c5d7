/**
 * `npm run bench:digest [-- --write] [-- --keep] [-- --reuse NAME]…`
 *
 * Builds a realistic data set on the local Postgres — 5,000 reps under 500 supervisors (under 10
 * directors), 500,000 customers, 5,000,000 visits, 500,000 contacts, 50,000 discount requests — and
 * composes every morning message for one day with one real `runDigests` pass, in a child process
 * (measure.ts) so its peak memory is its own. The same pass then runs on a data set with the same
 * members and a tenth of the data, to show the statement count does not follow the data.
 *
 * Options:
 *   --write          record the result in BENCHMARKS.md (between the bench:digest markers)
 *   --keep           keep the databases it creates (their names are printed) …
 *   --reuse NAME     … and skip seeding on a later run by naming them (repeatable, one per scale)
 *   --scale S        only `full` or only `small` (repeatable; default both)
 *   --runs N         passes per data set, median reported (default 3)
 *   --batch N        runDigests batch size (default: the app's own)
 *   --explain        EXPLAIN (ANALYZE, BUFFERS) the slowest instance of every query kind into a file
 *   --no-wait        do not wait for bench/commands to finish before measuring
 *   --render         measure nothing: re-render the last run's saved figures (after editing FINDINGS.md)
 *
 * Only ever talks to 127.0.0.1 (BENCH_POSTGRES_URL may name another local port). Only databases
 * named accountdesk_bench_digest_* are written, emptied or dropped. Bounded: every child has a
 * time limit, the whole run a watchdog; created databases are dropped on exit, failure or Ctrl-C.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.ts';
import { createCleanup } from '../common/cleanup.ts';
import { busyShare } from './cpu.ts';
import type { MeasureResult } from './measure.ts';
import { type Machine, markdown, type ScaleReport, verdict, writeSection } from './report.ts';
import { type DataProfile, profileData, type SeedStep, seedDigestData } from './seed.ts';
import { DB_PREFIX, type Scale, SHAPES } from './shape.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const COMMAND = 'npm run bench:digest -- --write';
const CHILD_LIMIT_MS = 180_000;
const WATCHDOG_MS = 60 * 60_000;
const QUIET_WAIT_MS = 10 * 60_000;
/** Share of all CPUs that other processes may keep busy when a pass starts. */
const QUIET_BUSY = 0.2;
const DEFAULT_BATCH = 250;

const log = (line: string) => process.stderr.write(`[bench:digest] ${line}\n`);

// --- arguments ----------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const values = (name: string) =>
  argv.flatMap((arg, i) => (arg === name && argv[i + 1] ? [argv[i + 1]!] : []));
const WRITE = flag('--write');
const KEEP = flag('--keep');
const EXPLAIN = flag('--explain');
const NO_WAIT = flag('--no-wait');
const RENDER = flag('--render');
const RUNS = Math.max(1, Number(values('--runs')[0] ?? 3));
const BATCH = Number(values('--batch')[0] ?? 0) || undefined;
const SCALES = (values('--scale').length > 0 ? values('--scale') : ['full', 'small']) as Scale[];
for (const scale of SCALES) if (!(scale in SHAPES)) throw new Error(`unknown --scale ${scale}`);
const REUSE = values('--reuse');
for (const name of REUSE)
  if (!name.startsWith(DB_PREFIX)) throw new Error(`--reuse ${name}: not a ${DB_PREFIX}* database`);

// --- the local server ------------------------------------------------------------------------------------

function serverUrl(): string {
  const url = new URL(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`BENCH_POSTGRES_URL must point at the local Postgres, not ${url.hostname}`);
  return url.toString();
}

function databaseUrl(name: string): string {
  if (!name.startsWith(DB_PREFIX)) throw new Error(`refusing to use ${name}: not a bench database`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// --- cleanup -----------------------------------------------------------------------------------------------

const cleanup = createCleanup(log, 'stopping');
const watchdog = setTimeout(() => {
  log(`watchdog: still running after ${WATCHDOG_MS / 60_000} min, giving up`);
  void cleanup.run().finally(() => process.exit(2));
}, WATCHDOG_MS);
watchdog.unref();

// --- databases ---------------------------------------------------------------------------------------------

type Prepared = { name: string; reused: boolean; seed: SeedStep[]; profile: DataProfile };

async function scaleOf(name: string): Promise<Scale | undefined> {
  return withClient(serverUrl(), async (sql) => {
    const [row] = await sql<{ comment: string | null }[]>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
    if (!row) throw new Error(`--reuse ${name}: no such database`);
    try {
      return (JSON.parse(row.comment ?? '{}') as { scale?: Scale }).scale;
    } catch {
      return undefined;
    }
  });
}

async function prepare(scale: Scale, stamp: string, reuse: string | undefined): Promise<Prepared> {
  const shape = SHAPES[scale];
  if (reuse) {
    log(`${scale}: reusing ${reuse}`);
    const profile = await withClient(databaseUrl(reuse), (sql) => profileData(sql, shape));
    return { name: reuse, reused: true, seed: [], profile };
  }
  const name = `${DB_PREFIX}${stamp}_${scale}`;
  const url = databaseUrl(name);
  await withClient(serverUrl(), (sql) => sql.unsafe(`create database "${name}"`));
  if (!KEEP)
    cleanup.add(() =>
      withClient(serverUrl(), async (sql) => {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
        log(`dropped ${name}`);
      }),
    );
  log(`${scale}: created ${name}; migrating`);
  const database = openDatabase({ url, poolSize: 1 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  log(`${scale}: seeding (set-based SQL)…`);
  const seed = await withClient(url, (sql) => seedDigestData(sql, shape));
  for (const step of seed) log(`${scale}:   ${step.step}: ${(step.ms / 1000).toFixed(1)} s`);
  await withClient(serverUrl(), (sql) =>
    sql.unsafe(
      `comment on database "${name}" is '${JSON.stringify({ scale, seededAt: new Date().toISOString() })}'`,
    ),
  );
  const profile = await withClient(url, (sql) => profileData(sql, shape));
  return { name, reused: false, seed, profile };
}

// --- measuring ---------------------------------------------------------------------------------------------

function otherBenchRunning(): string | undefined {
  try {
    const out = execFileSync('pgrep', ['-af', 'bench/commands/run\\.ts'], { encoding: 'utf8' });
    return out.split('\n').find((line) => line.trim() && !/\b(pgrep|grep)\b/.test(line));
  } catch {
    return undefined; // pgrep exits 1 when nothing matches
  }
}

/**
 * The machine has two cores and is shared: before each pass, wait (bounded) until no other benchmark
 * runs and the CPUs are mostly idle, so the figures are the pass's and not its neighbours'.
 */
async function waitForQuietMachine(): Promise<void> {
  if (NO_WAIT) return;
  const until = Date.now() + QUIET_WAIT_MS;
  let other = otherBenchRunning();
  if (other) log(`waiting for another benchmark to finish before measuring: ${other.trim()}`);
  while (other && Date.now() < until) {
    await new Promise((done) => setTimeout(done, 10_000));
    other = otherBenchRunning();
  }
  let busy = await busyShare(3000, cpus().length);
  if (busy > QUIET_BUSY) log(`machine ${(busy * 100).toFixed(0)} % busy; waiting for it to calm down`);
  while (busy > QUIET_BUSY && Date.now() < until) busy = await busyShare(3000, cpus().length);
  if (other || busy > QUIET_BUSY)
    log(
      `still busy (${(busy * 100).toFixed(0)} %) after waiting; measuring anyway (figures may be pessimistic)`,
    );
}

async function reset(name: string): Promise<void> {
  await withClient(databaseUrl(name), async (sql) => {
    await sql.unsafe('truncate digest_claims, outbox');
    await sql.unsafe('vacuum analyze digest_claims, outbox');
  });
}

function measure(name: string, explainFile?: string): Promise<MeasureResult> {
  const args = [databaseUrl(name), String(BATCH ?? '')];
  if (explainFile) args.push('--explain', explainFile);
  const child = fork(join(HERE, 'measure.ts'), args, {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  cleanup.add(async () => stop());
  return new Promise((done, fail) => {
    let result: MeasureResult | undefined;
    const timer = setTimeout(() => {
      stop();
      fail(new Error(`measuring ${name}: no result within ${CHILD_LIMIT_MS / 1000} s`));
    }, CHILD_LIMIT_MS);
    child.on('message', (message) => {
      result = message as MeasureResult;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (result && code === 0) done(result);
      else fail(new Error(`measuring ${name}: child exited with ${code}`));
    });
  });
}

async function machine(): Promise<Machine> {
  const pg = await withClient(serverUrl(), async (sql) => {
    const [row] = await sql<{ version: string; sb: string; wm: string; ecs: string }[]>`
      select current_setting('server_version') as version, current_setting('shared_buffers') as sb,
             current_setting('work_mem') as wm, current_setting('effective_cache_size') as ecs`;
    return row!;
  });
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    postgres: `PostgreSQL ${pg.version}`,
    pgSettings: `shared_buffers ${pg.sb}, work_mem ${pg.wm}, effective_cache_size ${pg.ecs}; default settings`,
  };
}

// --- main ----------------------------------------------------------------------------------------------------

type Saved = { date: string; batch: number; info: Machine; reports: ScaleReport[] };
const SAVED = join(tmpdir(), 'bench-digest-last.json');

/** The report, plus the hand-kept findings (FINDINGS.md) if any; printed, and written with --write. */
function publish(saved: Saved): boolean {
  let section = markdown(saved.reports, saved.info, COMMAND, saved.batch, saved.date);
  try {
    section += `\n\n${readFileSync(join(HERE, 'FINDINGS.md'), 'utf8').trim()}`;
  } catch {
    // No hand-written findings yet.
  }
  console.log(section);
  if (WRITE) {
    writeSection(join(ROOT, 'BENCHMARKS.md'), section);
    log('BENCHMARKS.md updated');
  }
  return verdict(saved.reports).pass;
}

async function main(): Promise<boolean> {
  if (RENDER) {
    log(`rendering the figures saved in ${SAVED} (nothing measured)`);
    return publish(JSON.parse(readFileSync(SAVED, 'utf8')) as Saved);
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const reuseByScale = new Map<Scale, string>();
  for (const name of REUSE) {
    const scale = await scaleOf(name);
    if (!scale) throw new Error(`--reuse ${name}: not seeded by this bench (no scale in its comment)`);
    reuseByScale.set(scale, name);
  }
  const prepared = new Map<Scale, Prepared>();
  for (const scale of SCALES) prepared.set(scale, await prepare(scale, stamp, reuseByScale.get(scale)));

  const info = await machine();
  const reports: ScaleReport[] = [];
  for (const scale of SCALES) {
    const db = prepared.get(scale)!;
    const runs: MeasureResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      await reset(db.name);
      await waitForQuietMachine();
      const explainFile =
        EXPLAIN && i === RUNS - 1 ? join(tmpdir(), `bench-digest-explain-${scale}-${stamp}.txt`) : undefined;
      const run = await measure(db.name, explainFile);
      runs.push(run);
      log(
        `${scale} run ${i + 1}/${RUNS}: ${run.due} due, ${run.queued} queued, ${(run.totalMs / 1000).toFixed(2)} s, ` +
          `${run.statements} statements, peak RSS ${run.peakRssMb.toFixed(0)} MB; CPU s node ${(run.cpu.nodeMs / 1000).toFixed(2)}, ` +
          `postgres ${(run.cpu.postgresMs / 1000).toFixed(2)}, others ${(run.cpu.otherMs / 1000).toFixed(2)}`,
      );
      if (explainFile) log(`${scale}: query plans written to ${explainFile}`);
    }
    reports.push({
      shape: SHAPES[scale],
      database: db.name,
      reused: db.reused,
      seed: db.seed,
      profile: db.profile,
      runs,
    });
  }
  const saved: Saved = {
    date: new Date().toISOString().slice(0, 10),
    batch: BATCH ?? DEFAULT_BATCH,
    info,
    reports,
  };
  writeFileSync(SAVED, JSON.stringify(saved));
  const pass = publish(saved);
  if (KEEP)
    for (const db of prepared.values())
      if (!db.reused) log(`kept ${db.name} (re-run with --reuse ${db.name})`);
  return pass;
}

cleanup.exitAfter(main);

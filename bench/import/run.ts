/**
 * `npm run bench:import`: a customer list of ROWS rows (default 500,000) imported with the CLI on
 * PostgreSQL, in a process of its own, then exported back to a file; reports wall time and peak RSS
 * of each against the target (import peak RSS under 300 MB). A second import of the same
 * file (every row unchanged) and a file rejected at its last row are measured too: both read the
 * whole file, the second rolls back. Writes its section of BENCHMARKS.md.
 * BENCH_POSTGRES_URL names the local server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, adminUrl, withDatabase } from '../commands/pg.ts';
import { writeSection } from '../common/benchmarks-md.ts';
import { createCleanup } from '../common/cleanup.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ROWS = Number(process.env.ROWS ?? 500_000);
const REPS = 200;
const TARGET_MB = 300;
const log = (line: string) => process.stderr.write(`[bench:import] ${line}\n`);
const cleanup = createCleanup(log, 'dropping the database');

type Run = { code: number; ms: number; peakRssMb: number; stderr: string };

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/import/child.ts'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let report = '';
    child.stdio[3]?.on('data', (chunk) => {
      report += chunk;
    });
    child.once('error', fail);
    child.once('exit', () => {
      try {
        done(JSON.parse(report) as Run);
      } catch {
        fail(new Error(`no report from the CLI run: ${report}`));
      }
    });
  });
}

async function writeCustomers(path: string, rows: number, lastRow?: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((drained) => out.once('drain', drained));
  await write('name,tier,owner_user_id,status,stage,next_follow_up\n');
  const tiers = ['A', 'B', 'C', 'D'];
  for (let i = 0; i < rows; i++) {
    const line =
      i === rows - 1 && lastRow
        ? lastRow
        : `"Customer ${i}, Ltd",${tiers[i % 4]},U${String(i % REPS).padStart(4, '0')},prospect,,`;
    await write(`${line}\n`);
  }
  await new Promise<void>((closed) => out.end(closed));
}

const mb = (n: number) => n.toFixed(0);
const s = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<boolean> {
  const server = adminUrl();
  const name = `accountdesk_bench_import_${process.pid}`;
  await admin(server, (sql) => sql.unsafe(`create database ${name}`));
  cleanup.add(() =>
    admin(server, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(() => {}),
  );
  const dir = await mkdtemp(join(tmpdir(), 'accountdesk-bench-import-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  const env = { ...process.env, DATABASE_URL: withDatabase(server, name), LOG_LEVEL: 'silent' };

  const members = join(dir, 'members.csv');
  await writeFile(
    members,
    `platform,user_id,name,role\n${Array.from({ length: REPS }, (_, i) => `slack,U${String(i).padStart(4, '0')},Rep ${i},rep`).join('\n')}\n`,
  );
  const customers = join(dir, 'customers.csv');
  const rejected = join(dir, 'customers-bad-last-row.csv');
  log(`writing ${ROWS} customers`);
  await writeCustomers(customers, ROWS);
  await writeCustomers(rejected, ROWS, 'Bad tier Ltd,Z,U0001,prospect,,');
  const fileMb = (await stat(customers)).size / 1024 / 1024;

  const idle = await cli(['help'], env);
  const setup = await cli(['import', 'members', members], env);
  if (setup.code !== 0) throw new Error(`members import failed: ${setup.stderr}`);
  log('importing');
  const first = await cli(['import', 'customers', customers], env);
  if (first.code !== 0) throw new Error(`customers import failed: ${first.stderr}`);
  log('importing again (unchanged)');
  const again = await cli(['import', 'customers', customers], env);
  log('importing a file rejected at its last row');
  const bad = await cli(['import', 'customers', rejected], env);
  if (bad.code !== 1 || !bad.stderr.includes(`row ${ROWS + 1}`))
    throw new Error(`expected a rejection: ${bad.stderr}`);
  log('exporting');
  const exported = await cli(['export', 'customers', join(dir, 'export.csv')], env);

  const pass = first.peakRssMb < TARGET_MB && again.peakRssMb < TARGET_MB && bad.peakRssMb < TARGET_MB;
  const section = `## CSV import and export (\`npm run bench:import\`)

${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, local PostgreSQL; each run is
\`accountdesk\` in a process of its own (tsx), peak RSS from \`process.resourceUsage().maxRSS\`.
${ROWS.toLocaleString('en')} customers (${fileMb.toFixed(0)} MB of CSV) owned by ${REPS} reps. Target: import peak RSS under ${TARGET_MB} MB.

| run | wall time | peak RSS |
| --- | ---: | ---: |
| the CLI doing nothing (\`help\`) | ${s(idle.ms)} s | ${mb(idle.peakRssMb)} MB |
| import, all new | ${s(first.ms)} s | ${mb(first.peakRssMb)} MB |
| import again, all unchanged | ${s(again.ms)} s | ${mb(again.peakRssMb)} MB |
| import rejected at row ${(ROWS + 1).toLocaleString('en')} (nothing written) | ${s(bad.ms)} s | ${mb(bad.peakRssMb)} MB |
| export to a file | ${s(exported.ms)} s | ${mb(exported.peakRssMb)} MB |

Verdict: ${pass ? 'target met' : 'TARGET MISSED'}. The file is read twice as a stream (check every row, then write
a thousand at a time in one transaction); what grows with the file is the set of names seen (to refuse duplicates)
and the distinct owners.`;
  if (process.env.BENCH_WRITE !== '0') writeSection(join(ROOT, 'BENCHMARKS.md'), 'import', section);
  process.stdout.write(`${section}\n`);
  return pass;
}

cleanup.exitAfter(main);

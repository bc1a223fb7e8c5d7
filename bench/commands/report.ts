/** The markdown report, and rewriting its section of BENCHMARKS.md between the markers. */
import { writeSection as writeBenchmarkSection } from '../common/benchmarks-md.ts';
import { type PhaseResult, percentile } from './load.ts';

export type PhaseRow = {
  target: 'floor' | 'service';
  phase: 'fixed' | 'max';
  result: PhaseResult;
  /** CPU the server process spent per request in this phase, ms. */
  serverCpuMsPerRequest: number;
  /** CPU all Postgres processes spent per request in this phase, ms (0 for the floor). */
  postgresCpuMsPerRequest: number;
  /** CPUs' worth of work by other processes on the machine during the phase (noise). */
  backgroundCores: number;
  /** Postgres checkpoints started during the phase, server-wide. */
  checkpoints: number;
};

export type Verdict = {
  ratio: number;
  ratioPass: boolean;
  p99AtFixed: number;
  p99Pass: boolean;
  errors: number;
  pass: boolean;
};

export const RATIO_TARGET = 0.6;
export const P99_TARGET_MS = 50;

export function verdict(rows: PhaseRow[]): Verdict {
  const find = (target: PhaseRow['target'], phase: PhaseRow['phase']) => {
    const row = rows.find((r) => r.target === target && r.phase === phase);
    if (!row) throw new Error(`missing ${target} ${phase} phase`);
    return row.result;
  };
  const ratio = find('service', 'max').throughput / find('floor', 'max').throughput;
  const p99AtFixed = percentile(find('service', 'fixed').latencies, 99);
  const errors = rows.reduce((sum, row) => sum + row.result.errors, 0);
  const ratioPass = ratio >= RATIO_TARGET;
  const p99Pass = p99AtFixed < P99_TARGET_MS;
  return { ratio, ratioPass, p99AtFixed, p99Pass, errors, pass: ratioPass && p99Pass && errors === 0 };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

export function resultsTable(rows: PhaseRow[]): string {
  const lines = [
    '| Target | Phase | Load | OK | Errors | Throughput (req/s) | p50 (ms) | p99 (ms) | max (ms) | Server CPU (ms/req) | Postgres CPU (ms/req) | Other load (CPUs) | Checkpoints |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const r = row.result;
    const load =
      row.phase === 'fixed'
        ? `open loop ${r.offeredRps} req/s, ${(r.elapsedMs / 1000).toFixed(0)} s`
        : `closed loop ×${r.concurrency}, ${(r.elapsedMs / 1000).toFixed(0)} s`;
    lines.push(
      `| ${row.target === 'floor' ? 'floor (bare Bolt, ack only)' : 'AccountDesk service'} | ${row.phase === 'fixed' ? 'fixed rate' : 'max throughput'} | ${load} | ${r.ok} | ${r.errors} | ${r.throughput.toFixed(0)} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 99))} | ${ms(r.latencies.at(-1) ?? Number.NaN)} | ${row.serverCpuMsPerRequest.toFixed(2)} | ${row.target === 'floor' ? '–' : row.postgresCpuMsPerRequest.toFixed(2)} | ${row.backgroundCores.toFixed(2)} | ${row.checkpoints} |`,
    );
  }
  return lines.join('\n');
}

export function verdictLines(v: Verdict): string[] {
  const mark = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');
  return [
    `- Service / floor max throughput: **${(v.ratio * 100).toFixed(0)} %** (target ≥ ${RATIO_TARGET * 100} %) — ${mark(v.ratioPass)}`,
    `- Service p99 acknowledgement latency at 200 req/s: **${ms(v.p99AtFixed)} ms** (target < ${P99_TARGET_MS} ms) — ${mark(v.p99Pass)}`,
    `- Errors (non-200, wrong reply, timeouts) across all phases: **${v.errors}** — ${mark(v.errors === 0)}`,
  ];
}

export function errorLines(rows: PhaseRow[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    for (const [problem, count] of row.result.errorSamples)
      lines.push(`- ${row.target} ${row.phase}: ${count} × ${problem}`);
  }
  return lines;
}

/** Writes this bench's section of BENCHMARKS.md. */
export function writeSection(file: string, section: string): void {
  writeBenchmarkSection(file, 'commands', section);
}

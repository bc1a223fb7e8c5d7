/** The markdown report, and rewriting its section of BENCHMARKS.md between the markers. */
import { writeSection as writeBenchmarkSection } from '../common/benchmarks-md.ts';
import { type PhaseResult, percentile } from './load.ts';
import type { RequestKind } from './workload.ts';

export type PhaseRow = {
  /** `ack floor`: Bolt that only acknowledges; `write floor`: Bolt plus one INSERT; `service`: AccountDesk. */
  target: 'ack floor' | 'write floor' | 'service';
  phase: 'fixed' | 'max';
  /** The one command kind sent in this phase; undefined: the mix. */
  only: RequestKind | undefined;
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

/** The targets (README "Performance", BENCHMARKS.md): each command at half the write floor. */
export const RATIO_TARGET = 0.5;
export const VISIT_RATE = 500;
export const P99_TARGET_MS = 25;

export type Verdict = {
  visitToWrite: number;
  discountToWrite: number;
  visitToAck: number;
  discountToAck: number;
  visitP99: number;
  errors: number;
  checks: { label: string; pass: boolean }[];
  pass: boolean;
};

function find(rows: PhaseRow[], target: PhaseRow['target'], phase: PhaseRow['phase'], only?: RequestKind) {
  const row = rows.find((r) => r.target === target && r.phase === phase && r.only === only);
  if (!row) throw new Error(`missing ${target} ${only ?? 'mix'} ${phase} phase`);
  return row.result;
}

export function verdict(rows: PhaseRow[]): Verdict {
  const writeFloor = find(rows, 'write floor', 'max', 'visit').throughput;
  const ackFloor = find(rows, 'ack floor', 'max', 'visit').throughput;
  const visit = find(rows, 'service', 'max', 'visit').throughput;
  const discount = find(rows, 'service', 'max', 'discount-approval').throughput;
  const visitP99 = percentile(find(rows, 'service', 'fixed', 'visit').latencies, 99);
  const errors = rows.reduce((sum, row) => sum + row.result.errors, 0);
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
  const checks = [
    {
      label: `\`/visit\` / write floor max throughput: **${pct(visit / writeFloor)}** (target ≥ ${pct(RATIO_TARGET)}); / ack floor: ${pct(visit / ackFloor)}`,
      pass: visit / writeFloor >= RATIO_TARGET,
    },
    {
      label: `\`/discount\` routed to an approver / write floor max throughput: **${pct(discount / writeFloor)}** (target ≥ ${pct(RATIO_TARGET)}); / ack floor: ${pct(discount / ackFloor)}`,
      pass: discount / writeFloor >= RATIO_TARGET,
    },
    {
      label: `\`/visit\` p99 acknowledgement at ${VISIT_RATE} req/s: **${ms(visitP99)} ms** (target < ${P99_TARGET_MS} ms)`,
      pass: visitP99 < P99_TARGET_MS,
    },
    { label: `Errors (non-200, wrong reply, timeouts) across all phases: **${errors}**`, pass: errors === 0 },
  ];
  return {
    visitToWrite: visit / writeFloor,
    discountToWrite: discount / writeFloor,
    visitToAck: visit / ackFloor,
    discountToAck: discount / ackFloor,
    visitP99,
    errors,
    checks,
    pass: checks.every((check) => check.pass),
  };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

const TARGET_LABEL: Record<PhaseRow['target'], string> = {
  'ack floor': 'ack floor (bare Bolt, ack only)',
  'write floor': 'write floor (bare Bolt + one INSERT)',
  service: 'AccountDesk service',
};
const COMMAND_LABEL: Record<RequestKind, string> = {
  visit: '`/visit`',
  'discount-approval': '`/discount` routed',
  'discount-auto': '`/discount` auto-approved',
};

export function resultsTable(rows: PhaseRow[]): string {
  const lines = [
    '| Target | Commands | Load | OK | Errors | Throughput (req/s) | p50 (ms) | p99 (ms) | max (ms) | Server CPU (ms/req) | Postgres CPU (ms/req) | Other load (CPUs) | Checkpoints |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const r = row.result;
    const load =
      row.phase === 'fixed'
        ? `open loop ${r.offeredRps} req/s, ${(r.elapsedMs / 1000).toFixed(0)} s`
        : `closed loop ×${r.concurrency}, ${(r.elapsedMs / 1000).toFixed(0)} s`;
    const commands = row.only ? COMMAND_LABEL[row.only] : 'mix';
    const pg = row.target === 'ack floor' ? '–' : row.postgresCpuMsPerRequest.toFixed(2);
    lines.push(
      `| ${TARGET_LABEL[row.target]} | ${commands} | ${load} | ${r.ok} | ${r.errors} | ${r.throughput.toFixed(0)} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 99))} | ${ms(r.latencies.at(-1) ?? Number.NaN)} | ${row.serverCpuMsPerRequest.toFixed(2)} | ${pg} | ${row.backgroundCores.toFixed(2)} | ${row.checkpoints} |`,
    );
  }
  return lines.join('\n');
}

export function verdictLines(v: Verdict): string[] {
  return v.checks.map((check) => `- ${check.label} — ${check.pass ? '**pass**' : '**FAIL**'}`);
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

/** The markdown report of the digest bench, and rewriting its section of BENCHMARKS.md between the markers. */
import { writeSection as writeBenchmarkSection } from '../common/benchmarks-md.ts';
import type { MeasureResult } from './measure.ts';
import type { DataProfile, SeedStep } from './seed.ts';
import { BENCH_AT, counts, type Shape } from './shape.ts';

export const TARGET = { seconds: 15, rssMb: 400 };

export type ScaleReport = {
  shape: Shape;
  database: string;
  reused: boolean;
  seed: SeedStep[];
  profile: DataProfile;
  runs: MeasureResult[];
};

export type Machine = {
  cpus: number;
  cpuModel: string;
  memGb: number;
  node: string;
  postgres: string;
  pgSettings: string;
};

const fmt = (n: number) => n.toLocaleString('en-US');
const s1 = (ms: number) => (ms / 1000).toFixed(2);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

/** The run whose total time is the median (so its phases and statements describe a typical pass). */
export function typical(runs: MeasureResult[]): MeasureResult {
  const m = median(runs.map((r) => r.totalMs));
  return runs.find((r) => r.totalMs === m)!;
}

export function verdict(reports: ScaleReport[]): { pass: boolean; lines: string[] } {
  const lines: string[] = [];
  let pass = true;
  const full = reports.find((r) => r.shape.scale === 'full');
  if (full) {
    const t = typical(full.runs);
    const peak = Math.max(...full.runs.map((r) => r.peakRssMb));
    const timeOk = t.totalMs < TARGET.seconds * 1000;
    const memOk = peak < TARGET.rssMb;
    pass &&= timeOk && memOk;
    lines.push(
      `- Time: ${s1(t.totalMs)} s (median of ${full.runs.length}) against < ${TARGET.seconds} s — **${timeOk ? 'pass' : 'FAIL'}**`,
      `- Peak memory: ${peak.toFixed(0)} MB RSS against < ${TARGET.rssMb} MB — **${memOk ? 'pass' : 'FAIL'}**`,
    );
  }
  const statements = reports.map((r) => typical(r.runs).statements);
  if (reports.length > 1) {
    const same = statements.every((n) => n === statements[0]);
    pass &&= same;
    lines.push(
      `- SQL statements: ${reports.map((r, i) => `${fmt(statements[i]!)} (${r.shape.scale})`).join(' vs ')} — ` +
        `**${same ? 'pass' : 'FAIL'}**: ${same ? 'identical with 10× the customers and visits' : 'the count moves with the data'}`,
    );
  }
  return { pass, lines };
}

export function markdown(
  reports: ScaleReport[],
  machine: Machine,
  command: string,
  batchSize: number,
  date: string,
): string {
  const out: string[] = [];
  out.push(
    '## Morning digests (`bench:digest`)',
    '',
    `\`${command}\` — ${date}. One real \`runDigests\` pass (claims and outbox rows committed, not a dry run) ` +
      `for ${BENCH_AT.toISOString()} (a Wednesday: 09:00 in New York, 15:00 in Berlin, 22:00 in Shanghai, so every ` +
      `member is past 08:30 on the same working day), batch size ${batchSize}, on a freshly seeded Postgres database. ` +
      'The pass runs in a child process, so peak RSS (`maxRSS`, the high-water mark) is its own; statements are ' +
      'counted with the postgres.js `debug` hook. Claims and outbox are emptied between runs.',
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memGb} GB RAM; Node ${machine.node}; ${machine.postgres} ` +
      `(${machine.pgSettings}). The machine is shared: before each pass the bench waits until no other benchmark ` +
      'runs and the CPUs are less than 20 % busy, and records the CPU time of the pass (Node), of Postgres, and of ' +
      'everything else during it.',
    '',
    '| Data set | Members | Customers | Visits | Contacts | Discount requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of reports) {
    const n = counts(r.shape);
    out.push(
      `| ${r.shape.scale} | ${fmt(n.members)} (${n.directors} directors, ${fmt(n.supervisors)} supervisors, ${fmt(n.reps)} reps) ` +
        `| ${fmt(n.customers)} | ${fmt(n.visits)} | ${fmt(n.contacts)} | ${fmt(n.discountRequests)} |`,
    );
  }
  out.push(
    '',
    '| Data set | Due | Queued | Batches | Total s (median; all runs) | SQL statements | Peak RSS MB | RSS before MB | Peak heap MB | Find due / compose / write s | CPU s: Node / Postgres / others | Outbox MB |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- | ---: |',
  );
  for (const r of reports) {
    const t = typical(r.runs);
    const peak = Math.max(...r.runs.map((x) => x.peakRssMb));
    const heap = Math.max(...r.runs.map((x) => x.peakHeapMb));
    out.push(
      `| ${r.shape.scale} | ${fmt(t.due)} | ${fmt(t.queued)} | ${t.batches} | **${s1(t.totalMs)}** (${r.runs.map((x) => s1(x.totalMs)).join(', ')}) ` +
        `| ${fmt(t.statements)} | **${peak.toFixed(0)}** | ${t.rssBeforeMb.toFixed(0)} | ${heap.toFixed(0)} | ${s1(t.phases.dueMs)} / ${s1(t.phases.composeMs)} / ${s1(t.phases.writeMs)} ` +
        `| ${s1(t.cpu.nodeMs)} / ${s1(t.cpu.postgresMs)} / ${s1(t.cpu.otherMs)} | ${t.outboxMb.toFixed(1)} |`,
    );
  }
  const { pass, lines } = verdict(reports);
  out.push('', `Against the targets (${pass ? 'all met' : 'not all met'}):`, '', ...lines, '');

  const kinds = [...new Set(reports.flatMap((r) => typical(r.runs).byKind.map((k) => k.kind)))];
  out.push(
    'Where the time goes (median run). A statement is timed from its send to the next send: its round trip plus ' +
      'the JavaScript that follows it, so the last read of a batch (`rep: pending requests`, or `team: discount ' +
      "figures` in the batches with supervisors) also carries building that batch's messages:",
    '',
    `| Statement | ${reports.map((r) => `${r.shape.scale}: count`).join(' | ')} | ${reports.map((r) => `${r.shape.scale}: total s (max ms)`).join(' | ')} |`,
    `| --- | ${reports.map(() => '---:').join(' | ')} | ${reports.map(() => '---:').join(' | ')} |`,
  );
  for (const kind of kinds) {
    const stats = reports.map((r) => typical(r.runs).byKind.find((k) => k.kind === kind));
    out.push(
      `| ${kind} | ${stats.map((s) => (s ? fmt(s.count) : '0')).join(' | ')} | ${stats
        .map((s) => (s ? `${s1(s.ms)} (${s.maxMs.toFixed(0)})` : '—'))
        .join(' | ')} |`,
    );
  }
  out.push('', 'The data on the bench day:', '');
  for (const r of reports) {
    const p = r.profile;
    out.push(
      `- ${r.shape.scale}: ${fmt(p.customersDueToday)} customers due today and ${fmt(p.customersOverdue)} overdue ` +
        `(${(p.dueShare * 100).toFixed(1)} %), ${fmt(p.staleCustomers)} stale, ${fmt(p.silentReps)} reps ` +
        `with no visit in the last 3 working days, ${fmt(p.visitsPreviousWorkingDay)} visits the day before, ${fmt(p.pendingApprovalSteps)} ` +
        `approval steps pending, ${fmt(p.birthdaysToAnnounce)} birthdays today or tomorrow; database ${fmt(p.databaseMb)} MB. ` +
        `Seeding ${r.reused ? '(reused database; times from its first seeding not kept)' : `${s1(r.seed.reduce((sum, x) => sum + x.ms, 0))} s: ${r.seed.map((x) => `${x.step} ${s1(x.ms)}`).join(', ')}`}.`,
    );
  }
  return out.join('\n');
}

/** Writes this bench's section of BENCHMARKS.md. */
export function writeSection(file: string, section: string): void {
  writeBenchmarkSection(file, 'digest', section);
}

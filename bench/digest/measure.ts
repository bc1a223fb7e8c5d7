/**
 * Child process of the digest bench: one real `runDigests` pass (claims + outbox rows, not a dry run)
 * against the bench database, so the peak RSS it reports is the pass's own. Every statement is
 * counted through the postgres.js `debug` hook (called once per statement sent), and timed from its
 * send to the next send: that gap is the statement's round trip plus whatever JavaScript ran before
 * the next one (for the last query of a batch, building the messages).
 *
 * argv: <database url> <batch size> [--explain <file>]. Replies with one `MeasureResult` over IPC.
 */
import { writeFileSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { runDigests } from '../../src/app/followups/morning-messages.ts';
import { noInstruments } from '../../src/app/instruments.ts';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { machineBusyMs, postgresCpuMs } from '../common/proc-cpu.ts';
import { BENCH_AT, DIGEST_TIME } from './shape.ts';

export type StatementStat = { kind: string; count: number; ms: number; maxMs: number };

export type MeasureResult = {
  due: number;
  queued: number;
  silent: number;
  alreadyClaimed: number;
  totalMs: number;
  statements: number;
  byKind: StatementStat[];
  phases: { dueMs: number; composeMs: number; writeMs: number };
  batches: number;
  rssBeforeMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  outboxRows: number;
  outboxMb: number;
  /** CPU seconds during the pass: this process, all Postgres processes, and everything else on the machine. */
  cpu: { nodeMs: number; postgresMs: number; otherMs: number };
};

/** What each statement of the pass is, from its text (first match wins). */
const KINDS: [string, RegExp][] = [
  ['due: settings', /from "settings"/],
  ['due: active members', /from "members" where "members"\."active"/],
  ['due: customer owners', /group by owner_id/],
  ['due: existing claims', /^select .* from "digest_claims"/],
  ['rep: due/overdue customers', /row_number\(\) over w/],
  ['rep: birthdays', /join contacts ct/],
  ['rep: pending requests', /from discount_requests d\s+join approval_steps/],
  ['team: reporting tree', /with recursive team/],
  ['team: visits in window', /from visits v join customers/],
  ['team: last visit per rep', /max\(v\.visited_on\)/],
  ['team: approvals waiting', /from approval_steps s/],
  ['team: stale accounts', /greatest\(c\.last_progress_on/],
  ['team: discount figures', /join discount_requests d on d\.requester_id = p\.requester_id/],
  ['write: begin', /^begin/i],
  ['write: insert claims', /^insert into "digest_claims"/],
  ['write: insert outbox', /^insert into "outbox"/],
  ['write: commit', /^commit/i],
];
const kindOf = (text: string) => KINDS.find(([, pattern]) => pattern.test(text.trim()))?.[0] ?? 'other';
const phaseOf = (kind: string) =>
  kind.startsWith('due:')
    ? 'due'
    : kind.startsWith('write:')
      ? 'write'
      : kind === 'other'
        ? 'other'
        : 'compose';

const clip = (line: string) => (line.length > 400 ? `${line.slice(0, 400)}…` : line);

type Sent = { at: number; kind: string; text: string; params: unknown[] };

async function main(): Promise<MeasureResult> {
  const [url, batchArg, flag, explainFile] = process.argv.slice(2);
  if (!url) throw new Error('usage: measure.ts <database url> <batch size> [--explain <file>]');
  const batchSize = Number(batchArg) || undefined;
  let recording = false;
  const sent: Sent[] = [];
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    connect_timeout: 5,
    debug: (_connection, text, params) => {
      if (recording) sent.push({ at: performance.now(), kind: kindOf(text), text, params });
    },
  });
  const db: Db = drizzle(client, { schema });
  await client`select 1`;

  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = {
    node: process.cpuUsage(),
    postgres: postgresCpuMs({ withExitedChildren: true }),
    machine: machineBusyMs(),
  };
  recording = true;
  const started = performance.now();
  const result = await runDigests(
    {
      db,
      clock: { now: () => BENCH_AT },
      logger: createLogger('silent'),
      defaults: { timezone: 'Asia/Shanghai', locale: 'zh-CN', digestTime: DIGEST_TIME },
      outboxQueued: () => {},
      instruments: noInstruments,
    },
    { at: BENCH_AT, batchSize },
  );
  const finished = performance.now();
  recording = false;
  const nodeCpu = process.cpuUsage(cpuBefore.node);
  const nodeMs = (nodeCpu.user + nodeCpu.system) / 1000;
  const postgresMs = postgresCpuMs({ withExitedChildren: true }) - cpuBefore.postgres;
  const otherMs = Math.max(0, machineBusyMs() - cpuBefore.machine - nodeMs - postgresMs);
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const peakRss = process.resourceUsage().maxRSS * 1024;

  const byKind = new Map<string, StatementStat>();
  const phases = { dueMs: 0, composeMs: 0, writeMs: 0 };
  const slowest = new Map<string, { ms: number; text: string; params: unknown[] }>();
  sent.forEach((s, i) => {
    const ms = (sent[i + 1]?.at ?? finished) - s.at;
    const stat = byKind.get(s.kind) ?? { kind: s.kind, count: 0, ms: 0, maxMs: 0 };
    stat.count++;
    stat.ms += ms;
    stat.maxMs = Math.max(stat.maxMs, ms);
    byKind.set(s.kind, stat);
    const phase = phaseOf(s.kind);
    if (phase === 'due') phases.dueMs += ms;
    else if (phase === 'compose') phases.composeMs += ms;
    else if (phase === 'write') phases.writeMs += ms;
    if (ms > (slowest.get(s.kind)?.ms ?? -1)) slowest.set(s.kind, { ms, text: s.text, params: s.params });
  });
  // Time before the first statement (none expected) counts towards finding who is due.
  if (sent[0]) phases.dueMs += sent[0].at - started;

  const [outbox] = await client<{ rows: string; bytes: string }[]>`
    select count(*) as rows, coalesce(sum(pg_column_size(message)), 0) as bytes from outbox`;

  if (flag === '--explain' && explainFile) {
    const out: string[] = [];
    for (const [kind, { ms, text, params }] of [...slowest].sort((a, b) => b[1].ms - a[1].ms)) {
      if (!/^\s*(select|with)/i.test(text)) continue;
      const plan = await client.unsafe<{ 'QUERY PLAN': string }[]>(
        `explain (analyze, buffers) ${text}`,
        params as postgres.ParameterOrJSON<never>[],
      );
      out.push(
        `=== ${kind} (slowest instance: ${ms.toFixed(1)} ms in the pass) ===`,
        clip(text.trim()),
        `-- params: ${JSON.stringify(params).slice(0, 300)}…`,
        ...plan.map((row) => clip(row['QUERY PLAN'])),
        '',
      );
    }
    writeFileSync(explainFile, out.join('\n'));
  }
  await client.end({ timeout: 5 });

  return {
    due: result.due,
    queued: result.queued,
    silent: result.silent,
    alreadyClaimed: result.alreadyClaimed,
    totalMs: finished - started,
    statements: sent.length,
    byKind: [...byKind.values()],
    phases,
    batches: sent.filter((s) => s.kind === 'write: begin').length,
    rssBeforeMb: rssBefore / 1048576,
    peakRssMb: peakRss / 1048576,
    peakHeapMb: peakHeap / 1048576,
    outboxRows: Number(outbox?.rows ?? 0),
    outboxMb: Number(outbox?.bytes ?? 0) / 1048576,
    cpu: { nodeMs, postgresMs, otherMs },
  };
}

main().then(
  (reply) => {
    if (process.send) process.send(reply, () => process.exit(0));
    else {
      console.log(JSON.stringify(reply, null, 2));
      process.exit(0);
    }
  },
  (error) => {
    process.stderr.write(
      `[measure] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);

/**
 * `npm run bench:approvals [-- --write] [-- --quick] [-- --seconds N] [-- --rate N]`
 *
 * An approver clicks Approve on a discount request's approval message: how long until Slack shows
 * the decision on that message? Measured end to end against the real service (a child process, with
 * the fake Slack its outbox delivers to) on a fresh Postgres database:
 *
 * 1. seed bench/commands' team (5 directors → 50 supervisors → 500 reps), then have every rep file
 *    discount requests with the real signed `/discount … 10% …` (one approval step, their
 *    supervisor), and wait until the outbox has posted every approval message to the fake;
 * 2. click Approve on those messages, open loop at 50 clicks/s, each click on a different request;
 *    the order walks the reps round-robin (supervisors interleaved), so each rep+supervisor
 *    conversation — paced at one post a second and delivered in order — sees one click every
 *    10 s, and a slow conversation cannot stand in for the service's own delay;
 * 3. per click: the acknowledgement (HTTP response) and the time from the click's scheduled send to
 *    the fake Slack receiving the `chat.update` of that approval message.
 *
 * `--write` records the result in BENCHMARKS.md (section bench:approvals).
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { signSlack, slashCommand } from '../../tests/support/slack-requests.ts';
import { openLoop, percentile } from '../commands/load.ts';
import { admin, adminUrl, withDatabase } from '../commands/pg.ts';
import { createRandom } from '../commands/random.ts';
import { seedTeam } from '../commands/seed.ts';
import type { BenchRequest } from '../commands/workload.ts';
import { writeSection } from '../common/benchmarks-md.ts';
import { createCleanup } from '../common/cleanup.ts';
import { loadAverage, machineLine } from '../common/machine.ts';
import { machineBusyMs, postgresCpuMs } from '../common/proc-cpu.ts';
import { ROOT, type ServiceChild, startServiceChild } from './child.ts';
import { type ClickOutcome, type ClickTarget, clickOpenLoop } from './clicks.ts';

const COMMAND = 'npm run bench:approvals -- --write';
const SIGNING_SECRET = 'bench-signing-secret';
const SEED = 20_240_601;
const P99_TARGET_MS = 300;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] ? Number(argv[at + 1]) : fallback;
};
const WRITE = flag('--write');
const QUICK = flag('--quick');
const RATE = option('--rate', 50);
const SECONDS = option('--seconds', QUICK ? 5 : 20);
const WARMUP_SECONDS = QUICK ? 1 : 2;
/** Slow enough that no filing runs into the command's time cap on a busy 2-core machine. */
const FILING_RATE = 50;
/** How long after the last click its update may still arrive before it counts as missing. */
const UPDATE_GRACE_MS = 30_000;

const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const cleanup = createCleanup(log, 'stopping the service and dropping the database');

async function outboxPending(db: Database['db']): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`),
  );
  return Number(row?.n ?? 0);
}

async function settleOutbox(db: Database['db'], limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const pending = await outboxPending(db);
    if (pending === 0 || Date.now() > deadline) return pending;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Every rep files `perRep` requests at 10 % (one step: their supervisor), through the real command. */
async function fileRequests(
  child: ServiceChild,
  reps: { userId: string; customers: { name: string }[] }[],
  perRep: number,
) {
  const queue = reps.flatMap((rep) => rep.customers.slice(0, perRep).map((customer) => ({ rep, customer })));
  let at = 0;
  const next = (): BenchRequest => {
    const { rep, customer } = queue[at++ % queue.length]!;
    const body = slashCommand({
      command: '/discount',
      text: `${customer.name} 10% on 50000 reason:competitor matching a competing quote`,
      userId: rep.userId,
      triggerId: `bench-approvals-file.${at}`,
      responseUrl: `${child.fakeSlackUrl}/response/bench`,
    });
    return {
      kind: 'discount-approval',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        ...signSlack(SIGNING_SECRET, body),
      },
      check: (status, text) =>
        status !== 200
          ? `HTTP ${status}`
          : text.includes('for approval')
            ? undefined
            : `reply ${text.slice(0, 100)}`,
    };
  };
  return openLoop(child.url, next, { rate: FILING_RATE, durationMs: (queue.length / FILING_RATE) * 1000 });
}

/** Pending first steps whose approval message the fake has, from the outbox row that posted it. */
async function clickTargets(db: Database['db']): Promise<ClickTarget[]> {
  const rows = rowsOf<{
    request_id: number;
    step_no: number;
    approver: string;
    rep: string;
    channel: string;
    ts: string;
  }>(
    await db.execute(sql`
      select d.id as request_id, s.step_no, a.user_id as approver, r.user_id as rep,
             o.ref->>'channel' as channel, o.ref->>'ts' as ts
      from discount_requests d
      join approval_steps s on s.request_id = d.id and s.step_no = d.current_step and s.status = 'pending'
      join members a on a.id = s.approver_id
      join members r on r.id = d.requester_id
      join outbox o on o.key = coalesce(s.message_key, 'approval:' || d.id || ':' || s.step_no)
      where d.status = 'pending' and o.status = 'sent'
      order by d.id`),
  );
  return rows.map((row) => ({
    requestId: Number(row.request_id),
    stepNo: Number(row.step_no),
    approverUserId: row.approver,
    repUserId: row.rep,
    channel: row.channel,
    ts: row.ts,
  }));
}

/**
 * Round-robin over reps, supervisors interleaved: consecutive clicks go to different approvers, and
 * one rep's conversation comes round again only after every other rep had a click.
 */
function clickOrder(targets: ClickTarget[]): ClickTarget[] {
  const byRep = new Map<string, ClickTarget[]>();
  for (const target of targets) byRep.set(target.repUserId, [...(byRep.get(target.repUserId) ?? []), target]);
  const byApprover = new Map<string, ClickTarget[][]>();
  for (const list of byRep.values()) {
    const approver = list[0]!.approverUserId;
    byApprover.set(approver, [...(byApprover.get(approver) ?? []), list]);
  }
  const repsInOrder: ClickTarget[][] = [];
  const teams = [...byApprover.values()];
  for (let i = 0; teams.some((team) => i < team.length); i++)
    for (const team of teams) if (team[i]) repsInOrder.push(team[i]!);
  const order: ClickTarget[] = [];
  for (let round = 0; repsInOrder.some((list) => round < list.length); round++)
    for (const list of repsInOrder) if (list[round]) order.push(list[round]!);
  return order;
}

type Measured = {
  outcomes: ClickOutcome[];
  /** Click send → chat.update at the fake, ms, per answered click whose update arrived. */
  updateMs: number[];
  missingUpdates: number;
  failedUpdates: number;
  elapsedMs: number;
  serverCpuMs: number;
  postgresCpuMs: number;
  otherCores: number;
};

async function clickPhase(child: ServiceChild, targets: ClickTarget[], dbName: string): Promise<Measured> {
  const waiting = new Map<string, number>();
  const arrived = new Map<string, { at: number; ok: boolean }>();
  child.onUpdates((updates) => {
    for (const update of updates) {
      const key = `${update.channel}|${update.ts}`;
      const sentAt = waiting.get(key);
      // The first update after the click is the decision; the fake's clock and ours are both epoch ms.
      if (sentAt === undefined || arrived.has(key) || update.at < sentAt - 5) continue;
      arrived.set(key, { at: update.at, ok: update.ok });
    }
  });
  const before = await child.stats();
  const pgBefore = postgresCpuMs({ database: dbName });
  const machineBefore = machineBusyMs();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const outcomes = await clickOpenLoop({
    url: child.url,
    targets,
    rate: RATE,
    secret: SIGNING_SECRET,
    responseUrl: (seq) => `${child.fakeSlackUrl}/response/click-${seq}`,
    onSend: (target, sentAt) => waiting.set(`${target.channel}|${target.ts}`, sentAt),
  });
  const deadline = Date.now() + UPDATE_GRACE_MS;
  const answered = outcomes.filter((o) => !o.error);
  while (Date.now() < deadline && answered.some((o) => !arrived.has(`${o.target.channel}|${o.target.ts}`)))
    await new Promise((resolve) => setTimeout(resolve, 100));
  const elapsedMs = performance.now() - started;
  const own = process.cpuUsage(ownBefore);
  const machine = machineBusyMs() - machineBefore;
  const after = await child.stats();
  const serverCpuMs = after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs;
  const pgMs = Math.max(0, postgresCpuMs({ database: dbName }) - pgBefore);
  const updateMs: number[] = [];
  let missingUpdates = 0;
  let failedUpdates = 0;
  for (const outcome of answered) {
    const seen = arrived.get(`${outcome.target.channel}|${outcome.target.ts}`);
    if (!seen) missingUpdates++;
    else if (!seen.ok) failedUpdates++;
    else updateMs.push(seen.at - outcome.sentAt);
  }
  updateMs.sort((a, b) => a - b);
  return {
    outcomes,
    updateMs,
    missingUpdates,
    failedUpdates,
    elapsedMs,
    serverCpuMs,
    postgresCpuMs: pgMs,
    otherCores: Math.max(0, machine - serverCpuMs - pgMs - (own.user + own.system) / 1000) / elapsedMs,
  };
}

/**
 * The machine is shared: wait (at most 60 s) for a 2 s window in which other processes keep less
 * than 0.5 CPUs busy, as bench:commands does. Returns what the last window measured.
 */
async function waitForQuiet(): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const before = machineBusyMs();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cores = (machineBusyMs() - before) / 2000;
    if (cores < 0.5 || Date.now() > deadline) return cores;
  }
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');
const stats = (values: number[]) =>
  `${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(percentile(values, 99))} | ${ms(values.at(-1) ?? Number.NaN)}`;

async function main(): Promise<boolean> {
  const serverUrl = adminUrl();
  const loadAtStart = loadAverage();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `accountdesk_bench_approvals_${stamp}`;
  const logDir = join(tmpdir(), `accountdesk-bench-approvals-${stamp}`);
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
  log(`created and seeded ${dbName}: ${team.counts.members} members, ${team.counts.customers} customers`);

  const child = await startServiceChild({
    env: {
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
      BENCH_WATCH_UPDATES: '1',
    },
    logFile: join(logDir, 'service.log'),
    cleanup,
  });
  log(`service at ${child.url.origin}; log in ${logDir}`);

  const clicksNeeded = Math.round(RATE * (SECONDS + WARMUP_SECONDS));
  // One more than needed: a filing the service had to give up on (time cap) leaves no request.
  const perRep = Math.ceil(clicksNeeded / team.reps.length) + 1;
  const filing = await fileRequests(child, team.reps, perRep);
  log(
    `filed ${filing.ok + filing.errors} requests (${filing.errors} answered late or wrong) at ${FILING_RATE}/s; waiting for the outbox`,
  );
  const left = await settleOutbox(database.db, 300_000);
  if (left > 0) throw new Error(`outbox still has ${left} pending rows after 300 s`);
  const targets = clickOrder(await clickTargets(database.db));
  if (targets.length < clicksNeeded)
    throw new Error(`only ${targets.length} approval messages to click, ${clicksNeeded} needed`);
  for (const target of targets.slice(0, clicksNeeded)) {
    const stored = await child.storedMessage(target.channel, target.ts);
    if (!stored.blocks) throw new Error(`the fake has no message ${target.channel} ${target.ts}`);
    Object.assign(target, stored);
  }
  const warmTargets = targets.slice(0, RATE * WARMUP_SECONDS);
  const measuredTargets = targets.slice(warmTargets.length, clicksNeeded);
  const approvers = new Set(measuredTargets.map((t) => t.approverUserId)).size;
  const conversations = new Set(measuredTargets.map((t) => t.channel)).size;
  log(`${targets.length} approval messages delivered; warm-up ${warmTargets.length} clicks`);
  await clickPhase(child, warmTargets, dbName);
  await settleOutbox(database.db, 60_000);
  const quietAtStart = await waitForQuiet();
  log(`other processes keep ${quietAtStart.toFixed(2)} CPUs busy`);
  log(
    `measuring ${measuredTargets.length} clicks at ${RATE}/s over ${approvers} approvers, ${conversations} conversations`,
  );
  const measured = await clickPhase(child, measuredTargets, dbName);
  const acks = measured.outcomes
    .flatMap((o) => (o.ackMs === undefined ? [] : [o.ackMs]))
    .sort((a, b) => a - b);
  const ackErrors = measured.outcomes.filter((o) => o.error);
  const errorKinds = new Map<string, number>();
  for (const o of ackErrors) errorKinds.set(o.error!, (errorKinds.get(o.error!) ?? 0) + 1);
  const errors = ackErrors.length + measured.missingUpdates + measured.failedUpdates;
  const p99 = percentile(measured.updateMs, 99);
  const pass = p99 < P99_TARGET_MS && errors === 0;
  const clicks = measured.outcomes.length;
  const [decided] = rowsOf<{ n: number }>(
    await database.db.execute(
      sql`select count(*)::int as n from discount_requests where status = 'approved' and decided_at > now() - interval '10 minutes'`,
    ),
  );
  const section = [
    '## Approval clicks: Approve → the approval message updated (`bench:approvals`)',
    '',
    `Command: \`${COMMAND}\`${QUICK ? ' (this run: `--quick` — not a reference figure)' : ''}  `,
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${machineLine(pgVersion)}; load average at start ${loadAtStart}, at the end ${loadAverage()}.`,
    '',
    `Other processes kept ${quietAtStart.toFixed(2)} CPUs busy just before the measured phase (the bench waits up to 60 s for less than 0.5).\n\n${clicks} Approve clicks, open loop at ${RATE} clicks/s for ${SECONDS} s (after ${warmTargets.length} warm-up clicks), each on a different pending request, over ${approvers} approvers (supervisors) and ${conversations} rep + supervisor conversations; the requests were filed beforehand by ${team.reps.length} reps with the real signed \`/discount … 10% …\`, and the outbox had posted every approval message to the fake Slack before the first click. The clicks are signed \`block_actions\` payloads with the approval message's own text and blocks, as Slack sends them.`,
    '',
    '| Per click | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| acknowledgement (HTTP response) | ${stats(acks)} |`,
    `| click sent → \`chat.update\` of its approval message at the fake Slack | ${stats(measured.updateMs)} |`,
    '',
    `- p99 click → updated message: **${ms(p99)} ms** (target < ${P99_TARGET_MS} ms) — ${p99 < P99_TARGET_MS ? '**pass**' : '**FAIL**'}`,
    `- Errors: **${errors}** (${ackErrors.length} failed acknowledgements${[...errorKinds].map(([k, n]) => `: ${n} × ${k}`).join(', ')}; ${measured.missingUpdates} clicks whose update never arrived within ${UPDATE_GRACE_MS / 1000} s; ${measured.failedUpdates} updates the fake refused) — ${errors === 0 ? '**pass**' : '**FAIL**'}`,
    `- Requests approved in the database: ${decided?.n ?? 0} (warm-up included).`,
    '',
    `CPU during the measured phase (${(measured.elapsedMs / 1000).toFixed(1)} s, until the last update): service child ${(measured.serverCpuMs / clicks).toFixed(2)} ms per click, Postgres ${(measured.postgresCpuMs / clicks).toFixed(2)} ms per click; other processes kept ${measured.otherCores.toFixed(2)} of ${availableParallelism()} CPUs busy.`,
    '',
    "Setup: the load generator (this process) and the service (`bench/approvals/service.ts`: `startService` on Postgres, LOG_LEVEL=warn, plus the fake Slack Web API the outbox delivers to, which records each call with its arrival time) on one machine. Latency runs from the click's scheduled send time (open loop: a stall is never hidden) to the end of the response, or to the arrival of the `chat.update` naming the clicked message (both epoch ms, read on the same machine).",
  ].join('\n');
  process.stdout.write(`\n${section}\n\n`);
  if (WRITE) {
    writeSection(join(ROOT, 'BENCHMARKS.md'), 'approvals', section);
    log('BENCHMARKS.md updated');
  }
  return pass;
}

cleanup.exitAfter(main);

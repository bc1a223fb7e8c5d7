/**
 * The outbox rows as the worker changes them: claimed with SKIP LOCKED, their lease renewed while in
 * hand, their outcome recorded (only while the claim is still ours), handed back when not delivered.
 * Split from outbox-worker.ts, which decides what to deliver when.
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Platform } from '../app/context.ts';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { outbox } from '../db/schema.ts';
import { runStatement, statement } from '../db/statement.ts';
import type { Logger } from '../logger.ts';
import { type DeliveryResult, jitteredBackoffMs, type OutboxRow, retryThroughOutage } from './delivery.ts';
import {
  answersOf,
  holdWaitingAnswers,
  ORPHANED_HOLDS_EVERY_MS,
  platformList,
  releaseOrphanedHolds,
} from './held-answers.ts';

export type OutboxRowsOptions = {
  db: Db;
  logger: Logger;
  leaseMs: number;
  batchSize: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Lease renewals of the rows in hand (the worker stops them when stop() gives up on them). */
  leases: Set<() => void>;
};

/**
 * The worker's two lanes per platform: `answers` are what a member who just clicked is looking at —
 * the update of the message they clicked, the private answer to the click — and go out at once
 * (Slack and Lark do not pace them); `messages` are every other row, posts paced by the platforms'
 * rates and home redraws. A morning's backlog of posts never holds up the answer to a click.
 */
export type OutboxLaneKind = 'answers' | 'messages';

/** The answers lane's rows, written as the partial index outbox_pending_answers is (migrations 0019, 0021). */
const ANSWERS = answersOf(outbox);

/**
 * The two statements of every delivered row, written by hand and prepared once per connection
 * (db/statement.ts): drizzle's builder sends each query unprepared, so Postgres parsed and planned
 * these on every call — more time than running them (BENCHMARKS.md, "bench:commands").
 * $1 row id, $2 lease (ms), $3 claim token.
 */
const RENEW_BEFORE_SENDING = statement(`
  update outbox set locked_until = now() + ($2::text::int * interval '1 millisecond'), attempt_started_at = now()
  where id = $1::text::bigint and claim_token = $3 and status = 'pending'
  returning id`);

/** $1 row id, $2 where it landed (json, or null). */
const MARK_SENT = statement(`
  update outbox set status = 'sent', ref = $2::text::jsonb, sent_at = now(), locked_until = null,
    attempt_started_at = null, last_error = null
  where id = $1::text::bigint`);

/**
 * How a claim is planned, set in its transaction. The claim walks the lane's pending rows in id
 * order (outbox_pending, outbox_pending_answers) and stops at its batch. Left to its estimates the
 * planner would rather read every due row and sort them: under a morning's backlog its statistics
 * are those from before it (a handful of pending rows), and that full read, each row's conversation
 * and links checked, grew to 25 ms a claim (BENCHMARKS.md, "bench:commands"). Without a sort the
 * walk is the only plan left.
 */
const CLAIM_AS_A_WALK = sql`set local enable_sort = off`;

export type ClaimOptions = {
  token: string;
  platforms: Platform[];
  kind: OutboxLaneKind;
  leaseMs: number;
  batchSize: number;
};

/**
 * A claim of due rows of these platforms' lane, as the statements of its transaction: the planner's
 * setting, then the claim (its rows are the claimed ones). In the answers lane the claim's
 * transaction first holds the answers found waiting (holdWaitingAnswers).
 */
export const claimSteps = (options: ClaimOptions): [SQL, SQL] => [CLAIM_AS_A_WALK, claimStatement(options)];

function claimStatement({ token, platforms, kind, leaseMs, batchSize }: ClaimOptions): SQL {
  return sql`
    update ${outbox} set locked_until = now() + (${leaseMs} * interval '1 millisecond'), attempts = attempts + 1,
      claim_token = ${token}
    where id in (
      select id from ${outbox}
      where status = 'pending' and next_attempt_at <= now()
        and (locked_until is null or locked_until < now())
        -- One conversation in order: not while an older row of it is pending (backing off included).
        and not exists (
          select 1 from ${outbox} older
          where older.status = 'pending' and older.conversation = ${outbox}.conversation
            and older.id < ${outbox}.id)
        -- Nor while a message it waits for is pending (one it links to, the message it updates).
        -- The linked rows are found by key alone: with status in the condition the planner would
        -- intersect the key index with a partial index of every pending row, for each row here.
        and (${outbox}.waits_for is null or not coalesce((
          select bool_or(linked.status = 'pending') from ${outbox} linked
          where linked.key = any (${outbox}.waits_for)), false))
        and ${kind === 'answers' ? sql`held_behind is null and ${ANSWERS}` : sql`not ${ANSWERS}`}
        and platform in (${platformList(platforms)})
      order by id
      limit ${batchSize}
      for update skip locked)
    returning id, key, platform, target, message, attempts, request_id as "requestId",
      attempt_started_at as "attemptStartedAt"`;
}

export function outboxRows(options: OutboxRowsOptions) {
  const { db, logger, leaseMs, batchSize, maxAttempts, leases } = options;
  const baseBackoff = options.baseBackoffMs;
  const maxBackoff = options.maxBackoffMs;

  let lastOrphanSweep = 0;

  /** Claims due rows of these platforms: `answers` (see OutboxLaneKind) or every other row. */
  async function claim(token: string, platforms: Platform[], kind: OutboxLaneKind): Promise<OutboxRow[]> {
    if (platforms.length === 0) return [];
    const [setting, statement] = claimSteps({ token, platforms, kind, leaseMs, batchSize });
    const sweep = kind === 'answers' && Date.now() - lastOrphanSweep >= ORPHANED_HOLDS_EVERY_MS;
    if (sweep) lastOrphanSweep = Date.now();
    const result = await db.transaction(async (tx) => {
      await tx.execute(setting);
      if (sweep) await tx.execute(releaseOrphanedHolds);
      if (kind === 'answers') await holdWaitingAnswers(tx, platforms);
      return tx.execute(statement);
    });
    return rowsOf<OutboxRow>(result)
      .map((row) => ({ ...row, id: Number(row.id) }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Renews the lease just before sending: a batch can outlast its lease when Slack is slow, and then
   * another instance may have claimed the row; whoever holds the current claim sends it, once.
   */
  async function stillOurs(row: OutboxRow, token: string): Promise<boolean> {
    const renewed = await runStatement(db, RENEW_BEFORE_SENDING, [String(row.id), String(leaseMs), token]);
    return renewed.length > 0;
  }

  async function settle(row: OutboxRow, result: DeliveryResult, token: string): Promise<void> {
    // Any outcome but `sent` is recorded only while the claim is still ours: a delivery that stop()
    // gave up on may answer after another instance has claimed the row, and must not undo its claim.
    const ours = and(eq(outbox.id, row.id), eq(outbox.claimToken, token));
    if (result.status === 'sent') {
      await runStatement(db, MARK_SENT, [String(row.id), result.ref ? JSON.stringify(result.ref) : null]);
      return;
    }
    if (result.status === 'failed' || (result.status === 'retry' && row.attempts >= maxAttempts)) {
      logger.error({ key: row.key, attempts: row.attempts, error: result.error }, 'outbox message given up');
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: result.error, lockedUntil: null, attemptStartedAt: null })
        .where(ours);
      return;
    }
    const blocked = result.status === 'blocked';
    const delay = blocked
      ? (result.afterMs ?? 250)
      : (result.afterMs ?? jitteredBackoffMs(row.attempts, baseBackoff, maxBackoff));
    // Waiting for a pace slot is the normal course of a busy morning, not a warning.
    (blocked ? logger.debug : logger.warn).call(
      logger,
      { key: row.key, attempts: row.attempts, error: result.error, retryInMs: delay },
      'outbox delivery deferred',
    );
    await db
      .update(outbox)
      .set({
        lastError: result.error,
        lockedUntil: null,
        // An earlier attempt whose outcome was never recorded is still unknown after this one was
        // blocked or failed — this one may have failed before it posted anything (the lookup for the
        // earlier one, a 429 on opening the conversation): the next try must look for it first. Only
        // `sent` (posted, or found where it landed) clears the mark.
        attemptStartedAt: row.attemptStartedAt ? new Date(row.attemptStartedAt) : null,
        nextAttemptAt: sql`now() + (${delay} * interval '1 millisecond')`,
        // A row waiting for its parent has not really been attempted.
        ...(blocked ? { attempts: sql`${outbox.attempts} - 1` } : {}),
      })
      .where(ours);
  }

  /** Keeps the row's lease alive while its call and settlement take longer than the lease itself. */
  function holdLease(row: OutboxRow, token: string): () => void {
    const timer = setInterval(
      () => {
        void db
          .update(outbox)
          .set({ lockedUntil: sql`now() + (${leaseMs} * interval '1 millisecond')` })
          .where(and(eq(outbox.id, row.id), eq(outbox.claimToken, token)))
          .catch(() => {});
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    timer.unref();
    const release = () => {
      clearInterval(timer);
      leases.delete(release);
    };
    leases.add(release);
    return release;
  }

  /** Records the outcome; a message that was posted must be marked sent, or it would be posted again. */
  const settleSurely = (row: OutboxRow, result: DeliveryResult, token: string) =>
    retryThroughOutage(
      () => settle(row, result, token),
      (error, attempt) =>
        logger.warn({ err: error, key: row.key, attempt }, 'outbox outcome not recorded yet; retrying'),
    );

  /** A claimed row not delivered (paused platform, shutting down) goes back at once, not at lease expiry. */
  async function release(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await db
      .update(outbox)
      .set({ lockedUntil: null, attempts: sql`${outbox.attempts} - 1` })
      .where(
        inArray(
          outbox.id,
          rows.map((row) => row.id),
        ),
      );
  }

  return { claim, stillOurs, settle, settleSurely, holdLease, release };
}

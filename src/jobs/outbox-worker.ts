import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Platform } from '../app/context.ts';
import { type Instruments, noInstruments } from '../app/instruments.ts';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { outbox } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { Message } from '../messages/model.ts';
import { inRequest } from '../request-context.ts';
import {
  type DeliveryResult,
  earlierAttemptUnknown,
  jitteredBackoffMs,
  type Notifier,
  type OutboxRow,
  type RefLookup,
  reportDelivery,
  retryThroughOutage,
  withHomeDrawn,
} from './delivery.ts';
import { outboxRefs } from './outbox-refs.ts';

export type {
  DeliveryResult,
  MessageRef,
  Notifier,
  OutboxRow,
  RefLookup,
  RefState,
} from './delivery.ts';
export { backoffMs, jitteredBackoffMs } from './delivery.ts';

export type OutboxWorkerOptions = {
  db: Db;
  logger: Logger;
  notifiers: Partial<Record<Platform, Notifier>>;
  instruments?: Instruments;
  /** Idle polling interval; `kick()` wakes the worker at once after a local enqueue. */
  pollMs?: number;
  batchSize?: number;
  /** First retry delay; doubles each attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  /** How long a claimed row is ours before another instance may take it (a crashed worker's rows come back). */
  leaseMs?: number;
  /** Draws a member's home when its row is delivered (target `home`); none when they are not a member. */
  homeScreen?: (platform: Platform, userId: string) => Promise<Message | undefined>;
};

export type OutboxWorker = { start(): void; stop(): Promise<void>; kick(): void; drain(): Promise<number> };

/**
 * Delivers outbox rows: claims due rows with SKIP LOCKED (several instances share the work without
 * double sends), hands each to its platform's notifier, records the message reference or schedules
 * a retry. A crash or a chat outage leaves rows pending, never lost.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, logger, notifiers } = options;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const baseBackoff = options.baseBackoffMs ?? 2000;
  const maxBackoff = options.maxBackoffMs ?? 10 * 60_000;
  const maxAttempts = options.maxAttempts ?? 25;
  // Short, and renewed while a row is in hand: a crashed instance's rows come back within seconds.
  const leaseMs = options.leaseMs ?? 10_000;
  const platforms = Object.keys(notifiers) as Platform[];
  const instruments = options.instruments ?? noInstruments;

  let running = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | undefined;
  let again = false;
  let pausedUntil = 0;

  const refs: RefLookup = outboxRefs(db);

  async function claim(token: string): Promise<OutboxRow[]> {
    if (platforms.length === 0) return [];
    const result = await db.execute(sql`
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
          and platform in (${sql.join(
            platforms.map((p) => sql`${p}`),
            sql`, `,
          )})
        order by id
        limit ${batchSize}
        for update skip locked)
      returning id, key, platform, target, message, attempts, request_id as "requestId",
        attempt_started_at as "attemptStartedAt"`);
    return rowsOf<OutboxRow>(result)
      .map((row) => ({ ...row, id: Number(row.id) }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Renews the lease just before sending: a batch can outlast its lease when Slack is slow, and then
   * another instance may have claimed the row; whoever holds the current claim sends it, once.
   */
  async function stillOurs(row: OutboxRow, token: string): Promise<boolean> {
    const renewed = await db
      .update(outbox)
      .set({
        lockedUntil: sql`now() + (${leaseMs} * interval '1 millisecond')`,
        attemptStartedAt: sql`now()`,
      })
      .where(and(eq(outbox.id, row.id), eq(outbox.claimToken, token), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id });
    return renewed.length > 0;
  }

  async function settle(row: OutboxRow, result: DeliveryResult): Promise<void> {
    if (result.status === 'sent') {
      await db
        .update(outbox)
        .set({
          status: 'sent',
          ref: result.ref ?? null,
          sentAt: sql`now()`,
          lockedUntil: null,
          attemptStartedAt: null,
          lastError: null,
        })
        .where(eq(outbox.id, row.id));
      return;
    }
    if (result.status === 'failed' || (result.status === 'retry' && row.attempts >= maxAttempts)) {
      logger.error({ key: row.key, attempts: row.attempts, error: result.error }, 'outbox message given up');
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: result.error, lockedUntil: null, attemptStartedAt: null })
        .where(eq(outbox.id, row.id));
      return;
    }
    const blocked = result.status === 'blocked';
    const delay = blocked
      ? (result.afterMs ?? 250)
      : (result.afterMs ?? jitteredBackoffMs(row.attempts, baseBackoff, maxBackoff));
    if (result.status === 'retry' && result.pauseAll) pausedUntil = Date.now() + delay;
    logger.warn(
      { key: row.key, attempts: row.attempts, error: result.error, retryInMs: delay },
      'outbox delivery deferred',
    );
    await db
      .update(outbox)
      .set({
        lastError: result.error,
        lockedUntil: null,
        attemptStartedAt: null,
        nextAttemptAt: sql`now() + (${delay} * interval '1 millisecond')`,
        // A row waiting for its parent has not really been attempted.
        ...(blocked ? { attempts: sql`${outbox.attempts} - 1` } : {}),
      })
      .where(eq(outbox.id, row.id));
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
    return () => clearInterval(timer);
  }

  /** Records the outcome; a message that was posted must be marked sent, or it would be posted again. */
  const settleSurely = (row: OutboxRow, result: DeliveryResult) =>
    retryThroughOutage(
      () => settle(row, result),
      (error, attempt) =>
        logger.warn({ err: error, key: row.key, attempt }, 'outbox outcome not recorded yet; retrying'),
    );

  async function deliverOne(row: OutboxRow, token: string): Promise<void> {
    const unknown = earlierAttemptUnknown(row);
    if (unknown) {
      logger.error({ key: row.key, platform: row.platform, since: row.attemptStartedAt }, unknown);
      await settleSurely(row, { status: 'failed', error: unknown });
      return;
    }
    if (!(await stillOurs(row, token))) return;
    const release = holdLease(row, token);
    try {
      const notifier = notifiers[row.platform];
      let result: DeliveryResult;
      try {
        const ready = await withHomeDrawn(row, options.homeScreen);
        result = !ready
          ? { status: 'failed', error: 'not a member: no home to show' }
          : notifier
            ? await notifier.deliver(ready, refs)
            : { status: 'retry', error: 'no notifier' };
      } catch (error) {
        logger.error({ err: error, key: row.key }, 'outbox notifier threw');
        result = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
      await settleSurely(row, result);
      reportDelivery({ instruments, logger }, row, result, maxAttempts);
    } finally {
      release();
    }
  }

  /** One pass: claims and delivers batches until nothing is due. Returns how many rows were handled. */
  async function drainOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      if (stopping || Date.now() < pausedUntil) return handled;
      const token = randomUUID();
      const rows = await claim(token);
      if (rows.length === 0) return handled;
      // In id order: an approval message goes out before the update that depends on it.
      for (const row of rows) {
        // Paused by a 429, or shutting down: the rest of the batch goes back at once, not at lease expiry.
        if (stopping || Date.now() < pausedUntil) {
          await db
            .update(outbox)
            .set({ lockedUntil: null, attempts: sql`${outbox.attempts} - 1` })
            .where(inArray(outbox.id, [row.id]));
          continue;
        }
        await inRequest(() => deliverOne(row, token), row.requestId ?? `outbox:${row.key}`);
        handled++;
      }
    }
  }

  function drain(): Promise<number> {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await drainOnce();
        } while (again);
      } catch (error) {
        logger.error({ err: error }, 'outbox pass failed');
      } finally {
        current = undefined;
      }
      return total;
    })();
    return current;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(async () => {
      await drain();
      schedule();
    }, pollMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    /** Finishes the message in hand, releases the rest of its batch, and claims nothing more. */
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      stopping = true;
      try {
        if (current) await current;
      } finally {
        stopping = false;
      }
    },
    kick() {
      if (running) void drain();
    },
    drain,
  };
}

import { randomUUID } from 'node:crypto';
import type { Platform } from '../app/context.ts';
import { noInstruments } from '../app/instruments.ts';
import { inRequest } from '../request-context.ts';
import {
  type DeliveryResult,
  earlierAttemptUnknown,
  type OutboxRow,
  reportDelivery,
  withHomeDrawn,
} from './delivery.ts';
import { outboxRefs } from './outbox-refs.ts';
import { type OutboxLaneKind, outboxRows } from './outbox-rows.ts';

const LANE_KINDS: OutboxLaneKind[] = ['answers', 'messages'];

/**
 * The least time between two claims of a platform's posts lane. Claims are what the outbox costs
 * the database under load — each walks the pending rows — and without a gap a busy service claims
 * once per command and per finished post. 50 ms still claims more than the platforms let be posted
 * (up to 20 claims of `batchSize` rows a second).
 */
const MESSAGES_CLAIM_GAP_MS = 50;

import type { OutboxWorkerOptions } from './outbox-worker-options.ts';
import { createPlatformPause } from './platform-pause.ts';

export type { OutboxWorkerOptions };

export type OutboxWorker = {
  start(): void;
  /** `deadlineMs` overrides `stopDeadlineMs`, e.g. with what is left of a shutdown's time. */
  stop(deadlineMs?: number): Promise<void>;
  kick(): void;
  drain(): Promise<number>;
};

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
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const stopDeadlineMs = options.stopDeadlineMs ?? 10_000;
  const platforms = Object.keys(notifiers) as Platform[];
  const instruments = options.instruments ?? noInstruments;
  const pause = createPlatformPause(options.pause);

  let running = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | undefined;
  let again = false;
  /** Counts drains asked for: a pass in progress sees new rows were queued. */
  let kicks = 0;
  /** Ends the wait of a pass in progress (its deliveries in hand, the poll) when rows are queued. */
  let wake: ((value?: unknown) => void) | undefined;
  /** Lease renewals of the rows in hand: stopped when stop() gives up on them. */
  const leases = new Set<() => void>();

  const refs = outboxRefs(db);

  const { claim, stillOurs, settleSurely, holdLease, release } = outboxRows({
    db,
    logger,
    leaseMs,
    batchSize,
    maxAttempts,
    baseBackoffMs: baseBackoff,
    maxBackoffMs: maxBackoff,
    leases,
  });

  async function deliverOne(row: OutboxRow, token: string): Promise<void> {
    const unknown = earlierAttemptUnknown(row);
    if (unknown) {
      logger.error({ key: row.key, platform: row.platform, since: row.attemptStartedAt }, unknown);
      await settleSurely(row, { status: 'failed', error: unknown }, token);
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
            ? await notifier.deliver(ready, refs.lookup)
            : { status: 'retry', error: 'no notifier' };
      } catch (error) {
        logger.error({ err: error, key: row.key }, 'outbox notifier threw');
        result = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
      if (result.status !== 'blocked')
        pause.answered(
          row.platform,
          result.status === 'retry' && result.rateLimited === true,
          (result.status === 'retry' && result.afterMs) || 1000,
        );
      await settleSurely(row, result, token);
      if (result.status === 'sent' && result.ref) refs.sent(row.key, result.ref);
      reportDelivery({ instruments, logger }, row, result, maxAttempts);
    } finally {
      release();
    }
  }

  /**
   * One pass: claims rows and delivers them until nothing is due; returns how many were handled.
   * Each platform is a lane of its own, up to `concurrency` rows in hand: one platform's rows
   * waiting for its pace (or its backlog queued first) never hold up the other's. A claim takes only
   * the oldest pending row of each conversation, and a row in hand is still pending, so the rows in
   * hand are always of different conversations: each conversation still goes in order (and an
   * update after its message, which it waits for). More is claimed as deliveries finish, not batch
   * by batch, so a slow row holds up no others.
   */
  async function drainOnce(): Promise<number> {
    let handled = 0;
    // Per platform, a lane for the answers to clicks and one for everything else (OutboxLaneKind).
    const lanes = platforms.flatMap((platform) =>
      LANE_KINDS.map((kind) => ({
        platform,
        kind,
        queue: [] as { row: OutboxRow; token: string }[],
        inHand: 0,
        // Whether a claim could find more; after a short claim, only a finished delivery (its
        // conversation's next row) or a kick makes more due within this pass.
        more: true,
        claimedAt: 0,
      })),
    );
    const inHand = new Set<Promise<void>>();
    let seenKicks = kicks;
    for (;;) {
      // Rows queued meanwhile (a kick), or come due since (a retry's wait over): an idle lane looks
      // again while the other keeps the pass going, not only once the whole pass is over.
      const kicked = seenKicks !== kicks;
      /** When a lane that put off its claim (MESSAGES_CLAIM_GAP_MS) may claim. */
      let claimDueIn = pollMs;
      seenKicks = kicks;
      for (const lane of lanes) {
        const { platform } = lane;
        const sinceClaim = Date.now() - lane.claimedAt;
        const stale = sinceClaim >= pollMs;
        if (stopping || pause.isPaused(platform) || lane.queue.length >= concurrency) continue;
        if (!lane.more && !kicked && !stale) continue;
        // Posts: one claim per gap however many commands queue rows or deliveries finish meanwhile
        // (each claim walks the backlog); what comes due waits the rest of the gap at most.
        if (lane.kind === 'messages' && sinceClaim < MESSAGES_CLAIM_GAP_MS) {
          lane.more = true;
          claimDueIn = Math.min(claimDueIn, MESSAGES_CLAIM_GAP_MS - sinceClaim);
          continue;
        }
        lane.claimedAt = Date.now();
        const token = randomUUID();
        let rows: OutboxRow[];
        try {
          rows = await claim(token, [platform], lane.kind);
        } catch (error) {
          // Ends with the deliveries in hand (stop() waits); rows not begun go back now, uncounted.
          await Promise.allSettled(inHand);
          await release(lanes.flatMap((l) => l.queue.splice(0).map((q) => q.row))).catch(() => {});
          throw error;
        }
        if (rows.length < batchSize) lane.more = false;
        for (const row of rows) lane.queue.push({ row, token });
      }
      const giveBack: OutboxRow[] = [];
      for (const lane of lanes) {
        if (stopping || pause.isPaused(lane.platform)) {
          giveBack.push(...lane.queue.splice(0).map((queued) => queued.row));
          continue;
        }
        while (lane.inHand < concurrency && lane.queue.length > 0) {
          const { row, token } = lane.queue.shift()!;
          lane.inHand++;
          const delivery = inRequest(() => deliverOne(row, token), row.requestId ?? `outbox:${row.key}`)
            .catch((error: unknown) => logger.error({ err: error, key: row.key }, 'outbox delivery failed'))
            .finally(() => {
              inHand.delete(delivery);
              lane.inHand--;
              lane.more = true;
            });
          inHand.add(delivery);
          handled++;
        }
      }
      // Not given back (the database away a moment): they come back when their claim runs out.
      await release(giveBack).catch((error: unknown) =>
        logger.warn(
          { err: error, rows: giveBack.length },
          'outbox rows not handed back; their claims run out',
        ),
      );
      if (inHand.size === 0) {
        const waiting = lanes.some(
          (lane) => lane.queue.length > 0 || (lane.more && !pause.isPaused(lane.platform)),
        );
        if (stopping || !waiting) return handled;
        // Only a lane putting off its claim makes the pass wait here, woken by a kick like below.
        if (claimDueIn >= pollMs) continue;
      }
      // Until a delivery finishes, a row is queued here (kick: a click's answer must not wait for
      // the poll), or the poll comes round.
      let tick: NodeJS.Timeout | undefined;
      await Promise.race([
        ...inHand,
        new Promise((resolve) => {
          tick = setTimeout(resolve, claimDueIn);
          wake = resolve;
        }),
      ]);
      wake = undefined;
      clearTimeout(tick);
    }
  }

  function drain(): Promise<number> {
    kicks++;
    wake?.();
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
    /**
     * Finishes the messages in hand, releases the rest of what it claimed, and claims nothing more.
     * Waits at most the deadline: a delivery still in hand then stays pending, its lease no longer
     * renewed, so the row comes back (Slack looks for it in the conversation before posting again).
     */
    async stop(deadlineMs = stopDeadlineMs) {
      running = false;
      if (timer) clearTimeout(timer);
      const pass = current;
      if (!pass) return;
      stopping = true;
      let deadline: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        pass.then(() => true),
        new Promise<false>((resolve) => {
          deadline = setTimeout(() => resolve(false), deadlineMs);
        }),
      ]);
      clearTimeout(deadline);
      // Still stopping until the pass ends, late or not: it must claim nothing more meanwhile.
      void pass.finally(() => {
        stopping = false;
      });
      if (finished) return;
      for (const stopRenewing of [...leases]) stopRenewing();
      logger.warn({ deadlineMs }, 'outbox stopped with deliveries in hand; their rows stay pending');
    },
    kick() {
      if (running) void drain();
    },
    drain,
  };
}

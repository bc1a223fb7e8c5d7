import { type ScheduledTask, schedule } from 'node-cron';
import type { AppDeps } from '../app/context.ts';
import { remindAndEscalate } from '../app/discounts/approval-reminders.ts';
import { remindAndExpireCounters } from '../app/discounts/counter-deadlines.ts';
import { moveAwayApprovals } from '../app/discounts/delegate-steps.ts';
import { runDigests } from '../app/followups/morning-messages.ts';
import { runWeeklyReports } from '../app/followups/weekly-reports.ts';
import { pruneOldRecords, type RetentionPolicy } from '../app/retention.ts';

export type Scheduler = {
  start(): void;
  stop(): Promise<void>;
  tick(): Promise<void>;
  /** Runs `work` when no tick is running, and holds ticks back until it is done. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
};

/**
 * Every instance ticks every minute; the database decides who sends (digest claims, conditional
 * updates on approval steps, approvals of away members moved once), so ticks in several instances,
 * late ticks and restarts send once.
 */
export function createScheduler(deps: AppDeps, options: { retention?: RetentionPolicy } = {}): Scheduler {
  let task: ScheduledTask | undefined;
  let running: Promise<void> | undefined;

  /** The UTC day retention last ran in this instance: once a day each (deleting twice is harmless). */
  let prunedOn: string | undefined;

  async function prune(at: Date): Promise<void> {
    const day = at.toISOString().slice(0, 10);
    if (!options.retention || prunedOn === day) return;
    prunedOn = day;
    const pruned = await pruneOldRecords(deps.db, options.retention);
    if (pruned.outbox + pruned.inbound > 0)
      deps.logger.info(pruned, 'old outbox rows and inbound keys pruned');
  }

  async function tick(): Promise<void> {
    const at = deps.clock.now();
    try {
      const digests = await runDigests(deps, { at });
      deps.instruments.morningMessages('queued', digests.queued);
      if (digests.queued > 0)
        deps.logger.info({ ...digests, previews: undefined }, 'morning messages queued');
      // README, "Weekly report": at the same hour as the morning message, claimed the same way.
      const weekly = await runWeeklyReports(deps, { at });
      if (weekly.queued > 0) deps.logger.info({ ...weekly, previews: undefined }, 'weekly reports queued');
      // Before reminders: a step handed to a delegate starts its reminder clock again.
      const moved = await moveAwayApprovals(deps, at);
      if (moved > 0) deps.logger.info({ moved }, 'approvals of away members handed to their delegates');
      const approvals = await remindAndEscalate(deps, at);
      if (approvals.reminded + approvals.escalated > 0)
        deps.logger.info(approvals, 'approvals reminded or escalated');
      const counters = await remindAndExpireCounters(deps, at);
      if (counters.reminded + counters.expired > 0)
        deps.logger.info(counters, 'counter-offers reminded or expired');
      await prune(at);
    } catch (error) {
      deps.logger.error({ err: error }, 'scheduler tick failed');
    }
  }

  /** One thing at a time in this instance: ticks and exclusive work queue behind each other. */
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  }

  return {
    start() {
      task ??= schedule('* * * * *', () => {
        // A slow tick is not run twice at once in this instance; other instances are kept apart by the database.
        running ??= exclusive(tick).finally(() => {
          running = undefined;
        });
        return running;
      });
    },
    async stop() {
      await task?.stop();
      task = undefined;
      await running;
    },
    tick,
    exclusive,
  };
}

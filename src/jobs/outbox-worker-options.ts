/**
 * What the outbox worker (outbox-worker.ts) is configured with: the service sets it from the
 * environment, the tests name stricter or faster values.
 */
import type { Platform } from '../app/context.ts';
import type { Instruments } from '../app/instruments.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Message } from '../messages/model.ts';
import type { Notifier } from './delivery.ts';
import type { PlatformPauseOptions } from './platform-pause.ts';

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
  /**
   * Rows delivered at once, per platform and lane (OutboxLaneKind). A claim holds one row per conversation, so this many
   * conversations are in hand together; the notifiers' pacing keeps them under the platforms' rates.
   */
  concurrency?: number;
  /**
   * How long `stop()` waits for the deliveries in hand. Past it, stop returns and a row still in
   * hand stays pending: its lease is no longer renewed, so it comes back to whoever runs next.
   */
  stopDeadlineMs?: number;
  /** When 429s pause a platform (platform-pause.ts); tests name a stricter one. */
  pause?: PlatformPauseOptions;
};

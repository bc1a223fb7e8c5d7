/** What a platform notifier and the outbox worker say to each other, and how long a retry waits. */
import type { Platform } from '../app/context.ts';
import type { Instruments } from '../app/instruments.ts';
import type { OutboxTarget } from '../app/outbox.ts';
import type { Logger } from '../logger.ts';
import type { Message } from '../messages/model.ts';

export type MessageRef = Record<string, string>;

export type OutboxRow = {
  id: number;
  key: string;
  platform: Platform;
  target: OutboxTarget;
  message: Message;
  attempts: number;
  /** The inbound request that queued it, so its delivery's log lines carry the same id. */
  requestId: string | null;
  /** When an earlier attempt began whose outcome was never recorded (see outbox.attempt_started_at). */
  attemptStartedAt?: Date | string | null;
};

/** What a platform notifier reports for one delivery. */
export type DeliveryResult =
  | { status: 'sent'; ref?: MessageRef }
  /**
   * Transient: chat API down, 5xx, network. `afterMs` when the platform said how long to wait;
   * `rateLimited` for a 429, which the worker weighs before pausing the platform (platform-pause.ts).
   */
  | { status: 'retry'; error: string; afterMs?: number; rateLimited?: boolean }
  /** Not yet: the parent message is not delivered, or the channel's pace says wait. Not a failure. */
  | { status: 'blocked'; error: string; afterMs?: number }
  /** The platform refused the message itself: retrying cannot help. */
  | {
      status: 'failed';
      error: string /** The Slack scope or Lark permission the app lacks. */;
      missingPermission?: string;
    };

export type Notifier = {
  deliver(row: OutboxRow, refs: RefLookup): Promise<DeliveryResult>;
};

/** Where the message another outbox row posted is: sent (with its ref), still on its way, or never coming. */
export type RefState = { status: 'sent'; ref: MessageRef } | { status: 'pending' } | { status: 'gone' };

export type RefLookup = (key: string) => Promise<RefState>;

export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

/**
 * Full jitter (a random wait up to the backoff): after an outage, rows that failed together come
 * back spread out instead of hitting the recovered platform at once.
 */
export function jitteredBackoffMs(attempt: number, base: number, max: number, random = Math.random): number {
  return Math.round(random() * backoffMs(attempt, base, max));
}

/** Counts a recorded outcome for the metrics; a missing scope or permission is also named in the log. */
export function reportDelivery(
  to: { instruments: Instruments; logger: Logger },
  row: OutboxRow,
  result: DeliveryResult,
  maxAttempts: number,
): void {
  const { instruments } = to;
  if (result.status === 'blocked') return;
  if (result.status === 'sent') {
    instruments.delivered(row.platform, 'sent');
    if (row.key.startsWith('digest:')) instruments.morningMessages('sent', 1);
    return;
  }
  if (result.status === 'failed' && result.missingPermission) {
    instruments.missingPermission(row.platform, result.missingPermission);
    const lacks = row.platform === 'slack' ? 'Slack app lacks the scope' : 'Lark app lacks the permission';
    to.logger.error(
      { key: row.key, platform: row.platform, permission: result.missingPermission },
      `the ${lacks} ${result.missingPermission}: add it and reinstall the app (docs/deploy.md, "Upgrades")`,
    );
  }
  if (result.status === 'failed' || row.attempts >= maxAttempts)
    instruments.delivered(row.platform, 'failed');
  else instruments.delivered(row.platform, result.rateLimited ? 'rate_limited' : 'retried');
}

/** Lark drops a repeat of a `uuid` within an hour; past this, a resend could be a second copy. */
const LARK_UUID_WINDOW_MS = 55 * 60_000;

/**
 * A row claimed again while an earlier attempt's outcome was never recorded (the process died
 * during the call) may already be in the chat. Lark: resent within the uuid window, where Lark drops
 * the repeat; past it, given up loudly rather than sent blind. Slack rows are not decided here: the
 * Slack notifier looks for the message's outbox key in the conversation before posting again
 * (src/platforms/slack/landed.ts; README, "Delivered once — what holds today").
 */
export function earlierAttemptUnknown(row: OutboxRow): string | undefined {
  if (!row.attemptStartedAt || row.platform !== 'lark') return undefined;
  const age = Date.now() - new Date(row.attemptStartedAt).getTime();
  if (age <= LARK_UUID_WINDOW_MS) return undefined;
  return 'an earlier attempt may have been delivered and is past Lark’s one-hour uuid window: not sent again';
}

/** About 30 s of retries (0.25 s doubling to 5 s) before a write is given up. */
const OUTAGE_ATTEMPTS = 10;

/** Runs a database write again through a short outage (a blip, a failover) before giving up. */
export async function retryThroughOutage(
  work: () => Promise<void>,
  onRetry: (error: unknown, attempt: number) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= OUTAGE_ATTEMPTS) throw error;
      onRetry(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** (attempt - 1))));
    }
  }
}

/** A home row is drawn when delivered, not when queued: a burst of changes shows as one, up to date. */
export async function withHomeDrawn(
  row: OutboxRow,
  homeScreen: ((platform: Platform, userId: string) => Promise<Message | undefined>) | undefined,
): Promise<OutboxRow | undefined> {
  if (row.target.type !== 'home') return row;
  const message = await homeScreen?.(row.platform, row.target.userId);
  return message ? { ...row, message } : undefined;
}

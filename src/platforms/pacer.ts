/**
 * Keeps calls under a platform's rate: at most `limit` calls in any `windowMs`, the way Slack and
 * Lark count them (a sliding window of arrivals). Used by the notifiers, which share one pacer per
 * app or workspace across every delivery running at once.
 */
export type RateWindow = {
  /** Calls allowed per window. */
  limit: number;
  windowMs?: number;
  /**
   * Added to the window: a call is stamped when it is sent but counted by the platform when it
   * arrives, and an earlier call that arrives late would otherwise share a window with a later one.
   */
  marginMs?: number;
};

export type Pacer = {
  /**
   * Takes a slot now and returns 0, or returns how long until one frees up (taking nothing).
   * Callers that wait must ask again: others may take the slot meanwhile.
   */
  tryTake(now?: number): number;
  /** Waits for a slot and takes it; gives up (taking nothing) and returns the wait when it is over `maxWaitMs`. */
  take(maxWaitMs: number): Promise<number>;
};

export function createPacer(rate: RateWindow, clock: () => number = Date.now): Pacer {
  const windowMs = (rate.windowMs ?? 1000) + (rate.marginMs ?? 0);
  // The send times of the last `limit` calls, oldest first: a ring would do, but limits are small.
  const sent: number[] = [];

  function tryTake(now = clock()): number {
    if (sent.length < rate.limit) {
      sent.push(now);
      return 0;
    }
    const wait = sent[0]! + windowMs - now;
    if (wait > 0) return wait;
    sent.shift();
    sent.push(now);
    return 0;
  }

  async function take(maxWaitMs: number): Promise<number> {
    const started = clock();
    for (;;) {
      const wait = tryTake();
      if (wait === 0) return 0;
      // Measured from the first ask: a caller outrun by others again and again still gives up in time.
      const waited = clock() - started;
      if (waited + wait > maxWaitMs) return wait;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  return { tryTake, take };
}

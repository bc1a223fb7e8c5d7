/**
 * Keeps calls under a platform's rate: at most `limit` calls in any `windowMs`, the way Slack and
 * Lark count them (a sliding window of arrivals). Used by the notifiers, which share one pacer per
 * app or workspace across every delivery running at once.
 *
 * A call holds its slot from when it is let go until its answer comes back, and the window counts
 * from the answer: the platform saw the call at some moment in between, so the next call over the
 * limit cannot land in the same window however long the call took (a token fetch first, a busy
 * event loop). It costs one call's round trip per window, a few percent of the rate.
 */
export type RateWindow = {
  /** Calls allowed per window. */
  limit: number;
  windowMs?: number;
  /** Added to the window, for a platform whose clock runs apart from ours. */
  marginMs?: number;
};

/**
 * A slot taken: `done()` when the platform has answered (or the call failed); `done(false)` when it
 * refused the call with a 429, which it did not count against the window either.
 */
export type Slot = { done(counted?: boolean): void };

export type Pacer = {
  /** Takes a slot now, or returns how long until one may free up (taking nothing). */
  tryTake(): Slot | number;
  /** Waits for a slot and takes it; gives up (taking nothing) and returns the wait when it is over `maxWaitMs`. */
  take(maxWaitMs: number): Promise<Slot | number>;
};

/** Longer than any call is let take (the clients time out at 10 s). */
const STUCK_MS = 30_000;

export function createPacer(rate: RateWindow, clock: () => number = Date.now): Pacer {
  const windowMs = (rate.windowMs ?? 1000) + (rate.marginMs ?? 0);
  /** The latest `limit` calls: when each was answered, Infinity while in flight. */
  const answered: { at: number; taken: number }[] = [];
  // A slot never given back (a caller's bug) must not shrink the rate for good: past the longest
  // a call may take, it counts as answered.
  const answeredAt = (slot: { at: number; taken: number }) => Math.min(slot.at, slot.taken + STUCK_MS);

  function tryTake(): Slot | number {
    const now = clock();
    if (answered.length >= rate.limit) {
      let oldest = 0;
      for (let i = 1; i < answered.length; i++)
        if (answeredAt(answered[i]!) < answeredAt(answered[oldest]!)) oldest = i;
      const free = answeredAt(answered[oldest]!) + windowMs;
      // Still in flight: ask again shortly, an answer may come any moment.
      if (free > now) return answered[oldest]!.at === Number.POSITIVE_INFINITY ? 20 : free - now;
      answered.splice(oldest, 1);
    }
    const slot = { at: Number.POSITIVE_INFINITY, taken: now };
    answered.push(slot);
    return {
      done(counted = true) {
        if (Number.isFinite(slot.at)) return;
        if (counted) slot.at = clock();
        else if (answered.includes(slot)) answered.splice(answered.indexOf(slot), 1);
      },
    };
  }

  async function take(maxWaitMs: number): Promise<Slot | number> {
    const started = clock();
    for (;;) {
      const taken = tryTake();
      if (typeof taken !== 'number') return taken;
      // Measured from the first ask: a caller outrun by others again and again still gives up in time.
      if (clock() - started + taken > maxWaitMs) return taken;
      await new Promise((resolve) => setTimeout(resolve, taken));
    }
  }

  return { tryTake, take };
}

/**
 * A platform's rate limits as an emulator enforces them: at most `perKey` accepted calls to one
 * conversation or user, and `perApp` to the whole app or workspace, in any sliding window (1 s by
 * default); calls beyond that are refused with a 429. Optionally a share of the calls is refused at
 * random (seeded, so a run can be repeated), as a platform also does under load. Refused calls do
 * not count against the window. Shared by the Slack emulator and the tests' fake Lark.
 */
export type RateLimitOptions = {
  perKey?: number;
  perApp?: number;
  windowMs?: number;
  /** Share of calls (0–1) answered 429 at random, before the windows are looked at. */
  random429?: number;
  seed?: number;
};

export type RateVerdict =
  | { limited: false }
  | { limited: true; reason: 'key' | 'app' | 'random'; retryAfterSeconds: number };

/** mulberry32: small, fast, and the same sequence for the same seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RateLimiter {
  private readonly windowMs: number;
  private readonly random: () => number;
  private readonly byKey = new Map<string, number[]>();
  private readonly app: number[] = [];
  /** Calls refused so far, by reason. */
  readonly refused = { key: 0, app: 0, random: 0 };

  get perKey(): number | undefined {
    return this.options.perKey;
  }

  get perApp(): number | undefined {
    return this.options.perApp;
  }

  constructor(private readonly options: RateLimitOptions) {
    this.windowMs = options.windowMs ?? 1000;
    this.random = seeded(options.seed ?? 1);
  }

  /** Decides one call to `key` arriving `now`; an accepted call is counted. */
  check(key: string, now = Date.now()): RateVerdict {
    const since = now - this.windowMs;
    const forKey = this.byKey.get(key) ?? [];
    while (forKey.length > 0 && forKey[0]! <= since) forKey.shift();
    while (this.app.length > 0 && this.app[0]! <= since) this.app.shift();
    const { perKey, perApp, random429 } = this.options;
    const retryAfter = (oldest: number) => Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    if (random429 && this.random() < random429) {
      this.refused.random++;
      return { limited: true, reason: 'random', retryAfterSeconds: 1 };
    }
    if (perKey !== undefined && forKey.length >= perKey) {
      this.refused.key++;
      return { limited: true, reason: 'key', retryAfterSeconds: retryAfter(forKey[0]!) };
    }
    if (perApp !== undefined && this.app.length >= perApp) {
      this.refused.app++;
      return { limited: true, reason: 'app', retryAfterSeconds: retryAfter(this.app[0]!) };
    }
    forKey.push(now);
    this.byKey.set(key, forKey);
    this.app.push(now);
    // Keys with nothing in the window are forgotten, so thousands of conversations stay cheap.
    if (this.byKey.size > 10_000)
      for (const [name, times] of this.byKey)
        if (times.length === 0 || times.at(-1)! <= since) this.byKey.delete(name);
    return { limited: false };
  }
}

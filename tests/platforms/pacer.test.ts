import { describe, expect, it } from 'vitest';
import { createPlatformPause } from '../../src/jobs/platform-pause.ts';
import { createPacer, type Slot } from '../../src/platforms/pacer.ts';
import { RateLimiter } from '../../src/sandbox/emulator/rate-limits.ts';

const isSlot = (taken: Slot | number): taken is Slot => typeof taken !== 'number';

describe('pacer', () => {
  it('lets `limit` calls go, then waits a window counted from their answers', () => {
    let now = 1000;
    const pacer = createPacer({ limit: 3 }, () => now);
    const slots = [pacer.tryTake(), pacer.tryTake(), pacer.tryTake()];
    expect(slots.every(isSlot)).toBe(true);
    // All three still in flight: the fourth waits (and is told to ask again soon).
    expect(pacer.tryTake()).toBeGreaterThan(0);
    now = 1100;
    for (const slot of slots) if (isSlot(slot)) slot.done();
    // Counted from the answers at 1100, not from when they went at 1000.
    now = 2050;
    expect(pacer.tryTake()).toBe(50);
    now = 2100;
    expect(isSlot(pacer.tryTake())).toBe(true);
    expect(isSlot(pacer.tryTake())).toBe(true);
  });

  it('never lets more than `limit` answers fall in one window', () => {
    let now = 0;
    const pacer = createPacer({ limit: 5 }, () => now);
    const answers: number[] = [];
    // Calls asked for every 7 ms and answered 30 ms later, for 5 s.
    const inFlight: { slot: Slot; at: number }[] = [];
    for (; now < 5000; now++) {
      for (const call of inFlight.filter((c) => c.at === now)) {
        call.slot.done();
        answers.push(now);
      }
      if (now % 7 === 0) {
        const taken = pacer.tryTake();
        if (isSlot(taken)) inFlight.push({ slot: taken, at: now + 30 });
      }
    }
    for (const at of answers)
      expect(answers.filter((a) => a > at - 1000 && a <= at).length).toBeLessThanOrEqual(5);
    // And does not idle: close to 5 a second over the run.
    expect(answers.length).toBeGreaterThanOrEqual(22);
  });

  it('gives a refused call its slot back', () => {
    const now = 0;
    const pacer = createPacer({ limit: 1 }, () => now);
    const first = pacer.tryTake();
    if (!isSlot(first)) throw new Error('expected a slot');
    first.done(false);
    expect(isSlot(pacer.tryTake())).toBe(true);
  });

  it('take() waits for a slot, or gives up past its longest wait', async () => {
    const pacer = createPacer({ limit: 1, windowMs: 100 });
    const first = await pacer.take(0);
    if (!isSlot(first)) throw new Error('expected a slot');
    first.done();
    expect(typeof (await pacer.take(10))).toBe('number');
    const started = Date.now();
    expect(isSlot(await pacer.take(1000))).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
  });
});

describe('platform pause', () => {
  it('pauses a platform only when 429s are dense among its latest answers, and only that platform', () => {
    const pause = createPlatformPause({ window: 10, threshold: 3 });
    for (let i = 0; i < 8; i++) pause.answered('slack', false, 0, 0);
    pause.answered('slack', true, 2000, 0);
    pause.answered('slack', true, 2000, 0);
    expect(pause.isPaused('slack', 1)).toBe(false);
    pause.answered('slack', true, 2000, 0);
    expect(pause.isPaused('slack', 1)).toBe(true);
    expect(pause.isPaused('slack', 2000)).toBe(false);
    expect(pause.isPaused('lark', 1)).toBe(false);
  });

  it('stray 429s among many answers never pause', () => {
    const pause = createPlatformPause();
    for (let i = 0; i < 1000; i++) pause.answered('lark', i % 20 === 0, 1000, i);
    expect(pause.pausedUntil('lark')).toBe(0);
  });
});

describe('the fakes’ rate limits', () => {
  it('refuses beyond the per-key and app-wide windows, and counts only what it accepts', () => {
    const limiter = new RateLimiter({ perKey: 1, perApp: 3 });
    expect(limiter.check('a', 0).limited).toBe(false);
    expect(limiter.check('a', 500)).toEqual({ limited: true, reason: 'key', retryAfterSeconds: 1 });
    expect(limiter.check('b', 500).limited).toBe(false);
    expect(limiter.check('c', 600).limited).toBe(false);
    expect(limiter.check('d', 700)).toMatchObject({ limited: true, reason: 'app' });
    expect(limiter.check('a', 1000).limited).toBe(false);
    expect(limiter.refused).toEqual({ key: 1, app: 1, random: 0 });
  });

  it('refuses a seeded share at random, the same for the same seed', () => {
    const draw = (seed: number) => {
      const limiter = new RateLimiter({ random429: 0.05, seed });
      return Array.from({ length: 4000 }, (_, i) => limiter.check(`k${i}`, i).limited);
    };
    const refused = draw(7).filter(Boolean).length;
    expect(refused).toBeGreaterThan(150);
    expect(refused).toBeLessThan(250);
    expect(draw(7)).toEqual(draw(7));
  });
});

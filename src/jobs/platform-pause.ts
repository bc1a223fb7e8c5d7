import type { Platform } from '../app/context.ts';

/**
 * When a platform's 429s mean "this whole app is over its limit" rather than "this one
 * conversation is": then the platform pauses for the wait it named, and only that platform.
 *
 * Why not pause on every 429: a 429 is mostly one channel's or user's own limit (Slack's one post a
 * second per channel, Lark's five per user), and the notifiers already pace the app-wide rate, so a
 * stray one says little about the app. Pausing a platform for Slack's whole-second Retry-After on
 * each stray 429 would halve a morning's delivery at a few percent of them. The row that drew the
 * 429 waits as told either way, and with it the rest of its conversation. Many 429s among the
 * latest answers are the sign of an app-wide limit: then everything of that platform waits.
 */
export type PlatformPause = {
  /** Counts one answer of the platform; a 429 may pause it for `afterMs`. */
  answered(platform: Platform, rateLimited: boolean, afterMs: number, now?: number): void;
  pausedUntil(platform: Platform): number;
  isPaused(platform: Platform, now?: number): boolean;
};

export type PlatformPauseOptions = {
  /** How many of the latest answers are weighed. */
  window?: number;
  /** How many 429s among them pause the platform. */
  threshold?: number;
};

export function createPlatformPause(options: PlatformPauseOptions = {}): PlatformPause {
  const window = options.window ?? 20;
  const threshold = options.threshold ?? 5;
  const recent = new Map<Platform, boolean[]>();
  const until = new Map<Platform, number>();

  return {
    answered(platform, rateLimited, afterMs, now = Date.now()) {
      const answers = recent.get(platform) ?? [];
      answers.push(rateLimited);
      if (answers.length > window) answers.shift();
      recent.set(platform, answers);
      if (!rateLimited) return;
      if (answers.filter(Boolean).length < threshold) return;
      until.set(platform, Math.max(until.get(platform) ?? 0, now + afterMs));
      // A fresh start after the pause: the 429s that caused it are not counted twice.
      recent.set(platform, []);
    },
    pausedUntil: (platform) => until.get(platform) ?? 0,
    isPaused: (platform, now = Date.now()) => now < (until.get(platform) ?? 0),
  };
}

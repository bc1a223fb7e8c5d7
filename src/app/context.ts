import type { Locale } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** What every use case gets: the database, the time, a logger and the team defaults. */
export type AppDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  defaults: { timezone: string; locale: Locale; digestTime: string };
  /** Called after a transaction queued outbox rows, so the local worker delivers at once. */
  outboxQueued: () => void;
};

export type Platform = 'slack' | 'lark';

/** Who is acting, as the chat platform identifies them. */
export type Actor = { platform: Platform; userId: string; workspace?: string };

import type { Config, Locale } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { type Instruments, noInstruments } from './instruments.ts';

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
  /** What the service counts for its metrics (none in the CLI). */
  instruments: Instruments;
};

/**
 * The one place `AppDeps` is assembled (service, CLI, demo): team defaults come from the config;
 * `outboxQueued` wakes the local outbox worker where there is one (the CLI and the demo have none:
 * the running service delivers what they queue).
 */
export function createAppDeps(
  config: Pick<Config, 'DEFAULT_TIMEZONE' | 'DEFAULT_LOCALE' | 'DIGEST_TIME'>,
  parts: { db: Db; logger: Logger; clock?: Clock; outboxQueued?: () => void; instruments?: Instruments },
): AppDeps {
  return {
    db: parts.db,
    clock: parts.clock ?? systemClock,
    logger: parts.logger,
    defaults: {
      timezone: config.DEFAULT_TIMEZONE,
      locale: config.DEFAULT_LOCALE,
      digestTime: config.DIGEST_TIME,
    },
    outboxQueued: parts.outboxQueued ?? (() => {}),
    instruments: parts.instruments ?? noInstruments,
  };
}

export type Platform = 'slack' | 'lark';

/** Who is acting, as the chat platform identifies them. */
export type Actor = { platform: Platform; userId: string; workspace?: string };

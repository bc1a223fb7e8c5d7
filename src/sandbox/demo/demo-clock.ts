import type { AppDeps, Clock } from '../../app/context.ts';
import { runDigests } from '../../app/followups/morning-messages.ts';
import { asMember } from '../../app/members/members.ts';
import { calendarOf, loadSettings } from '../../app/members/team-settings.ts';
import { members } from '../../db/schema.ts';
import { type IsoDate, localDate, startOfLocalDay } from '../../domain/dates.ts';
import { isWorkingDate, nextWorkingDate } from '../../domain/working-time.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The sandbox's time: the wall clock shifted by an offset the demo moves forward ("advance one
 * day"), so follow-ups, reminders and escalations can be seen in minutes. It never goes back:
 * the product's exactly-once claims are per local date and must stay in the past once made.
 */
export class SandboxClock implements Clock {
  constructor(
    private offsetMs = 0,
    private readonly onChange: (offsetMs: number) => void = () => {},
  ) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (ms <= 0) return;
    this.offsetMs += ms;
    this.onChange(this.offsetMs);
  }

  /** Moves the clock forward to `at`; an instant already passed leaves it where it is. */
  moveTo(at: Date): void {
    this.advance(at.getTime() - this.now().getTime());
  }

  advanceDays(days: number): void {
    this.advance(days * DAY_MS);
  }

  /** Back to the wall clock: only once the demo's data (and its per-day claims) are wiped. */
  reset(): void {
    this.offsetMs = 0;
    this.onChange(0);
  }
}

/** The instant the wall clock in `zone` shows `hhmm` on `date`. */
export function localInstant(date: IsoDate, zone: string, hhmm: string): Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return new Date(startOfLocalDay(date, zone).getTime() + (hours * 60 + minutes) * 60_000);
}

export type MorningRun = { at: Date; queued: number; due: number };

/**
 * "Run the morning digest now": the product's digest pass (the one the scheduler runs every minute)
 * at the digest time of the current working day in each member's time zone — the next working day
 * when today is a weekend or holiday. When that time is still ahead the clock moves to it first, so
 * what follows happens after that morning, as it would.
 */
export async function runMorningDigest(deps: AppDeps, clock: SandboxClock): Promise<MorningRun> {
  const calendar = calendarOf(await loadSettings(deps.db));
  const rows = await deps.db.select().from(members);
  const zones = [
    ...new Set(rows.filter((row) => row.active).map((row) => asMember(row, deps.defaults).zone)),
  ];
  const now = clock.now();
  const instants = zones
    .map((zone) => {
      const today = localDate(now, zone);
      const day = isWorkingDate(today, calendar) ? today : nextWorkingDate(today, calendar);
      return localInstant(day, zone, deps.defaults.digestTime);
    })
    .sort((a, b) => a.getTime() - b.getTime());
  let queued = 0;
  let due = 0;
  let at = now;
  for (const instant of instants) {
    clock.moveTo(instant);
    at = instant;
    const result = await runDigests(deps, { at: instant });
    queued += result.queued;
    due += result.due;
  }
  return { at, queued, due };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE, followUpAfterVisit } from '../../src/domain/cadence.ts';
import { addDays, type IsoDate, localDate, startOfLocalDay, wallClock } from '../../src/domain/dates.ts';
import { parseNextDate } from '../../src/domain/grammar.ts';
import { TIERS } from '../../src/domain/vocabulary.ts';
import {
  DEFAULT_CALENDAR,
  isWorkingDate,
  nextWorkingDate,
  onOrAfterWorkingDate,
  previousWorkingDate,
  type WorkingCalendar,
} from '../../src/domain/working-time.ts';

const BASE = '2024-01-01';
/** Any date from 2024 to 2031: leap years, and DST switches in every zone that has them. */
const isoDate = fc.integer({ min: 0, max: 8 * 366 }).map((days) => addDays(BASE, days));

/**
 * A team calendar around `date`: at least one working weekday (with none, a computed date has
 * nowhere to land), holidays, long festivals and make-up working days (调休) in the weeks after it,
 * some days both a holiday and a make-up day.
 */
function calendarAround(date: IsoDate): fc.Arbitrary<WorkingCalendar> {
  const near = fc.integer({ min: -7, max: 45 }).map((days) => addDays(date, days));
  return fc
    .record({
      workingDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      holidays: fc.array(near, { maxLength: 25 }),
      runs: fc.array(fc.tuple(near, fc.integer({ min: 1, max: 21 })), { maxLength: 2 }),
      extra: fc.array(near, { maxLength: 6 }),
    })
    .map(({ workingDays, holidays, runs, extra }) => ({
      ...DEFAULT_CALENDAR,
      workingDays,
      // Long festivals as well as single days off: Spring Festival is a week, some teams close for three.
      holidays: new Set([
        ...holidays,
        ...runs.flatMap(([from, length]) => Array.from({ length }, (_, i) => addDays(from, i))),
      ]),
      extraWorkingDays: new Set(extra),
    }));
}

/** A date and a calendar whose days off are around it; now and then the plain Monday–Friday week. */
const dateAndCalendar = isoDate.chain((date) =>
  fc.tuple(
    fc.constant(date),
    fc.oneof({ weight: 4, arbitrary: calendarAround(date) }, fc.constant(DEFAULT_CALENDAR)),
  ),
);

/** `landed` is the first working day on or after `from`: working, not earlier, nothing working skipped. */
function expectFirstWorkingDay(landed: IsoDate, from: IsoDate, cal: WorkingCalendar) {
  expect(isWorkingDate(landed, cal), `${landed} is a day off`).toBe(true);
  expect(landed >= from).toBe(true);
  for (let day = from; day < landed; day = addDays(day, 1)) {
    expect(isWorkingDate(day, cal), `${day} was working but skipped`).toBe(false);
  }
}

const RUNS = 300;

describe('computed dates land on working days (properties)', () => {
  it('onOrAfterWorkingDate: the first working day on or after the date', () => {
    fc.assert(
      fc.property(dateAndCalendar, ([date, cal]) => {
        expectFirstWorkingDay(onOrAfterWorkingDate(date, cal), date, cal);
      }),
      { numRuns: RUNS },
    );
  });

  it('next and previous working days are working, with only days off between', () => {
    fc.assert(
      fc.property(dateAndCalendar, ([date, cal]) => {
        const next = nextWorkingDate(date, cal);
        expectFirstWorkingDay(next, addDays(date, 1), cal);
        const previous = previousWorkingDate(date, cal);
        expect(isWorkingDate(previous, cal)).toBe(true);
        expect(previous < date).toBe(true);
        for (let day = addDays(previous, 1); day < date; day = addDays(day, 1))
          expect(isWorkingDate(day, cal)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('a follow-up after a visit is the tier’s cadence rolled to the first working day', () => {
    fc.assert(
      fc.property(dateAndCalendar, fc.constantFrom(...TIERS), ([visited, cal], tier) => {
        const due = followUpAfterVisit(visited, tier, DEFAULT_CADENCE, cal);
        expectFirstWorkingDay(due, addDays(visited, DEFAULT_CADENCE[tier]), cal);
      }),
      { numRuns: RUNS },
    );
  });

  it('next:+N (days, weeks, 天, 周) lands on the first working day from today + N', () => {
    const relative = fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 800 })),
      fc.constantFrom('', 'd', 'D', 'w', 'W', '天', '周'),
    );
    fc.assert(
      fc.property(dateAndCalendar, relative, ([today, cal], [n, unit]) => {
        const days = n * (/[wW周]/.test(unit) ? 7 : 1);
        const parsed = parseNextDate(`+${n}${unit}`, today, cal);
        if (days > 732) {
          expect(parsed).toMatchObject({ ok: false, error: { code: 'date_invalid' } });
          return;
        }
        if (!parsed.ok) throw new Error(`+${n}${unit}: ${parsed.error.code}`);
        expectFirstWorkingDay(parsed.value, addDays(today, days), cal);
      }),
      { numRuns: RUNS },
    );
  });

  it('a date typed out is the rep’s choice: kept as typed even on a day off', () => {
    fc.assert(
      fc.property(dateAndCalendar, fc.integer({ min: 0, max: 732 }), ([today, cal], ahead) => {
        const typed = addDays(today, ahead);
        expect(parseNextDate(typed, today, cal)).toEqual({ ok: true, value: typed });
      }),
      { numRuns: RUNS },
    );
  });

  it('any other next: value gives a coded error, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 16 }), isoDate, (value, today) => {
        const parsed = parseNextDate(value, today, DEFAULT_CALENDAR);
        if (parsed.ok) expect(parsed.value >= today).toBe(true);
        else expect(['date_invalid', 'date_in_past']).toContain(parsed.error.code);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('weekends, holidays and make-up days', () => {
  // A National Day week the Chinese way: 1–7 October off, Sunday 27 September and Saturday 10 October worked.
  const china: WorkingCalendar = {
    ...DEFAULT_CALENDAR,
    holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
    extraWorkingDays: new Set(['2026-09-27', '2026-10-10']),
  };

  it('counts a make-up Saturday as a working day and the holiday week as days off', () => {
    expect(isWorkingDate('2026-10-10', china)).toBe(true); // a Saturday
    expect(isWorkingDate('2026-10-10', DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingDate('2026-10-05', china)).toBe(false); // a Monday
    // Visited on Thursday 8 October, tier A: three days on is Sunday 11th → Monday 12th…
    expect(followUpAfterVisit('2026-10-08', 'A', DEFAULT_CADENCE, DEFAULT_CALENDAR)).toBe('2026-10-12');
    // …and from Wednesday 30 September it is Saturday 3 October, in the holiday: Thursday 8th.
    expect(followUpAfterVisit('2026-09-30', 'A', DEFAULT_CADENCE, china)).toBe('2026-10-08');
    // +2d from Thursday 8 October is the make-up Saturday itself.
    expect(parseNextDate('+2d', '2026-10-08', china)).toEqual({ ok: true, value: '2026-10-10' });
    expect(parseNextDate('+2d', '2026-10-08', DEFAULT_CALENDAR)).toEqual({ ok: true, value: '2026-10-12' });
  });

  it('keeps a typed date in the holiday, and it is not a working day (the reply flags it)', () => {
    expect(parseNextDate('2026-10-05', '2026-09-28', china)).toEqual({ ok: true, value: '2026-10-05' });
    expect(isWorkingDate('2026-10-05', china)).toBe(false);
  });

  it('a make-up day that is also listed as a holiday is worked (调休 wins)', () => {
    const both = { ...china, holidays: new Set([...china.holidays, '2026-10-10']) };
    expect(isWorkingDate('2026-10-10', both)).toBe(true);
  });
});

/** Zones with DST (north and south), one without, and one whose spring switch skips midnight itself. */
const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'America/Santiago',
  'Asia/Shanghai',
  'America/Sao_Paulo',
];

const offsetAt = (at: Date, zone: string) =>
  Date.parse(`${localDate(at, zone)}T${wallClock(at, zone)}Z`) - at.getTime();

/** The days around each zone's clock switches from 2024 to 2031: where random dates rarely fall. */
const SWITCH_DAYS: [IsoDate, string][] = ZONES.flatMap((zone) => {
  const days: [IsoDate, string][] = [];
  for (let day = BASE; day < '2032-01-01'; day = addDays(day, 1)) {
    const noon = (d: IsoDate) => new Date(`${d}T12:00:00Z`);
    if (offsetAt(noon(day), zone) !== offsetAt(noon(addDays(day, 1)), zone))
      days.push([day, zone], [addDays(day, 1), zone], [addDays(day, 2), zone]);
  }
  return days;
});

const dateInZone = fc.oneof(fc.tuple(isoDate, fc.constantFrom(...ZONES)), fc.constantFrom(...SWITCH_DAYS));

describe('time zones with daylight saving time', () => {
  it('New York: local dates, start of day and day length around both switches of 2026', () => {
    const zone = 'America/New_York';
    // Spring forward: Sunday 8 March 2026 02:00 EST → 03:00 EDT.
    expect(localDate(new Date('2026-03-08T04:59:59Z'), zone)).toBe('2026-03-07');
    expect(localDate(new Date('2026-03-08T05:00:00Z'), zone)).toBe('2026-03-08');
    expect(localDate(new Date('2026-03-09T03:59:59Z'), zone)).toBe('2026-03-08'); // 23:59:59 EDT
    expect(localDate(new Date('2026-03-09T04:00:00Z'), zone)).toBe('2026-03-09');
    expect(startOfLocalDay('2026-03-08', zone).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', zone).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    // Fall back: Sunday 1 November 2026 02:00 EDT → 01:00 EST, a 25-hour day.
    expect(startOfLocalDay('2026-11-01', zone).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDay('2026-11-02', zone).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(localDate(new Date('2026-11-02T04:30:00Z'), zone)).toBe('2026-11-01'); // 23:30 EST
  });

  it('Berlin: the day of each switch starts at its own local midnight', () => {
    const zone = 'Europe/Berlin';
    expect(startOfLocalDay('2026-03-29', zone).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', zone).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-25', zone).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-26', zone).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    // "Today" for a Berlin rep at 00:30 local on the spring switch day.
    expect(localDate(new Date('2026-03-28T23:30:00Z'), zone)).toBe('2026-03-29');
  });

  it('Santiago: when the clocks skip midnight, the day starts at 01:00', () => {
    // Chile moved to summer time at 00:00 on Sunday 6 September 2026 (→ 01:00).
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(wallClock(start, 'America/Santiago')).toBe('01:00:00');
    expect(localDate(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('finds the clock switches to test around', () => {
    // Four DST zones, two switches a year, eight years: the property below is fed these days.
    expect(SWITCH_DAYS.length).toBeGreaterThanOrEqual(4 * 2 * 8 * 3);
  });

  it('start of any local day, in any zone: that date begins there and the instant before is the day before', () => {
    fc.assert(
      fc.property(dateInZone, ([date, zone]) => {
        const start = startOfLocalDay(date, zone);
        expect(localDate(start, zone), `${date} in ${zone}`).toBe(date);
        expect(localDate(new Date(start.getTime() - 1), zone), `${date} in ${zone}`).toBe(addDays(date, -1));
        // A day lasts 23 to 25 hours, and the next one starts where it ends.
        const hours = (startOfLocalDay(addDays(date, 1), zone).getTime() - start.getTime()) / 3_600_000;
        expect([23, 24, 25]).toContain(hours);
      }),
      { numRuns: RUNS },
    );
  });

  it('today, at any instant: the zone’s calendar date, one day apart at most from UTC', () => {
    const instant = fc.integer({
      min: Date.parse('2024-01-01T00:00:00Z'),
      max: Date.parse('2031-12-31T00:00:00Z'),
    });
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, zone) => {
        const at = new Date(ms);
        const today = localDate(at, zone);
        const start = startOfLocalDay(today, zone);
        expect(start.getTime()).toBeLessThanOrEqual(ms);
        expect(startOfLocalDay(addDays(today, 1), zone).getTime()).toBeGreaterThan(ms);
        const utc = at.toISOString().slice(0, 10);
        expect([addDays(utc, -1), utc, addDays(utc, 1)]).toContain(today);
      }),
      { numRuns: RUNS },
    );
  });
});

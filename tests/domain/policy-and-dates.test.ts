import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthdayDates } from '../../src/app/followups/rep-digest.ts';
import { DEFAULT_CADENCE, followUpAfterVisit } from '../../src/domain/cadence.ts';
import { addDays, isValidIsoDate, localDate, weekday } from '../../src/domain/dates.ts';
import { priceAfterDiscount, routeDiscount } from '../../src/domain/discount-policy.ts';
import {
  DEFAULT_CALENDAR,
  isWorkingDate,
  nextWorkingDate,
  previousWorkingDate,
  workingMinutesBetween,
} from '../../src/domain/working-time.ts';

describe('default discount policy', () => {
  it('auto-approves up to 5 %, one approver to 15 %, two to 30 %, refuses above', () => {
    expect(routeDiscount(5)).toEqual({ kind: 'auto' });
    expect(routeDiscount(5.01)).toEqual({ kind: 'chain', levels: 1 });
    expect(routeDiscount(15)).toEqual({ kind: 'chain', levels: 1 });
    expect(routeDiscount(15.5)).toEqual({ kind: 'chain', levels: 2 });
    expect(routeDiscount(30)).toEqual({ kind: 'chain', levels: 2 });
    expect(routeDiscount(30.01)).toEqual({ kind: 'refused', ceiling: 30 });
  });

  it('computes the resulting price to the cent', () => {
    expect(priceAfterDiscount(120000, 10)).toBe(108000);
    expect(priceAfterDiscount(99.99, 12.5)).toBe(87.49);
  });
});

describe('dates and cadence', () => {
  it('follows up by tier: A 3, B 7, C 14, D 30 days, on a working day', () => {
    const after = (tier: string) =>
      followUpAfterVisit('2026-11-20', tier as 'A', DEFAULT_CADENCE, DEFAULT_CALENDAR);
    // D: 30 days after Friday 20 November is Sunday 20 December, so Monday 21st.
    expect(['A', 'B', 'C', 'D'].map(after)).toEqual(['2026-11-23', '2026-11-27', '2026-12-04', '2026-12-21']);
  });

  it('never lands a tier cadence on a weekend or holiday, and counts make-up working days (调休)', () => {
    const thursday = '2026-11-19';
    // A: three days after a Thursday is a Sunday.
    expect(followUpAfterVisit(thursday, 'A', DEFAULT_CADENCE, DEFAULT_CALENDAR)).toBe('2026-11-23');
    const festival = {
      ...DEFAULT_CALENDAR,
      holidays: new Set(['2026-11-23', '2026-11-24']),
      extraWorkingDays: new Set(['2026-11-22']),
    };
    // The Sunday is worked to bridge the holiday: the follow-up is due that day.
    expect(followUpAfterVisit(thursday, 'A', DEFAULT_CADENCE, festival)).toBe('2026-11-22');
    const noMakeUp = { ...festival, extraWorkingDays: new Set<string>() };
    expect(followUpAfterVisit(thursday, 'A', DEFAULT_CADENCE, noMakeUp)).toBe('2026-11-25');
    expect(isWorkingDate('2026-11-22', festival)).toBe(true);
    expect(nextWorkingDate('2026-11-21', festival)).toBe('2026-11-22');
    expect(previousWorkingDate('2026-11-25', festival)).toBe('2026-11-22');
  });

  it('knows the local date on both sides of UTC', () => {
    const at = new Date('2026-11-20T23:30:00Z');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-21');
    expect(localDate(at, 'America/Los_Angeles')).toBe('2026-11-20');
  });

  it('skips weekends for the next working day and validates calendar dates', () => {
    expect(nextWorkingDate('2026-11-20', DEFAULT_CALENDAR)).toBe('2026-11-23');
    expect(nextWorkingDate('2026-11-20', { ...DEFAULT_CALENDAR, holidays: new Set(['2026-11-23']) })).toBe(
      '2026-11-24',
    );
    expect(previousWorkingDate('2026-11-23', DEFAULT_CALENDAR)).toBe('2026-11-20');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2026-11-20', 400)).toBe('2027-12-25');
    expect(addDays('0999-12-31', 1)).toBe('1000-01-01');
    expect(isValidIsoDate('2028-02-29')).toBe(true);
    expect(isValidIsoDate('2026-02-29')).toBe(false);
  });
});

describe('calendar arithmetic', () => {
  it('adds days and names weekdays as the calendar does, across months, leap years and centuries', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1) / day, max: Date.UTC(2200, 11, 31) / day }),
        fc.integer({ min: -1000, max: 1000 }),
        (start, days) => {
          const date = new Date(start * day).toISOString().slice(0, 10);
          expect(addDays(date, days)).toBe(new Date((start + days) * day).toISOString().slice(0, 10));
          // 1970-01-01 was a Thursday (4).
          expect(weekday(date)).toBe((((start + 4) % 7) + 7) % 7);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('working hours', () => {
  it('counts only 09:00–18:00 on working days, in the given zone', () => {
    const monday10 = new Date('2026-11-23T02:00:00Z'); // 10:00 in Shanghai
    expect(
      workingMinutesBetween(monday10, new Date('2026-11-23T06:00:00Z'), 'Asia/Shanghai', DEFAULT_CALENDAR),
    ).toBe(240);
    // Monday 10:00 → Tuesday 10:00: 8 h on Monday, 1 h on Tuesday.
    expect(
      workingMinutesBetween(monday10, new Date('2026-11-24T02:00:00Z'), 'Asia/Shanghai', DEFAULT_CALENDAR),
    ).toBe(540);
    // Friday 17:00 → Monday 10:00: 1 h + 1 h, the weekend does not count.
    expect(
      workingMinutesBetween(
        new Date('2026-11-27T09:00:00Z'),
        new Date('2026-11-30T02:00:00Z'),
        'Asia/Shanghai',
        DEFAULT_CALENDAR,
      ),
    ).toBe(120);
  });
});

describe('birthdays to announce', () => {
  it('announces the day itself and, on the working day before, the days up to the next working day', () => {
    expect(birthdayDates('2026-11-20', DEFAULT_CALENDAR).map((d) => d.md)).toEqual([
      '11-20',
      '11-21',
      '11-22',
      '11-23',
    ]);
    expect(
      birthdayDates('2026-11-23', DEFAULT_CALENDAR)
        .filter((d) => d.today)
        .map((d) => d.md),
    ).toEqual(['11-23']);
  });

  it('celebrates 29 February on the 28th in years without one', () => {
    expect(birthdayDates('2027-02-26', DEFAULT_CALENDAR).map((d) => d.md)).toContain('02-29');
    expect(birthdayDates('2028-02-25', DEFAULT_CALENDAR).map((d) => d.md)).not.toContain('02-29');
  });
});

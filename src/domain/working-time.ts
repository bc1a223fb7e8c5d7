import { addDays, type IsoDate, localDate, wallClock, weekday } from './dates.ts';

/**
 * When a team works: weekdays (0 = Sunday), hours of the day, dates off, and make-up working days
 * (调休: a Saturday worked to bridge a holiday) that count as working whatever their weekday.
 */
export type WorkingCalendar = {
  workingDays: readonly number[];
  holidays: ReadonlySet<IsoDate>;
  extraWorkingDays: ReadonlySet<IsoDate>;
  dayStart: string; // HH:MM
  dayEnd: string; // HH:MM
};

export const DEFAULT_CALENDAR: WorkingCalendar = {
  workingDays: [1, 2, 3, 4, 5],
  holidays: new Set(),
  extraWorkingDays: new Set(),
  dayStart: '09:00',
  dayEnd: '18:00',
};

export function isWorkingDate(date: IsoDate, calendar: WorkingCalendar): boolean {
  if (calendar.extraWorkingDays.has(date)) return true;
  return calendar.workingDays.includes(weekday(date)) && !calendar.holidays.has(date);
}

/** `date` itself when it is a working day, else the next one: where a computed date may land. */
export function onOrAfterWorkingDate(date: IsoDate, calendar: WorkingCalendar): IsoDate {
  return isWorkingDate(date, calendar) ? date : nextWorkingDate(date, calendar);
}

export function previousWorkingDate(date: IsoDate, calendar: WorkingCalendar): IsoDate {
  let day = addDays(date, -1);
  for (let i = 0; i < 366 && !isWorkingDate(day, calendar); i++) day = addDays(day, -1);
  return day;
}

export function nextWorkingDate(date: IsoDate, calendar: WorkingCalendar): IsoDate {
  let day = addDays(date, 1);
  for (let i = 0; i < 366 && !isWorkingDate(day, calendar); i++) day = addDays(day, 1);
  return day;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A working day's length in minutes, as the calendar defines it (at least one). */
export const workingDayMinutes = (calendar: WorkingCalendar) =>
  Math.max(1, minutesOf(calendar.dayEnd) - minutesOf(calendar.dayStart));

/** Minutes since local midnight at `at` in `timeZone` (DST-aware: read off the wall clock). */
export function localMinutes(at: Date, timeZone: string): number {
  const [hours, minutes] = wallClock(at, timeZone).split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Local wall-clock "HH:MM" at `at` has been reached today in `timeZone`. */
export function isAtOrAfter(at: Date, timeZone: string, hhmm: string): boolean {
  return localMinutes(at, timeZone) >= minutesOf(hhmm);
}

/**
 * Working minutes between two instants in the approver's zone: only working days, only inside the
 * working hours. Walks day by day, bounded to a year, so a long-forgotten request stays cheap.
 */
export function workingMinutesBetween(
  from: Date,
  to: Date,
  timeZone: string,
  calendar: WorkingCalendar,
): number {
  if (to <= from) return 0;
  const start = minutesOf(calendar.dayStart);
  const end = minutesOf(calendar.dayEnd);
  const firstDay = localDate(from, timeZone);
  const lastDay = localDate(to, timeZone);
  let total = 0;
  let day = firstDay;
  for (let i = 0; i < 366; i++) {
    if (isWorkingDate(day, calendar)) {
      const open = day === firstDay ? Math.max(start, localMinutes(from, timeZone)) : start;
      const close = day === lastDay ? Math.min(end, localMinutes(to, timeZone)) : end;
      if (close > open) total += close - open;
    }
    if (day === lastDay) break;
    day = addDays(day, 1);
  }
  return total;
}

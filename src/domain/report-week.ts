/** Which week the weekly report speaks of, and the day it is sent (README, "Weekly report"). */
import { addDays, type IsoDate, weekday } from './dates.ts';
import { isWorkingDate, type WorkingCalendar } from './working-time.ts';

/** Monday of the week `date` falls in: weeks run Monday to Sunday. */
export const mondayOf = (date: IsoDate): IsoDate => addDays(date, -((weekday(date) + 6) % 7));

/** The week before `date`'s week, Monday to Sunday. */
export function pastWeek(date: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = addDays(mondayOf(date), -7);
  return { from, to: addDays(from, 6) };
}

/** `date` is a working day and no earlier day of its week was (Tuesday when Monday is a holiday). */
export function isFirstWorkingDayOfWeek(date: IsoDate, calendar: WorkingCalendar): boolean {
  if (!isWorkingDate(date, calendar)) return false;
  for (let day = mondayOf(date); day < date; day = addDays(day, 1))
    if (isWorkingDate(day, calendar)) return false;
  return true;
}

/** The working days from `from` to `to`, both inclusive, in order: the charts' x axis. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: WorkingCalendar): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) if (isWorkingDate(day, calendar)) days.push(day);
  return days;
}

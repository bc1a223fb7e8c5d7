/**
 * Importing a year's holidays and make-up working days (README, "Working days and holidays"): the
 * year the file is about is replaced in the team settings; other years stay as they are.
 */
import type { Db } from '../../db/client.ts';
import {
  type CalendarDay,
  CalendarFileError,
  contradiction,
  parseDayKind,
  parseIcsCalendar,
  yearOf,
} from '../../domain/calendar-file.ts';
import { isValidIsoDate } from '../../domain/dates.ts';
import { audit } from '../audit.ts';
import { parseCsv } from '../imports/csv.ts';
import { transaction } from '../transaction.ts';
import { loadSettings, saveSettings } from './team-settings.ts';

const unique = (dates: string[]) => [...new Set(dates)].sort();

export type CalendarImport = { year: string; holidays: number; workdays: number };

/** CSV with a header `date,type[,name]`: one row per day, type holiday (休) or workday (班). */
function parseCalendarCsv(text: string): CalendarDay[] {
  const [header, ...records] = parseCsv(text);
  const columns = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  const dateAt = columns.indexOf('date');
  const typeAt = columns.indexOf('type');
  if (dateAt < 0 || typeAt < 0) throw new CalendarFileError(1, 'the header needs the columns date and type');
  const nameAt = columns.indexOf('name');
  const days = records.map(({ row, fields }) => {
    const date = (fields[dateAt] ?? '').trim();
    if (!isValidIsoDate(date)) throw new CalendarFileError(row, `date "${date}" is not YYYY-MM-DD`);
    const typed = (fields[typeAt] ?? '').trim();
    const kind = parseDayKind(typed);
    if (!kind) throw new CalendarFileError(row, `type "${typed}" is not holiday or workday (休 or 班)`);
    return { date, kind, name: nameAt < 0 ? '' : (fields[nameAt] ?? '').trim(), row };
  });
  if (days.length === 0) throw new CalendarFileError(2, 'no days listed');
  return days;
}

/** An ICS file (by name or by content) or a CSV. */
export function parseCalendarFile(fileName: string, text: string): CalendarDay[] {
  const ics = /\.ics$/i.test(fileName) || /^\s*BEGIN:VCALENDAR/i.test(text);
  const days = ics ? parseIcsCalendar(text) : parseCalendarCsv(text);
  const clash = contradiction(days);
  if (clash)
    throw new CalendarFileError(clash.row, `${clash.date} is listed both as a holiday and as a working day`);
  return days;
}

/** Replaces the holidays and make-up days of the file's years, in one write, audited. */
export async function importWorkingCalendar(db: Db, days: CalendarDay[], now: Date): Promise<CalendarImport> {
  const year = yearOf(days);
  const inFileYear = (date: string) => date.startsWith(`${year}-`);
  const listed = (kind: CalendarDay['kind']) => [
    ...new Set(days.filter((d) => d.kind === kind).map((d) => d.date)),
  ];
  const holidays = listed('holiday');
  const workdays = listed('workday');
  return transaction(db, async (tx) => {
    const current = await loadSettings(tx);
    const next = {
      ...current,
      // A date listed now wins over the opposite kind it had; a neighbouring year's other dates stay.
      holidays: unique([
        ...current.holidays.filter((d) => !inFileYear(d) && !workdays.includes(d)),
        ...holidays,
      ]),
      extraWorkingDays: unique([
        ...current.extraWorkingDays.filter((d) => !inFileYear(d) && !holidays.includes(d)),
        ...workdays,
      ]),
    };
    await saveSettings(tx, next);
    await audit(tx, [
      {
        at: now,
        actorId: null,
        action: 'calendar.imported',
        entity: 'settings',
        entityId: 0,
        before: { holidays: current.holidays, extraWorkingDays: current.extraWorkingDays },
        after: { year, holidays, extraWorkingDays: workdays },
      },
    ]);
    return { year, holidays: holidays.length, workdays: workdays.length };
  });
}

/**
 * A year's days off and make-up working days (调休) as published: an ICS feed or a small CSV
 * (README, "Working days and holidays"). Pure reading; the team settings keep the result.
 */
import { addDays, type IsoDate, isValidIsoDate } from './dates.ts';

export type CalendarDayKind = 'holiday' | 'workday';
export type CalendarDay = { date: IsoDate; kind: CalendarDayKind; name: string; row: number };

/** A calendar file refused at a line (ICS) or row (CSV), saying what to fix. */
export class CalendarFileError extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(`line ${at}: ${reason}`);
  }
}

const WORKDAY_WORDS = /补班|上班|(^|[\s(（-])班($|[\s)）])|make-?up|working ?day|workday|work day/i;
const CSV_KINDS: Record<string, CalendarDayKind> = {
  holiday: 'holiday',
  off: 'holiday',
  休: 'holiday',
  假: 'holiday',
  workday: 'workday',
  work: 'workday',
  'make-up': 'workday',
  班: 'workday',
  补班: 'workday',
};

/** The CSV `type` column: holiday/off/休 or workday/make-up/班. */
export function parseDayKind(text: string): CalendarDayKind | undefined {
  return CSV_KINDS[text.trim().toLowerCase()];
}

/** RFC 5545 folds long lines: a line starting with a space or tab continues the previous one. */
function unfold(text: string): { line: string; at: number }[] {
  const lines: { line: string; at: number }[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    if (/^[ \t]/.test(raw) && lines.length > 0) lines[lines.length - 1]!.line += raw.slice(1);
    else lines.push({ line: raw, at: index + 1 });
  });
  return lines;
}

/** `20270217` or `20270217T000000Z` → `2027-02-17` (the date as published; times are ignored). */
function icsDate(value: string, at: number): IsoDate {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value.trim());
  const date = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  if (!isValidIsoDate(date)) throw new CalendarFileError(at, `"${value}" is not a date (YYYYMMDD)`);
  return date;
}

const icsText = (text: string) => text.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ');

/**
 * Every day of every all-day event. An event whose summary says it is worked (补班, 上班, 班,
 * make-up, working day) is a make-up working day; any other event is a day off. DTEND is exclusive.
 */
export function parseIcsCalendar(text: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  let event: { start?: IsoDate; end?: IsoDate; summary: string; at: number } | undefined;
  for (const { line, at } of unfold(text)) {
    const colon = line.indexOf(':');
    const name = (colon < 0 ? line : line.slice(0, colon)).split(';')[0]!.toUpperCase();
    const value = colon < 0 ? '' : line.slice(colon + 1);
    if (name === 'BEGIN' && value.toUpperCase() === 'VEVENT') event = { summary: '', at };
    else if (!event) continue;
    else if (name === 'DTSTART') event.start = icsDate(value, at);
    else if (name === 'DTEND') event.end = icsDate(value, at);
    else if (name === 'SUMMARY') event.summary = icsText(value).trim();
    else if (name === 'END' && value.toUpperCase() === 'VEVENT') {
      if (!event.start) throw new CalendarFileError(event.at, 'an event without DTSTART');
      const kind: CalendarDayKind = WORKDAY_WORDS.test(event.summary) ? 'workday' : 'holiday';
      const last = event.end && event.end > event.start ? addDays(event.end, -1) : event.start;
      for (let day = event.start, n = 0; day <= last && n < 366; day = addDays(day, 1), n++) {
        days.push({ date: day, kind, name: event.summary, row: event.at });
      }
      event = undefined;
    }
  }
  if (days.length === 0) throw new CalendarFileError(1, 'no all-day events (VEVENT with DTSTART) found');
  return days;
}

/** The years a calendar file speaks for: each is replaced whole when it is imported. */
export function yearsOf(days: readonly CalendarDay[]): string[] {
  return [...new Set(days.map((day) => day.date.slice(0, 4)))].sort();
}

/** A date listed both as a day off and as a working day is a mistake in the file: refused. */
export function contradiction(days: readonly CalendarDay[]): CalendarDay | undefined {
  const kinds = new Map<IsoDate, CalendarDayKind>();
  for (const day of days) {
    const seen = kinds.get(day.date);
    if (seen && seen !== day.kind) return day;
    kinds.set(day.date, day.kind);
  }
  return undefined;
}

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
/** Words that mark a day off: when a feed marks its days, an event marked neither way is an observance. */
const HOLIDAY_WORDS = /放假|休息|假期|(^|[\s(（-])[休假]($|[\s)）])|holiday|day off|bank holiday/i;
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
  const events: { start: IsoDate; end: IsoDate | undefined; summary: string; at: number }[] = [];
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
      events.push({ start: event.start, end: event.end, summary: event.summary, at: event.at });
      event = undefined;
    }
  }
  if (events.length === 0) throw new CalendarFileError(1, 'no all-day events (VEVENT with DTSTART) found');
  // A feed that marks its days off (休, 放假, holiday) lists observances too (教师节, 腊八): those
  // marked neither way are not days off. A feed that does not mark its days off lists only them.
  const marked = events.some((e) => HOLIDAY_WORDS.test(e.summary));
  const days: CalendarDay[] = [];
  for (const { start, end, summary, at } of events) {
    // "春节放假，2月18日上班" is a holiday that says when work resumes, not a working day.
    const kind: CalendarDayKind | undefined = HOLIDAY_WORDS.test(summary)
      ? 'holiday'
      : WORKDAY_WORDS.test(summary)
        ? 'workday'
        : marked
          ? undefined
          : 'holiday';
    if (!kind) continue;
    const last = end && end > start ? addDays(end, -1) : start;
    for (let day = start, n = 0; day <= last && n < 366; day = addDays(day, 1), n++) {
      days.push({ date: day, kind, name: summary, row: at });
    }
  }
  return days;
}

/**
 * The year a calendar file speaks for — the one most of its days fall in — replaced whole when it
 * is imported. Days of a neighbouring year (a New Year holiday from 31 December) are added to what
 * that year already has, never replacing it.
 */
export function yearOf(days: readonly CalendarDay[]): string {
  const counts = new Map<string, number>();
  for (const day of days) counts.set(day.date.slice(0, 4), (counts.get(day.date.slice(0, 4)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
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

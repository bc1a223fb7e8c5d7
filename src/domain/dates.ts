/** Calendar dates are ISO strings (YYYY-MM-DD) in the member's own time zone; instants are Dates. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one, and digests format
 * thousands of dates in a handful of zones: one formatter per zone and kind, kept.
 */
export function zoneFormatter(locale: string, options: Intl.DateTimeFormatOptions) {
  const byZone = new Map<string, Intl.DateTimeFormat>();
  return (timeZone: string): Intl.DateTimeFormat => {
    let formatter = byZone.get(timeZone);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      byZone.set(timeZone, formatter);
    }
    return formatter;
  };
}

// en-CA formats dates as YYYY-MM-DD.
const dateFormatter = zoneFormatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
const clockFormatter = zoneFormatter('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The calendar date it is at `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): IsoDate {
  return dateFormatter(timeZone).format(at);
}

export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Midnight UTC of the date, as `new Date(`${date}T00:00:00Z`)` reads it (a day past the month's end
 * rolls over, as V8 does; anything else not a date is left to that parse) without parsing a string:
 * a `/visit` reads its `next:` once per way its words could split (visit-round-trip.ts), and these
 * string round trips were most of that.
 */
function utcMidnight(date: IsoDate, plusDays = 0): Date {
  const parts = ISO_DATE.exec(date);
  const month = Number(parts?.[2]);
  const day = Number(parts?.[3]);
  if (!parts || month < 1 || month > 12 || day < 1 || day > 31) {
    const parsed = new Date(`${date}T00:00:00Z`);
    parsed.setUTCDate(parsed.getUTCDate() + plusDays);
    return parsed;
  }
  const at = new Date(0);
  at.setUTCFullYear(Number(parts[1]), month - 1, day + plusDays);
  return at;
}

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

export function addDays(date: IsoDate, days: number): IsoDate {
  const at = utcMidnight(date, days);
  const year = at.getUTCFullYear();
  // Years outside 0–9999 (never a follow-up date) are written as toISOString writes them.
  if (!(year >= 0 && year <= 9999)) return at.toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${twoDigits(at.getUTCMonth() + 1)}-${twoDigits(at.getUTCDate())}`;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return utcMidnight(date).getUTCDay();
}

/** The instant local midnight begins `date` in `timeZone` (DST-aware; a day may start at 01:00). */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  // Two passes converge even when the offset differs between the guess and the answer (DST days).
  let at = guess;
  for (let i = 0; i < 2; i++) {
    const local = new Date(`${localDate(at, timeZone)}T${wallClock(at, timeZone)}Z`);
    at = new Date(at.getTime() - (local.getTime() - guess.getTime()));
  }
  // Where the clocks skip midnight itself (Chile's spring switch: 00:00 → 01:00), no instant reads
  // 00:00 and the passes land on the evening before; the day then starts at the switch, the first
  // instant whose date is `date` (found by halving; transitions fall on whole seconds).
  if (localDate(at, timeZone) < date) {
    let before = at.getTime();
    let from = before + 26 * 3_600_000;
    while (from - before > 1000) {
      const middle = before + Math.floor((from - before) / 2000) * 1000;
      if (localDate(new Date(middle), timeZone) < date) before = middle;
      else from = middle;
    }
    return new Date(from);
  }
  return at;
}

/** "HH:MM:SS" on the wall clock of `timeZone` at `at`. */
export function wallClock(at: Date, timeZone: string): string {
  return clockFormatter(timeZone).format(at);
}

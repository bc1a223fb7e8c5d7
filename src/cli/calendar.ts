import { CsvError, CsvFileError, readCsvText } from '../app/imports/csv.ts';
import { loadSettings, SettingError } from '../app/members/team-settings.ts';
import { importWorkingCalendar, parseCalendarFile } from '../app/members/working-calendar.ts';
import { CalendarFileError } from '../domain/calendar-file.ts';
import { count } from '../messages/i18n/plural.ts';
import { withDatabase } from './database.ts';
import { EXIT_FAILED, EXIT_OK } from './io.ts';
import { UsageError, type Verb, wordsOf } from './verb.ts';

const EXPECTED = 'expected: calendar [YEAR], or calendar import FILE.csv|FILE.ics';

type CalendarOptions = { import: string } | { year?: string };

/**
 * `accountdesk calendar [YEAR]` lists a year's holidays and make-up working days;
 * `accountdesk calendar import FILE` replaces the year the file is about (README, "Working days and holidays").
 */
export const calendar: Verb<CalendarOptions> = {
  parse(args) {
    const [first, second, ...extra] = wordsOf(args);
    if (first === 'import' && second && extra.length === 0) return { import: second };
    if (first === undefined) return {};
    if (/^\d{4}$/.test(first) && second === undefined) return { year: first };
    throw new UsageError(EXPECTED);
  },
  async run(config, io, options) {
    if ('import' in options) {
      const file = options.import;
      try {
        const days = parseCalendarFile(file, await readCsvText(file));
        const now = io.now?.() ?? new Date();
        const done = await withDatabase(config, ({ db }) => importWorkingCalendar(db, days, now));
        io.stdout.write(
          `Imported the calendar of ${done.year}: ${count(done.holidays, 'holiday')}, ${count(done.workdays, 'make-up working day')} (replacing what ${done.year} had).\n`,
        );
        return EXIT_OK;
      } catch (error) {
        if (error instanceof CsvFileError) io.stderr.write(`accountdesk: ${error.message}\n`);
        else if (
          error instanceof CalendarFileError ||
          error instanceof CsvError ||
          error instanceof SettingError
        )
          io.stderr.write(`${file}: ${error.message}\nNothing was imported.\n`);
        else throw error;
        return EXIT_FAILED;
      }
    }
    const now = io.now?.() ?? new Date();
    const year = options.year ?? String(now.getUTCFullYear());
    const team = await withDatabase(config, ({ db }) => loadSettings(db));
    const of = (dates: string[]) => dates.filter((d) => d.startsWith(`${year}-`));
    const holidays = of(team.holidays);
    const workdays = of(team.extraWorkingDays);
    io.stdout.write(
      `Holidays in ${year} (${holidays.length}): ${holidays.join(', ') || 'none'}\n` +
        `Make-up working days in ${year} (${workdays.length}): ${workdays.join(', ') || 'none'}\n`,
    );
    return EXIT_OK;
  },
};

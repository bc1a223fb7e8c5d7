import { describe, expect, it } from 'vitest';
import { parseCalendarFile } from '../../src/app/members/working-calendar.ts';
import { CalendarFileError, parseIcsCalendar } from '../../src/domain/calendar-file.ts';

// The shape of China's published holiday feeds: the festival as one event over several days, and
// each make-up working day (补班) as an event of its own. Lines folded as RFC 5545 allows.
const SPRING_FESTIVAL_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//holidays//CN',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270205',
  'DTEND;VALUE=DATE:20270212',
  'SUMMARY:春节 休',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270131',
  'SUMMARY:春节 补',
  ' 班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART:20270213T000000Z',
  'SUMMARY:Spring Festival make-up working day',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('calendar files', () => {
  it('reads an ICS feed: multi-day holidays (DTEND exclusive), folded lines, make-up days by name', () => {
    const days = parseIcsCalendar(SPRING_FESTIVAL_ICS);
    expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
    expect(days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2027-01-31', '2027-02-13']);
    expect(days.find((d) => d.date === '2027-01-31')?.name).toBe('春节 补班');
  });

  it('skips observances in a feed that marks its days off, and reads "放假…上班" as a day off', () => {
    const feed = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270910',
      'SUMMARY:教师节',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270915',
      'DTEND;VALUE=DATE:20270918',
      'SUMMARY:中秋节放假，9月18日上班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270926',
      'SUMMARY:国庆补班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(parseIcsCalendar(feed).map(({ date, kind }) => `${date} ${kind}`)).toEqual([
      '2027-09-15 holiday',
      '2027-09-16 holiday',
      '2027-09-17 holiday',
      '2027-09-26 workday',
    ]);
    // A feed that marks nothing lists days off only (e.g. a company's own list).
    const plain =
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20271225\nSUMMARY:Christmas Day\nEND:VEVENT\nEND:VCALENDAR';
    expect(parseIcsCalendar(plain)).toMatchObject([{ date: '2027-12-25', kind: 'holiday' }]);
  });

  it('reads a CSV of date,type,name in English or Chinese words', () => {
    const csv =
      'date,type,name\n2027-10-01,holiday,国庆节\n2027-10-02,休,\n2027-09-26,班,国庆补班\n2027-10-09,workday,\n';
    expect(parseCalendarFile('days.csv', csv).map(({ date, kind }) => `${date} ${kind}`)).toEqual([
      '2027-10-01 holiday',
      '2027-10-02 holiday',
      '2027-09-26 workday',
      '2027-10-09 workday',
    ]);
  });

  it('refuses what it cannot read, naming the line or row', () => {
    const refusal = (name: string, text: string) => {
      try {
        parseCalendarFile(name, text);
      } catch (error) {
        return error instanceof CalendarFileError ? error.message : `unexpected ${String(error)}`;
      }
      return 'accepted';
    };
    expect(refusal('a.csv', 'date,type\n2027-02-30,holiday\n')).toBe(
      'line 2: date "2027-02-30" is not YYYY-MM-DD',
    );
    expect(refusal('a.csv', 'date,type\n2027-02-03,party\n')).toBe(
      'line 2: type "party" is not holiday or workday (休 or 班)',
    );
    expect(refusal('a.csv', 'day,kind\n2027-02-03,holiday\n')).toBe(
      'line 1: the header needs the columns date and type',
    );
    expect(refusal('a.csv', 'date,type\n2027-02-03,holiday\n2027-02-03,workday\n')).toBe(
      'line 3: 2027-02-03 is listed both as a holiday and as a working day',
    );
    expect(refusal('a.ics', 'BEGIN:VCALENDAR\nEND:VCALENDAR\n')).toBe(
      'line 1: no all-day events (VEVENT with DTSTART) found',
    );
    expect(refusal('a.ics', 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2027-02-03\nEND:VEVENT\n')).toBe(
      'line 3: "2027-02-03" is not a date (YYYYMMDD)',
    );
  });
});

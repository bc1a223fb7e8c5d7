/** The periods `/report` speaks of (README, "Reports"): this week, this month, last month. */
import { addDays, type IsoDate } from './dates.ts';
import { fail, ok, type Result } from './errors.ts';

export const REPORT_PERIODS = ['week', 'month', 'last-month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

const WORDS: Record<string, ReportPeriod> = {
  '': 'week',
  week: 'week',
  周: 'week',
  本周: 'week',
  month: 'month',
  月: 'month',
  本月: 'month',
  'last-month': 'last-month',
  lastmonth: 'last-month',
  'last month': 'last-month',
  上月: 'last-month',
  上个月: 'last-month',
};

/** The word after `/report`; anything else is named back with the three that exist. */
export function parseReportPeriod(text: string): Result<ReportPeriod> {
  const word = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const period = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
  return period ? ok(period) : fail('report_period_unknown', { value: text.trim() });
}

const monthStart = (date: IsoDate) => `${date.slice(0, 8)}01`;

/** Local dates, both inclusive: Monday to today, the 1st to today, or the whole previous month. */
export function periodDates(period: ReportPeriod, today: IsoDate): { from: IsoDate; to: IsoDate } {
  if (period === 'month') return { from: monthStart(today), to: today };
  if (period === 'last-month') {
    const lastDay = addDays(monthStart(today), -1);
    return { from: monthStart(lastDay), to: lastDay };
  }
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return { from: addDays(today, -((weekday + 6) % 7)), to: today };
}

/**
 * A realistic week for a supervisor of twelve reps, the same every run (no randomness): what the
 * screenshot script draws and what `bench:charts` times. Visit mixes and discount averages are in
 * the range a field sales team logs in a week.
 */
import type { DiscountReason, VisitKind } from '../src/domain/vocabulary.ts';
import type { WeeklyFigures } from '../src/domain/weekly-figures.ts';

const NAMES = [
  'Riley Park',
  '张梅',
  'Sam Ortiz',
  '李伟',
  'Jordan Lee',
  '王芳',
  'Alex Kim',
  '陈静',
  'Morgan Diaz',
  '刘洋',
  'Taylor Wu',
  '赵磊',
];
const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
const KINDS: VisitKind[] = ['visit', 'call', 'meeting', 'meal', 'event', 'message'];

/** Reps × days × kinds: counts from a fixed pattern, with quiet days and one rep off all week. */
export function demoWeeklyFigures(reps = 12): WeeklyFigures {
  const discounts: {
    reason: DiscountReason;
    requested: number;
    granted: number;
    asked: number;
    given: number;
  }[] = [
    { reason: 'competitor', requested: 9, granted: 6, asked: 12.5, given: 9 },
    { reason: 'volume', requested: 6, granted: 5, asked: 8, given: 7.2 },
    { reason: 'budget', requested: 4, granted: 2, asked: 15, given: 10 },
    { reason: 'strategic', requested: 2, granted: 2, asked: 20, given: 18 },
    { reason: 'value', requested: 3, granted: 0, asked: 10, given: 0 },
  ];
  return {
    weekStart: DAYS[0]!,
    weekEnd: DAYS.at(-1)!,
    days: DAYS,
    reps: Array.from({ length: reps }, (_, r) => ({
      name: NAMES[r % NAMES.length]! + (r >= NAMES.length ? ` ${Math.floor(r / NAMES.length) + 1}` : ''),
      // The tenth rep is on leave: a rep with no visit still gets a panel.
      visits:
        r === 9
          ? []
          : DAYS.flatMap((day, d) =>
              KINDS.map((kind, k) => ({
                day,
                kind,
                count: ((r * 7 + d * 3 + k * 5) % (k < 2 ? 4 : 3)) - (k > 2 ? 1 : 0),
              })),
            ).filter((v) => v.count > 0),
    })),
    discounts: discounts.map((row) => ({
      reason: row.reason,
      requested: row.requested,
      granted: row.granted,
      averageRequestedPercent: row.asked,
      averageGrantedPercent: row.granted === 0 ? null : row.given,
    })),
  };
}

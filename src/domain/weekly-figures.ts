import type { IsoDate } from './dates.ts';
import type { DiscountReason, VisitKind } from './vocabulary.ts';

/**
 * A supervisor's (or director's) past week in numbers: what the weekly report says in words and
 * draws as charts (README, "Weekly report"). Counted once by the report; drawn and worded from here.
 */
export type WeeklyFigures = {
  /** First and last day of the week reported on, in the reader's zone. */
  weekStart: IsoDate;
  weekEnd: IsoDate;
  /** The week's working days in order: the charts' x axis. */
  days: IsoDate[];
  /** Every active rep under the reader, in display order; a rep with no visit has `visits: []`. */
  reps: { name: string; visits: { day: IsoDate; kind: VisitKind; count: number }[] }[];
  /** One entry per reason with at least one request filed in the week. */
  discounts: {
    reason: DiscountReason;
    requested: number;
    granted: number;
    /** Averages of the percent asked and of the percent granted; null when there is none. */
    averageRequestedPercent: number | null;
    averageGrantedPercent: number | null;
  }[];
};

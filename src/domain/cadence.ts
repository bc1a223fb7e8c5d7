import { addDays, type IsoDate } from './dates.ts';
import type { Tier } from './vocabulary.ts';
import { onOrAfterWorkingDate, type WorkingCalendar } from './working-time.ts';

export type Cadence = Record<Tier, number>;

/** "A: follow closely, D: nurture slowly" — days between follow-ups per tier (docs/domain.md). */
export const DEFAULT_CADENCE: Cadence = { A: 3, B: 7, C: 14, D: 30 };

/** The tier's cadence after `from`, rolled forward to a working day: no follow-up falls on a day off. */
export function followUpAfterVisit(
  from: IsoDate,
  tier: Tier,
  cadence: Cadence,
  calendar: WorkingCalendar,
): IsoDate {
  return onOrAfterWorkingDate(addDays(from, cadence[tier]), calendar);
}

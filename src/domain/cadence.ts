import { addDays, type IsoDate } from './dates.ts';
import type { Tier } from './vocabulary.ts';

export type Cadence = Record<Tier, number>;

/** "A: follow closely, D: nurture slowly" — days between follow-ups per tier (docs/domain.md). */
export const DEFAULT_CADENCE: Cadence = { A: 3, B: 7, C: 14, D: 30 };

export function followUpAfterVisit(
  visitedOn: IsoDate,
  tier: Tier,
  cadence: Cadence = DEFAULT_CADENCE,
): IsoDate {
  return addDays(visitedOn, cadence[tier]);
}

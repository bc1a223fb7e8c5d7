/**
 * Away periods (docs/domain.md, "Away and delegates"): a member on leave names local dates, both
 * inclusive, and their discount approvals go to a delegate meanwhile.
 */
import { type IsoDate, isValidIsoDate } from './dates.ts';
import { fail, ok, type Result } from './errors.ts';

export type AwayPeriod = { awayFrom: IsoDate | null; awayUntil: IsoDate | null };

/** Away on `day` (a local date of the member's own zone). */
export function isAwayOn(period: AwayPeriod, day: IsoDate): boolean {
  return (
    period.awayFrom !== null && period.awayUntil !== null && period.awayFrom <= day && day <= period.awayUntil
  );
}

/**
 * A new period as typed, checked against the member's today: real dates, `from` defaulting to
 * today, `until` neither before `from` nor already past. A `from` in the past is accepted: the
 * leave may have begun before anyone recorded it.
 */
export function checkAwayPeriod(
  input: { from?: string; until: string },
  today: IsoDate,
): Result<{ from: IsoDate; until: IsoDate }> {
  for (const value of [input.until, input.from]) {
    if (value !== undefined && !isValidIsoDate(value)) return fail('away_date_invalid', { value });
  }
  const from = input.from ?? today;
  const { until } = input;
  if (until < today) return fail('away_until_past', { until, today });
  if (until < from) return fail('away_until_before_from', { from, until });
  return ok({ from, until });
}

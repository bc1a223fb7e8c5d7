/**
 * When a customer new to its owner is first due (README, "Follow-ups"): one rule for every way a
 * customer changes hands — an import, a hand-over from the digest, a rep leaving, `/customer add`.
 */
import { type IsoDate, localDate } from '../../domain/dates.ts';
import { nextWorkingDate, type WorkingCalendar } from '../../domain/working-time.ts';

export type FirstDue = {
  /** The owner's own date when the customer became theirs. */
  assignedOn: IsoDate;
  /** Their next working day after that: a customer assigned in the evening is not overdue next morning. */
  due: IsoDate;
};

/** Dates in the owner's time zone (a member's zone already falls back to `DEFAULT_TIMEZONE`). */
export function firstDueDate(ownerZone: string, at: Date, calendar: WorkingCalendar): FirstDue {
  const assignedOn = localDate(at, ownerZone);
  return { assignedOn, due: nextWorkingDate(assignedOn, calendar) };
}

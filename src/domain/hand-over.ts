/**
 * A departed rep's book of customers (docs/domain.md, "A rep leaves"): 离司业务员客户100%回访 —
 * every customer is called back by a new owner. Pure rules: how the book is dealt out, and when
 * each call-back falls due.
 */
import type { IsoDate } from './dates.ts';
import { nextWorkingDate, type WorkingCalendar } from './working-time.ts';

/**
 * Deals the customers out to `owners` new owners so each gets a fair share of every tier (A first):
 * one round-robin over the book sorted by tier and name, so shares differ by at most one per tier
 * and overall.
 */
export function dealOut<T extends { tier: string; name: string }>(book: readonly T[], owners: number): T[][] {
  const hands: T[][] = Array.from({ length: Math.max(1, owners) }, () => []);
  const sorted = [...book].sort((a, b) => a.tier.localeCompare(b.tier) || a.name.localeCompare(b.name));
  sorted.forEach((customer, index) => {
    hands[index % hands.length]!.push(customer);
  });
  return hands;
}

/**
 * The call-back dates of one new owner's share, in order: `perDay` on each working day from the
 * next working day after `today` (in the owner's zone), so a big book does not fall due in one morning.
 */
export function callbackDates(
  count: number,
  perDay: number,
  today: IsoDate,
  calendar: WorkingCalendar,
): IsoDate[] {
  const dates: IsoDate[] = [];
  let day = today;
  for (let index = 0; index < count; index++) {
    if (index % Math.max(1, perDay) === 0) day = nextWorkingDate(day, calendar);
    dates.push(day);
  }
  return dates;
}

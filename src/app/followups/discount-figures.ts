/**
 * Discount figures of a set of requesters over a period, one definition for the supervisor's team
 * report and the rep's own (README, "Reports"): the two agree on the same data.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { intArray, timestamptzArray } from '../sql-arrays.ts';

export type DiscountFigures = {
  requests: number;
  granted: number;
  rejected: number;
  averagePercent: number | null;
  given: number;
};

export const NO_DISCOUNTS: DiscountFigures = {
  requests: 0,
  granted: 0,
  rejected: 0,
  averagePercent: null,
  given: 0,
};

/** One requester's requests filed in [from, to), counted under `key` (a team's supervisor, or the rep). */
export type DiscountPeriod = { key: number; requesterId: number; from: Date; to: Date };

export async function loadDiscountFigures(
  db: Db,
  periods: DiscountPeriod[],
): Promise<Map<number, DiscountFigures>> {
  const figures = new Map<number, DiscountFigures>();
  if (periods.length === 0) return figures;
  const rows = rowsOf<{
    key: number;
    requests: number;
    granted: number;
    rejected: number;
    average: string | null;
    given: string | null;
  }>(
    await db.execute(sql`
      select p.key,
             -- A withdrawn or replaced request was never a decision; a re-approval repeats one already counted.
             count(*) filter (where d.status not in ('withdrawn', 'superseded')
               and d.auto_basis is distinct from 'reapproval')::int as requests,
             count(*) filter (where d.status in ('approved', 'auto_approved')
               and d.auto_basis is distinct from 'reapproval')::int as granted,
             count(*) filter (where d.status = 'rejected')::int as rejected,
             avg(d.percent) filter (where d.status in ('approved', 'auto_approved')
               and d.auto_basis is distinct from 'reapproval') as average,
             sum(d.amount * d.percent / 100) filter (where d.status in ('approved', 'auto_approved')
               and d.auto_basis is distinct from 'reapproval') as given
      from unnest(${intArray(periods.map((p) => p.key))}, ${intArray(periods.map((p) => p.requesterId))},
                  ${timestamptzArray(periods.map((p) => p.from))}, ${timestamptzArray(periods.map((p) => p.to))})
           as p(key, requester_id, from_at, to_at)
      join discount_requests d on d.requester_id = p.requester_id and d.created_at >= p.from_at and d.created_at < p.to_at
      group by p.key`),
  );
  for (const row of rows) {
    figures.set(Number(row.key), {
      requests: Number(row.requests),
      granted: Number(row.granted),
      rejected: Number(row.rejected),
      averagePercent: row.average === null ? null : Number(row.average),
      given: row.given === null ? 0 : Number(row.given),
    });
  }
  return figures;
}

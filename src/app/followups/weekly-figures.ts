/**
 * The weekly report's numbers (README, "Weekly report"): for each reader, the reps under them
 * (a director: the whole tree) over one week, with the week before for comparison. Three
 * statements for any number of readers: team tree, visits, discount requests.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { addDays, type IsoDate, startOfLocalDay } from '../../domain/dates.ts';
import { workingDaysBetween } from '../../domain/report-week.ts';
import { DISCOUNT_REASONS, type DiscountReason, type VisitKind } from '../../domain/vocabulary.ts';
import type { WeeklyFigures } from '../../domain/weekly-figures.ts';
import type { WorkingCalendar } from '../../domain/working-time.ts';
import type { Member } from '../members/members.ts';
import { intArray, timestamptzArray } from '../sql-arrays.ts';
import { loadTeamTree, type TeamRow } from './team-tree.ts';

/** A reader and the week reported on: `from` is a Monday, `to` at most its Sunday (local dates, inclusive). */
export type WeeklyReader = { member: Member; from: IsoDate; to: IsoDate };

export type WeekTotals = { visits: number; requested: number; granted: number };

export type WeeklyReport = {
  reader: Member;
  figures: WeeklyFigures;
  totals: WeekTotals;
  /** The same days a week earlier: the whole week before, or its first days for a week so far. */
  previous: WeekTotals;
  topCustomers: { name: string; visits: number }[];
  /** Reps with no visit in the week, by name. */
  silentReps: string[];
};

const TOP_CUSTOMERS = 3;

export async function loadWeeklyReports(
  db: Db,
  readers: WeeklyReader[],
  calendar: WorkingCalendar,
): Promise<Map<number, WeeklyReport>> {
  const reports = new Map<number, WeeklyReport>();
  if (readers.length === 0) return reports;
  const team = await loadTeamTree(
    db,
    readers.map((r) => r.member.id),
  );
  const below = team.filter((row) => row.id !== row.root);
  const [visits, discounts] = await Promise.all([
    loadVisits(db, readers, below),
    loadDiscounts(db, readers, below),
  ]);
  for (const reader of readers) {
    const root = reader.member.id;
    const reps = below.filter((row) => row.root === root && row.role === 'rep');
    const repIds = new Set(reps.map((rep) => rep.id));
    const previousFrom = addDays(reader.from, -7);
    const perRep = new Map<number, Map<string, number>>();
    const perCustomer = new Map<string, number>();
    const totals: WeekTotals = { visits: 0, requested: 0, granted: 0 };
    const previous: WeekTotals = { visits: 0, requested: 0, granted: 0 };
    for (const row of visits) {
      if (!repIds.has(row.memberId) || row.day < previousFrom || row.day > reader.to) continue;
      if (row.day < reader.from) {
        if (row.day <= addDays(reader.to, -7)) previous.visits += row.count;
        continue;
      }
      totals.visits += row.count;
      const days = perRep.get(row.memberId) ?? new Map<string, number>();
      const key = `${row.day}|${row.kind}`;
      days.set(key, (days.get(key) ?? 0) + row.count);
      perRep.set(row.memberId, days);
      perCustomer.set(row.customer, (perCustomer.get(row.customer) ?? 0) + row.count);
    }
    const byReason = new Map<DiscountReason, WeeklyFigures['discounts'][number]>();
    for (const row of discounts.filter((d) => d.root === root)) {
      const week = row.thisWeek ? totals : previous;
      week.requested += row.requested;
      week.granted += row.granted;
      if (row.thisWeek && row.requested > 0)
        byReason.set(row.reason, {
          reason: row.reason,
          requested: row.requested,
          granted: row.granted,
          averageRequestedPercent: row.averageRequested,
          averageGrantedPercent: row.averageGranted,
        });
    }
    const figures: WeeklyFigures = {
      weekStart: reader.from,
      weekEnd: reader.to,
      days: workingDaysBetween(reader.from, reader.to, calendar),
      reps: reps.map((rep) => ({
        name: rep.name,
        visits: [...(perRep.get(rep.id) ?? new Map<string, number>())].map(([key, count]) => {
          const [day, kind] = key.split('|') as [IsoDate, VisitKind];
          return { day, kind, count };
        }),
      })),
      discounts: DISCOUNT_REASONS.flatMap((reason) => byReason.get(reason) ?? []),
    };
    reports.set(root, {
      reader: reader.member,
      figures,
      totals,
      previous,
      topCustomers: [...perCustomer]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, TOP_CUSTOMERS)
        .map(([name, count]) => ({ name, visits: count })),
      silentReps: reps.filter((rep) => !perRep.has(rep.id)).map((rep) => rep.name),
    });
  }
  return reports;
}

type VisitRow = { memberId: number; day: IsoDate; kind: VisitKind; customer: string; count: number };

/** Visits of everyone below any reader, from the earliest week before to the latest week's end. */
async function loadVisits(db: Db, readers: WeeklyReader[], below: TeamRow[]): Promise<VisitRow[]> {
  const ids = [...new Set(below.map((row) => row.id))];
  if (ids.length === 0) return [];
  // ISO dates sort as text.
  const from = addDays(readers.map((r) => r.from).sort()[0]!, -7);
  const to = readers
    .map((r) => r.to)
    .sort()
    .at(-1)!;
  return rowsOf<{ member_id: number; day: string; kind: VisitKind; customer: string; n: number }>(
    await db.execute(sql`
      select v.member_id, v.visited_on::text as day, v.kind, c.name as customer, count(*)::int as n
      from visits v join customers c on c.id = v.customer_id
      where v.member_id = any(${intArray(ids)}) and v.visited_on between ${from}::date and ${to}::date
      group by v.member_id, v.visited_on, v.kind, c.name`),
  ).map((row) => ({
    memberId: Number(row.member_id),
    day: row.day,
    kind: row.kind,
    customer: row.customer,
    count: Number(row.n),
  }));
}

type DiscountRow = {
  root: number;
  reason: DiscountReason;
  thisWeek: boolean;
  requested: number;
  granted: number;
  averageRequested: number | null;
  averageGranted: number | null;
};

/**
 * Requests filed in the week and the week before by anyone below each reader, per reason. Counted
 * as `/report` counts them (discount-figures.ts), so the two agree: a withdrawn or superseded
 * request is not a request, a re-approval repeats one already counted, and granted means approved
 * or auto-approved (an accepted counter-offer leaves its request approved).
 */
async function loadDiscounts(db: Db, readers: WeeklyReader[], below: TeamRow[]): Promise<DiscountRow[]> {
  if (below.length === 0) return [];
  const zoneOf = new Map(readers.map((r) => [r.member.id, r]));
  const edges = below.map((row) => {
    const { member, from, to } = zoneOf.get(row.root)!;
    return {
      previous: startOfLocalDay(addDays(from, -7), member.zone),
      previousEnd: startOfLocalDay(addDays(to, -6), member.zone),
      week: startOfLocalDay(from, member.zone),
      end: startOfLocalDay(addDays(to, 1), member.zone),
    };
  });
  const rows = rowsOf<{
    root: number;
    reason: DiscountReason;
    this_week: number;
    requested: number;
    granted: number;
    avg_requested: string | null;
    avg_granted: string | null;
  }>(
    await db.execute(sql`
      select p.root, d.reason, (d.created_at >= p.week_at)::int as this_week,
             count(*) filter (where d.status not in ('withdrawn', 'superseded')
               and d.auto_basis is distinct from 'reapproval')::int as requested,
             count(*) filter (where d.status in ('approved', 'auto_approved')
               and d.auto_basis is distinct from 'reapproval')::int as granted,
             -- What the rep asked for, even when a counter-offer they accepted changed percent since.
             avg(coalesce(d.asked_percent, d.percent)) filter (where d.status not in ('withdrawn', 'superseded')
               and d.auto_basis is distinct from 'reapproval') as avg_requested,
             avg(coalesce(d.granted_percent, d.percent)) filter (where d.status in ('approved', 'auto_approved')
               and d.auto_basis is distinct from 'reapproval') as avg_granted
      from unnest(${intArray(below.map((row) => row.root))}, ${intArray(below.map((row) => row.id))},
                  ${timestamptzArray(edges.map((e) => e.previous))}, ${timestamptzArray(edges.map((e) => e.previousEnd))},
                  ${timestamptzArray(edges.map((e) => e.week))},
                  ${timestamptzArray(edges.map((e) => e.end))})
           as p(root, requester_id, previous_at, previous_end, week_at, end_at)
      join discount_requests d on d.requester_id = p.requester_id
       and d.created_at >= p.previous_at and d.created_at < p.end_at
       and (d.created_at >= p.week_at or d.created_at < p.previous_end)
      group by p.root, d.reason, (d.created_at >= p.week_at)::int`),
  );
  return rows.map((row) => ({
    root: Number(row.root),
    reason: row.reason,
    thisWeek: Number(row.this_week) === 1,
    requested: Number(row.requested),
    granted: Number(row.granted),
    averageRequested: row.avg_requested === null ? null : Number(row.avg_requested),
    averageGranted: row.avg_granted === null ? null : Number(row.avg_granted),
  }));
}

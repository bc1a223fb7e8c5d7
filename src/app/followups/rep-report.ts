/**
 * A rep's own `/report` (README, "Reports"): the visits of the period by day and by stage, their
 * discount requests and outcomes (the same figures the supervisor's report counts for them), and
 * the follow-ups due now.
 */
import { and, between, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { customers, discountRequests, visits } from '../../db/schema.ts';
import { addDays, type IsoDate, startOfLocalDay } from '../../domain/dates.ts';
import { periodDates, type ReportPeriod } from '../../domain/report-period.ts';
import { PRAM_STAGES, type PramStage, type VisitKind } from '../../domain/vocabulary.ts';
import type { WorkingCalendar } from '../../domain/working-time.ts';
import { catalog, listOf } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { type DiscountFigures, loadDiscountFigures, NO_DISCOUNTS } from './discount-figures.ts';
import { loadRepDigests } from './rep-digest.ts';
import { discountFiguresText } from './team-digest.ts';

const REQUESTS_SHOWN = 10;
/** Chinese lists take the enumeration comma 、. */
const DUE_NAMES = 5;

type RepReport = {
  from: IsoDate;
  to: IsoDate;
  visits: { date: IsoDate; customer: string; kind: string; stage: string | null }[];
  requests: { id: number; customer: string; percent: number; status: string }[];
  requestsTotal: number;
  figures: DiscountFigures;
  /** The team's, for the amount given away. */
  currency: string;
  due: string[];
  dueTotal: number;
  overdueTotal: number;
};

async function loadRepReport(
  deps: AppDeps,
  member: Member,
  today: IsoDate,
  period: ReportPeriod,
  calendar: WorkingCalendar,
): Promise<RepReport> {
  const { from, to } = periodDates(period, today);
  const fromAt = startOfLocalDay(from, member.zone);
  const toAt = startOfLocalDay(addDays(to, 1), member.zone);
  const visited = await deps.db
    .select({ date: visits.visitedOn, customer: customers.name, kind: visits.kind, stage: visits.stage })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .where(and(eq(visits.memberId, member.id), between(visits.visitedOn, from, to)))
    .orderBy(visits.visitedOn, visits.id);
  const filed = and(
    eq(discountRequests.requesterId, member.id),
    gte(discountRequests.createdAt, fromAt),
    lt(discountRequests.createdAt, toAt),
  );
  const requests = await deps.db
    .select({
      id: discountRequests.id,
      customer: customers.name,
      percent: discountRequests.percent,
      status: discountRequests.status,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(discountRequests)
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .where(filed)
    .orderBy(desc(discountRequests.id))
    .limit(REQUESTS_SHOWN);
  const figures = await loadDiscountFigures(deps.db, [
    { key: member.id, requesterId: member.id, from: fromAt, to: toAt },
  ]);
  const digest = (await loadRepDigests(deps.db, [{ member, today }], calendar)).get(member.id)!;
  return {
    from,
    to,
    visits: visited,
    requests,
    requestsTotal: requests[0]?.total ?? 0,
    figures: figures.get(member.id) ?? NO_DISCOUNTS,
    currency: (await loadSettings(deps.db)).currency,
    due: [...digest.overdue, ...digest.due].slice(0, DUE_NAMES).map((line) => line.name),
    dueTotal: digest.dueTotal,
    overdueTotal: digest.overdueTotal,
  };
}

function visitBlocks(member: Member, report: RepReport): Block[] {
  const c = catalog(member.lang);
  const t = c.repReport;
  if (report.visits.length === 0) return [{ type: 'text', text: `${t.visits({ count: 0 })}\n${t.noVisits}` }];
  const byDay = new Map<IsoDate, string[]>();
  const byStage = new Map<PramStage | null, number>();
  for (const visit of report.visits) {
    const stage = visit.stage as PramStage | null;
    const item = t.visitItem({
      customer: visit.customer,
      kind: c.kinds[visit.kind as VisitKind] ?? visit.kind,
      stage: stage ? c.stages[stage] : '',
    });
    byDay.set(visit.date, [...(byDay.get(visit.date) ?? []), item]);
    byStage.set(stage, (byStage.get(stage) ?? 0) + 1);
  }
  const days = [...byDay].map(([date, items]) => t.dayLine({ date, customers: listOf(member.lang, items) }));
  const stages = [...PRAM_STAGES, null]
    .filter((stage) => byStage.has(stage))
    .map((stage) => `${stage ? c.stages[stage] : t.noStage} ${byStage.get(stage)}`)
    .join(' · ');
  return [
    { type: 'text', text: [t.visits({ count: report.visits.length }), ...days].join('\n') },
    { type: 'context', text: t.byStage({ stages }) },
  ];
}

function requestBlocks(member: Member, report: RepReport): Block[] {
  const c = catalog(member.lang);
  const t = c.repReport;
  const lines = report.requests.map((r) =>
    t.requestLine({
      id: r.id,
      customer: r.customer,
      percent: r.percent,
      outcome: c.outcomes[r.status as keyof typeof c.outcomes] ?? r.status,
    }),
  );
  if (report.requestsTotal > report.requests.length)
    lines.push(t.moreRequests({ count: report.requestsTotal - report.requests.length }));
  return [
    {
      type: 'text',
      text: [
        t.requests({ count: report.requestsTotal }),
        discountFiguresText(member, report.figures, report.currency),
        ...lines,
      ].join('\n'),
    },
  ];
}

/** `/report` for a rep: "my week" (or month, or last month). */
export async function repReportMessage(
  deps: AppDeps,
  member: Member,
  today: IsoDate,
  period: ReportPeriod,
  calendar: WorkingCalendar,
): Promise<Message> {
  const report = await loadRepReport(deps, member, today, period, calendar);
  const t = catalog(member.lang).repReport;
  const header = t.header({ name: member.name, from: report.from, to: report.to });
  const due = [t.due({ due: report.dueTotal, overdue: report.overdueTotal })];
  if (report.due.length > 0) due.push(t.dueNames({ names: listOf(member.lang, report.due) }));
  const blocks: Block[] = [
    { type: 'header', text: header },
    ...visitBlocks(member, report),
    ...requestBlocks(member, report),
    { type: 'text', text: due.join('\n') },
  ];
  return { text: header, blocks };
}

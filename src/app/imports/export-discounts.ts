import { and, asc, eq, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { approvalSteps, customers, discountRequests, members } from '../../db/schema.ts';
import { priceAfterDiscount } from '../../domain/discount-policy.ts';
import { loadSettings } from '../members/team-settings.ts';
import {
  type CsvCell,
  type ExportPeriod,
  type ExportWriter,
  isoTime,
  withinPeriod,
  writePages,
} from './export-pages.ts';

/** Each column is explained in the README's CSV section: keep the two in step. */
export const DISCOUNT_COLUMNS = [
  'request_id',
  'created_at',
  'customer',
  'deal',
  'requester',
  'requester_user_id',
  'percent_requested',
  'percent_granted',
  'amount',
  'currency',
  'price_after',
  'reason',
  'justification',
  'status',
  'decided_at',
  'closed_note',
  'replaced_by',
  ...[1, 2].flatMap((n) => [
    `step${n}_approver`,
    `step${n}_decision`,
    `step${n}_note`,
    `step${n}_decided_at`,
  ]),
  // Added with counter-offers, at the end so spreadsheets built on the earlier columns keep working.
  'step1_counter_percent',
  'step2_counter_percent',
] as const;

type StepCells = {
  decision: string | null;
  note: string | null;
  decidedAt: Date | null;
  by: string | null;
} | null;

/** A request with no such step (auto-approved, or a one-step chain) leaves its four cells empty. */
const stepCells = (step: StepCells): CsvCell[] => [
  step?.by,
  step?.decision,
  step?.note,
  isoTime(step?.decidedAt ?? null),
];

/**
 * Discount requests filed in the period, oldest first, for finance: what was asked, what was
 * granted and the price after it, and who decided each approval step. The currency is the team's
 * setting: amounts are stored without one.
 */
export async function exportDiscounts(db: Db, writer: ExportWriter, period?: ExportPeriod): Promise<number> {
  const { currency } = await loadSettings(db);
  const requester = alias(members, 'requester');
  // Steps 1 and 2 side by side: a request has at most two (docs/domain.md, the approval chain).
  const step1 = alias(approvalSteps, 'step1');
  const step2 = alias(approvalSteps, 'step2');
  const by1 = alias(members, 'by1');
  const by2 = alias(members, 'by2');
  // The one who decided: an escalation manager deciding in the approver's place, else the approver.
  const decider = (step: { decidedById: AnyPgColumn; approverId: AnyPgColumn }) =>
    sql`coalesce(${step.decidedById}, ${step.approverId})`;
  return writePages(
    writer,
    DISCOUNT_COLUMNS,
    (offset, limit) =>
      db
        .select({
          request: discountRequests,
          customer: customers.name,
          requester: requester.name,
          requesterUserId: requester.userId,
          step1: { decision: step1.status, note: step1.note, decidedAt: step1.decidedAt, by: by1.name },
          counter1: step1.counterPercent,
          counter2: step2.counterPercent,
          step2: { decision: step2.status, note: step2.note, decidedAt: step2.decidedAt, by: by2.name },
        })
        .from(discountRequests)
        .innerJoin(customers, eq(customers.id, discountRequests.customerId))
        .innerJoin(requester, eq(requester.id, discountRequests.requesterId))
        .leftJoin(step1, and(eq(step1.requestId, discountRequests.id), eq(step1.stepNo, 1)))
        .leftJoin(by1, eq(by1.id, decider(step1)))
        .leftJoin(step2, and(eq(step2.requestId, discountRequests.id), eq(step2.stepNo, 2)))
        .leftJoin(by2, eq(by2.id, decider(step2)))
        .where(withinPeriod(discountRequests.createdAt, period))
        .orderBy(asc(discountRequests.createdAt), asc(discountRequests.id))
        .limit(limit)
        .offset(offset),
    ({ request: r, customer, requester, requesterUserId, step1, step2, counter1, counter2 }) => {
      // What the chain finally granted (stored when it was decided): a counter-offer may make it less than asked.
      const granted = r.grantedPercent;
      const priceAfter = granted !== null && r.amount !== null ? priceAfterDiscount(r.amount, granted) : null;
      return [
        r.id,
        isoTime(r.createdAt),
        customer,
        r.dealRef,
        requester,
        requesterUserId,
        // The percent the rep asked for: an accepted counter-offer changes `percent`, not `askedPercent`.
        r.askedPercent ?? r.percent,
        granted,
        r.amount,
        currency,
        priceAfter,
        r.reason,
        r.justification,
        r.status,
        isoTime(r.decidedAt),
        r.closedNote,
        r.supersededById,
        ...stepCells(step1),
        ...stepCells(step2),
        counter1,
        counter2,
      ];
    },
  );
}

/** The earlier requests a new discount request is judged against: its deal's, and the rep's automatic ones. */
import { and, count, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { discountRequests } from '../../db/schema.ts';
import type { DealHistory, DealKey } from '../../domain/deal-rules.ts';
import { sameApprovedDeal, sameDeal } from '../../domain/deal-rules.ts';
import type { DiscountPolicy } from '../../domain/discount-policy.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

export const keyOf = (row: {
  customerId: number;
  dealRef: string | null;
  amount: number | null;
}): DealKey => ({
  customerId: row.customerId,
  ref: row.dealRef,
  amount: row.amount,
});

/**
 * Reads what the deal rules need, through `db` (the filing transaction, after it took the customer's
 * lock, so two requests filed at once see each other).
 */
export async function dealHistory(
  db: Db,
  deal: DealKey,
  requesterId: number,
  now: Date,
  policy: DiscountPolicy,
): Promise<DealHistory> {
  const windows = [];
  if (policy.reapprovalWithinDays > 0) {
    windows.push(
      and(
        inArray(discountRequests.status, ['approved', 'auto_approved']),
        gte(discountRequests.decidedAt, daysBefore(now, policy.reapprovalWithinDays)),
      ),
    );
  }
  if (policy.rejectionMemoryDays > 0) {
    windows.push(
      and(
        eq(discountRequests.status, 'rejected'),
        gte(discountRequests.decidedAt, daysBefore(now, policy.rejectionMemoryDays)),
      ),
    );
  }
  const earlier: EarlierRequest[] =
    windows.length === 0
      ? []
      : await db
          .select({
            id: discountRequests.id,
            customerId: discountRequests.customerId,
            dealRef: discountRequests.dealRef,
            amount: discountRequests.amount,
            status: discountRequests.status,
            percent: discountRequests.percent,
            granted: discountRequests.grantedPercent,
            decidedAt: discountRequests.decidedAt,
            // Who ended it: the last step decided (for a rejection, the rejecting step) and their note.
            deciderId: sql<number | null>`(
              select s.decided_by_id from approval_steps s
              where s.request_id = discount_requests.id and s.status in ('approved', 'rejected')
              order by s.step_no desc limit 1)`,
            decider: sql<string | null>`(
              select m.name from approval_steps s join members m on m.id = s.decided_by_id
              where s.request_id = discount_requests.id and s.status in ('approved', 'rejected')
              order by s.step_no desc limit 1)`,
            note: sql<string | null>`(
              select s.note from approval_steps s
              where s.request_id = discount_requests.id and s.status = 'rejected'
              order by s.step_no desc limit 1)`,
          })
          .from(discountRequests)
          .where(and(eq(discountRequests.customerId, deal.customerId), or(...windows)));
  return historyFrom(deal, earlier, await autoApprovalsUsed(db, deal, requesterId, now, policy));
}

/** A decided request of the customer within the policy's windows, as the deal rules read it. */
export type EarlierRequest = {
  id: number;
  customerId: number;
  dealRef: string | null;
  amount: number | null;
  status: string;
  percent: number;
  granted: number | null;
  decidedAt: Date | null;
  deciderId: number | null;
  decider: string | null;
  note: string | null;
};

/** The deal's history from the customer's decided requests (however they were read). */
export function historyFrom(
  deal: DealKey,
  earlier: EarlierRequest[],
  autoApprovalsUsed: number,
): DealHistory {
  const onDeal = earlier.filter((row) => sameDeal(deal, keyOf(row)));
  const history: DealHistory = { autoApprovalsUsed };
  const approvals = earlier.filter(
    (row) => row.status !== 'rejected' && row.decidedAt && sameApprovedDeal(deal, keyOf(row)),
  );
  const best = approvals.sort((a, b) => (b.granted ?? b.percent) - (a.granted ?? a.percent))[0];
  if (best?.decidedAt) {
    history.approved = {
      requestId: best.id,
      percent: best.granted ?? best.percent,
      by: best.status === 'auto_approved' ? null : best.decider,
      at: best.decidedAt,
    };
  }
  const rejection = onDeal
    .filter((row) => row.status === 'rejected' && row.decidedAt && row.deciderId !== null)
    .sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime())[0];
  if (rejection) {
    history.rejected = {
      requestId: rejection.id,
      percent: rejection.percent,
      byId: Number(rejection.deciderId),
      by: rejection.decider ?? '—',
      at: rejection.decidedAt!,
      note: rejection.note,
    };
  }
  return history;
}

/** Approvals the policy's band granted this rep for this customer lately; re-approvals do not count. */
async function autoApprovalsUsed(
  db: Db,
  deal: DealKey,
  requesterId: number,
  now: Date,
  policy: DiscountPolicy,
): Promise<number> {
  const [row] = await db
    .select({ used: count() })
    .from(discountRequests)
    .where(
      and(
        eq(discountRequests.customerId, deal.customerId),
        eq(discountRequests.requesterId, requesterId),
        eq(discountRequests.status, 'auto_approved'),
        eq(discountRequests.autoBasis, 'policy'),
        gte(discountRequests.decidedAt, daysBefore(now, policy.autoApprovalWindowDays)),
      ),
    );
  return Number(row?.used ?? 0);
}

/** The deal's requests still waiting for a decision: a new request on the deal replaces them. */
export async function pendingOnDeal(db: Db, deal: DealKey): Promise<number[]> {
  const rows = await db
    .select({
      id: discountRequests.id,
      customerId: discountRequests.customerId,
      dealRef: discountRequests.dealRef,
      amount: discountRequests.amount,
    })
    .from(discountRequests)
    .where(and(eq(discountRequests.customerId, deal.customerId), eq(discountRequests.status, 'pending')));
  return rows.filter((row) => sameDeal(deal, keyOf(row))).map((row) => row.id);
}

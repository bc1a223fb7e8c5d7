/**
 * What a deal's history changes about a new discount request (docs/domain.md, "Deals"): the same cut
 * approved lately is approved again; after a rejection nothing on the deal passes automatically;
 * and a rep's automatic approvals per customer are limited, so one cut split into small requests
 * does not slip past the policy.
 */
import { type DiscountPolicy, routeDiscount } from './discount-policy.ts';

/** The earlier approval a re-request may reuse; `by` is null when it was automatic. */
export type EarlierApproval = { requestId: number; percent: number; by: string | null; at: Date };

export type EarlierRejection = {
  requestId: number;
  percent: number;
  byId: number;
  by: string;
  at: Date;
  note: string | null;
};

export type DealHistory = {
  /** The highest percent approved on the deal within `reapprovalWithinDays` (absent when that is 0). */
  approved?: EarlierApproval;
  /** The latest rejection on the deal within `rejectionMemoryDays`. */
  rejected?: EarlierRejection;
  /** The rep's automatic approvals (by the policy's band) for this customer within the window. */
  autoApprovalsUsed: number;
};

/** Why a request goes to a person when its size alone would not say so; shown to approver and rep. */
export type RoutingWhy =
  | ({ kind: 'rejected_before' } & EarlierRejection)
  | { kind: 'auto_limit'; used: number; limit: number; days: number };

export type DealRoute =
  | { kind: 'auto'; basis: 'policy' }
  | { kind: 'auto'; basis: 'reapproval'; earlier: EarlierApproval }
  | { kind: 'chain'; levels: 1 | 2; why?: RoutingWhy }
  | { kind: 'refused'; ceiling: number };

export function routeOnDeal(percent: number, policy: DiscountPolicy, history: DealHistory): DealRoute {
  const route = routeDiscount(percent, policy);
  if (route.kind === 'refused') return route;
  // A rejection is remembered first: whatever its size, the next ask on the deal is looked at by a person.
  if (history.rejected) {
    return {
      kind: 'chain',
      levels: route.kind === 'chain' ? route.levels : 1,
      why: { kind: 'rejected_before', ...history.rejected },
    };
  }
  if (history.approved && percent <= history.approved.percent) {
    return { kind: 'auto', basis: 'reapproval', earlier: history.approved };
  }
  if (route.kind === 'auto') {
    if (history.autoApprovalsUsed >= policy.maxAutoApprovalsPerCustomer) {
      return {
        kind: 'chain',
        levels: 1,
        why: {
          kind: 'auto_limit',
          used: history.autoApprovalsUsed,
          limit: policy.maxAutoApprovalsPerCustomer,
          days: policy.autoApprovalWindowDays,
        },
      };
    }
    return { kind: 'auto', basis: 'policy' };
  }
  return route;
}

/** A deal: the rep's reference, else the customer and the amount, else the customer alone. */
export type DealKey = { customerId: number; ref: string | null; amount: number | null };

/**
 * Whether an earlier request belongs to the same deal. References compare without case; without
 * one, amounts must match when both requests name one (a request without an amount cannot be told
 * apart from the customer's other requests, so it belongs to all of them).
 */
export function sameDeal(a: DealKey, b: DealKey): boolean {
  if (a.customerId !== b.customerId) return false;
  if (a.ref !== null || b.ref !== null) return a.ref?.toLowerCase() === b.ref?.toLowerCase();
  return a.amount === null || b.amount === null || a.amount === b.amount;
}

/**
 * Whether an earlier approval is the same decision again: the same reference, or — without one —
 * the same amount named on both. Looser than `sameDeal` would let a cut approved "on 100000" pass
 * again for any amount, or one approved without an amount pass for every deal of the customer.
 */
export function sameApprovedDeal(a: DealKey, b: DealKey): boolean {
  if (a.customerId !== b.customerId) return false;
  if (a.ref !== null || b.ref !== null) return a.ref?.toLowerCase() === b.ref?.toLowerCase();
  return a.amount !== null && a.amount === b.amount;
}

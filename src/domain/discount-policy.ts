import { z } from 'zod';

const days = z.number().int().min(0).max(365);

export const discountPolicySchema = z
  .object({
    autoApproveMaxPercent: z.number().min(0).max(100),
    managerMaxPercent: z.number().min(0).max(100),
    secondLevelMaxPercent: z.number().min(0).max(100),
    /** The same cut (or less) on a deal approved this recently is approved again at once; 0 turns it off. */
    reapprovalWithinDays: days.default(30),
    /** After a rejection on a deal, nothing on it is approved automatically for this long. */
    rejectionMemoryDays: days.default(30),
    /** Automatic approvals per rep and customer within `autoApprovalWindowDays`; past it the manager decides. */
    maxAutoApprovalsPerCustomer: z.number().int().min(0).max(100).default(2),
    autoApprovalWindowDays: z.number().int().min(1).max(365).default(30),
    /** A counter-offer the rep leaves unanswered this many working days is closed as declined. */
    counterExpiresAfterDays: z.number().int().min(1).max(60).default(5),
  })
  .refine(
    (p) => p.autoApproveMaxPercent <= p.managerMaxPercent && p.managerMaxPercent <= p.secondLevelMaxPercent,
    {
      message: 'limits must rise: autoApproveMaxPercent ≤ managerMaxPercent ≤ secondLevelMaxPercent',
    },
  );

export type DiscountPolicy = z.infer<typeof discountPolicySchema>;

/** ≤5 % auto, ≤15 % manager, ≤30 % manager then their manager, above refused (docs/domain.md). */
export const DEFAULT_DISCOUNT_POLICY: DiscountPolicy = {
  autoApproveMaxPercent: 5,
  managerMaxPercent: 15,
  secondLevelMaxPercent: 30,
  reapprovalWithinDays: 30,
  rejectionMemoryDays: 30,
  maxAutoApprovalsPerCustomer: 2,
  autoApprovalWindowDays: 30,
  counterExpiresAfterDays: 5,
};

export type ApprovalRoute =
  | { kind: 'auto' }
  | { kind: 'chain'; levels: 1 | 2 }
  | { kind: 'refused'; ceiling: number };

export function routeDiscount(
  percent: number,
  policy: DiscountPolicy = DEFAULT_DISCOUNT_POLICY,
): ApprovalRoute {
  if (percent <= policy.autoApproveMaxPercent) return { kind: 'auto' };
  if (percent <= policy.managerMaxPercent) return { kind: 'chain', levels: 1 };
  if (percent <= policy.secondLevelMaxPercent) return { kind: 'chain', levels: 2 };
  return { kind: 'refused', ceiling: policy.secondLevelMaxPercent };
}

/** Price after the cut, in cents-precise arithmetic so 0.1 + 0.2 never shows up on a quote. */
export function priceAfterDiscount(amount: number, percent: number): number {
  return Math.round(amount * (100 - percent)) / 100;
}

/**
 * The cut in money: the amount less the price after it, so the cut and the resulting price a reader
 * sees always add up to the deal amount (rounding each on its own could leave a cent between them).
 */
export function discountCut(amount: number, percent: number): number {
  return Math.round((amount - priceAfterDiscount(amount, percent)) * 100) / 100;
}

/**
 * Start of the discount history an approver and a card reader see: twelve months back, so last
 * year's price talk with the same customer is in view.
 */
export function discountHistorySince(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - 12);
  return since;
}

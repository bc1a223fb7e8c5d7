/**
 * Counter-offers (docs/domain.md, "Counter-offers"): instead of approving or rejecting, an approver
 * names a smaller cut; the rep accepts or declines it. What may be offered, and where an accepted
 * offer goes next.
 */
import { type DiscountPolicy, routeDiscount } from './discount-policy.ts';
import { fail, ok, type Result } from './errors.ts';
import { parsePercent } from './grammar.ts';

/**
 * The most the chain can grant: its last approver's band. A counter above it could not be approved
 * by anyone on the chain (it can only happen after the policy was tightened since the request).
 */
export function chainLimit(chainSteps: number, policy: DiscountPolicy): number {
  return chainSteps >= 2 ? policy.secondLevelMaxPercent : policy.managerMaxPercent;
}

/** The typed counter: a percent above zero, below what the rep asked, within what the chain can grant. */
export function checkCounterPercent(
  raw: string,
  requested: number,
  chainSteps: number,
  policy: DiscountPolicy,
): Result<number> {
  const percent = parsePercent(raw.trim().replace(/[%％]\s*$/, ''));
  if (!percent.ok) return percent;
  if (percent.value >= requested) {
    return fail('counter_not_below', { percent: percent.value, requested });
  }
  const limit = chainLimit(chainSteps, policy);
  if (percent.value > limit) return fail('counter_above_limit', { percent: percent.value, limit });
  return ok(percent.value);
}

export type AcceptedCounterRoute = { kind: 'approved' } | { kind: 'next'; stepNo: number };

/**
 * An accepted counter at `percent`, offered at step `stepNo` of a `chainSteps`-step chain: approved
 * at once when it lies within the bands of the steps approved so far (this one included) — the
 * approver offered it, so it is theirs to grant — else on to the next approver at that percent.
 * A chain without a further step (the policy changed meanwhile) ends with this approver's offer.
 */
export function routeAcceptedCounter(
  percent: number,
  stepNo: number,
  chainSteps: number,
  policy: DiscountPolicy,
): AcceptedCounterRoute {
  const route = routeDiscount(percent, policy);
  const levels = route.kind === 'auto' ? 0 : route.kind === 'chain' ? route.levels : chainSteps;
  if (levels <= stepNo || stepNo >= chainSteps) return { kind: 'approved' };
  return { kind: 'next', stepNo: stepNo + 1 };
}

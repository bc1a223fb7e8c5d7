/**
 * What filing a discount request writes, worked out in TypeScript once the route is known: the
 * request row, its audit entry, its approval steps, its messages and the homes to redraw. Both ways
 * of filing use it — the step-by-step transaction (file-discount.ts) and the one-statement filing
 * (discount-round-trip.ts) — so the two cannot drift apart in what they write.
 */
import type { DealRoute } from '../../domain/deal-rules.ts';
import type { DiscountPolicy } from '../../domain/discount-policy.ts';
import type { AuditEntry } from '../audit.ts';
import type { Customer } from '../customers/find-customer.ts';
import type { Member } from '../members/members.ts';
import type { OutboxItem } from '../outbox.ts';
import type { RecentDiscount } from './approval-message.ts';
import type { LoadedRequest } from './approval-request.ts';
import { approvalKey } from './approval-routing.ts';
import { closureNotifications } from './closure-notifications.ts';
import type { Assignment } from './delegate-steps.ts';
import { autoApprovalItems, type DiscountFields, routedItems } from './filing-notifications.ts';

export type Filing = {
  member: Member;
  customer: Customer;
  fields: DiscountFields;
  /** Auto or a chain: a refused route is answered before anything is written. */
  route: Exclude<DealRoute, { kind: 'refused' }>;
  /** Who decides, step by step; empty for an automatic approval. */
  assigned: Assignment[];
  manager: Member | undefined;
  policy: DiscountPolicy;
  currency: string;
  now: Date;
  sourceKey: string;
  confirmByDm: boolean;
};

/** The request row as inserted (its id is the database's). */
export function requestValues(filing: Filing) {
  const { member, customer, fields, route, now, sourceKey } = filing;
  const auto = route.kind === 'auto';
  return {
    customerId: customer.id,
    requesterId: member.id,
    percent: fields.percent,
    amount: fields.amount ?? null,
    reason: fields.reason,
    justification: fields.justification,
    dealRef: fields.deal ?? null,
    status: auto ? 'auto_approved' : 'pending',
    currentStep: auto ? 0 : 1,
    sourceKey,
    createdAt: now,
    decidedAt: auto ? now : null,
    grantedPercent: auto ? fields.percent : null,
    autoBasis: route.kind === 'auto' ? route.basis : null,
  };
}

/**
 * Replacing the deal's pending requests: each one's closure messages (its approval messages redrawn
 * as replaced, its thread told), and the recent requests as the new request's message shows them.
 */
export function replacementMessages(
  filing: Filing,
  replaced: LoadedRequest[],
  requestId: number,
  recent: RecentDiscount[],
  escalatedTo: ReadonlyMap<number, Member>,
): { closures: OutboxItem[]; recentNow: RecentDiscount[] } {
  const { member, fields, now, policy, currency } = filing;
  const ids = new Set(replaced.map((loaded) => loaded.request.id));
  const closures = replaced.flatMap(
    (loaded) =>
      closureNotifications({
        loaded,
        how: 'superseded',
        replacedBy: { id: requestId, percent: fields.percent },
        by: member,
        note: undefined,
        at: now,
        recent,
        escalatedTo,
        offer: { currency, days: policy.counterExpiresAfterDays },
      }).items,
  );
  const recentNow = recent.map((r) => (ids.has(r.id) ? { ...r, status: 'superseded' } : r));
  return { closures, recentNow };
}

/** The audit entry of a pending request the filing closed as replaced by request `requestId`. */
export function supersededAudit(filing: Filing, replaced: LoadedRequest, requestId: number): AuditEntry {
  return {
    at: filing.now,
    actorId: filing.member.id,
    action: 'discount.superseded',
    entity: 'discount_request',
    entityId: replaced.request.id,
    before: { status: 'pending' },
    after: { status: 'superseded', supersededById: requestId },
  };
}

/** The request's own audit entry; `replaces` names the deal's pending requests it closed. */
export function filingAudit(filing: Filing, requestId: number, replaces: number[]): AuditEntry {
  const { member, customer, fields, route, assigned, now } = filing;
  const auto = route.kind === 'auto';
  return {
    at: now,
    actorId: member.id,
    action: auto ? 'discount.auto_approved' : 'discount.requested',
    entity: 'discount_request',
    entityId: requestId,
    after: {
      customerId: customer.id,
      ...fields,
      approvers: assigned.map((a) => a.approver.id),
      onBehalfOf: assigned.map((a) => a.onBehalfOf?.id ?? null),
      ...(route.kind === 'auto' ? { basis: route.basis } : route.why ? { why: route.why.kind } : {}),
      ...(replaces.length ? { replaces } : {}),
    },
  };
}

/** The approval steps of a routed request: the first pending now, the rest waiting their turn. */
export function stepValues(filing: Filing, requestId: number) {
  return filing.assigned.map(({ approver, onBehalfOf }, index) => ({
    requestId,
    stepNo: index + 1,
    approverId: approver.id,
    onBehalfOfId: onBehalfOf?.id ?? null,
    status: index === 0 ? 'pending' : 'waiting',
    messageKey: approvalKey(requestId, index + 1),
    pendingSince: index === 0 ? filing.now : null,
  }));
}

/** The filing's messages (after any closure notes of requests it replaced) and whose homes change. */
export function filingMessages(
  filing: Filing,
  requestId: number,
  recent: RecentDiscount[],
): { items: OutboxItem[]; homes: (number | undefined)[] } {
  const { member, customer, fields, route, policy, manager, assigned } = filing;
  const filed = { requestId, member, customer, fields, currency: filing.currency };
  if (route.kind === 'auto') {
    const basis =
      route.basis === 'policy'
        ? { basis: 'policy' as const, limit: policy.autoApproveMaxPercent }
        : { basis: 'reapproval' as const, earlier: route.earlier };
    return {
      items: autoApprovalItems(filed, basis, manager, filing.confirmByDm),
      homes: [member.id, manager?.id],
    };
  }
  return {
    items: routedItems(filed, assigned, recent, route.why),
    homes: [member.id, assigned[0]?.approver.id],
  };
}

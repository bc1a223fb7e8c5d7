/** What filing a discount request tells whom: the manager of an automatic approval, the approver, the rep. */
import { localDate } from '../../domain/dates.ts';
import type { EarlierApproval, RoutingWhy } from '../../domain/deal-rules.ts';
import type { DiscountReason } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Actor } from '../context.ts';
import type { Customer } from '../customers/find-customer.ts';
import type { Member } from '../members/members.ts';
import type { OutboxItem } from '../outbox.ts';
import { type ApprovalFacts, approvalMessage } from './approval-message.ts';
import { approvalKey, approvalTarget, waitingNotice } from './approval-routing.ts';
import { cutInMoney } from './cut-in-money.ts';
import type { Assignment } from './delegate-steps.ts';
import { forReaders } from './shared-conversation.ts';

export type DiscountFields = {
  percent: number;
  amount?: number;
  reason: DiscountReason;
  justification: string;
  /** `deal:<ref>`: which of the customer's deals the cut is for. */
  deal?: string;
};

/** The fields of a parsed `/discount` that has its reason and justification. */
export function discountFields(request: {
  percent: number;
  reason: DiscountReason;
  justification: string;
  amount?: number | undefined;
  deal?: string | undefined;
}): DiscountFields {
  const fields: DiscountFields = {
    percent: request.percent,
    reason: request.reason,
    justification: request.justification,
  };
  if (request.amount !== undefined) fields.amount = request.amount;
  if (request.deal !== undefined) fields.deal = request.deal;
  return fields;
}

/** How an automatic approval came about: within the rep's band, or the same cut approved lately. */
export type AutoBasis =
  | { basis: 'policy'; limit: number }
  | { basis: 'reapproval'; earlier: EarlierApproval };

/**
 * "That is CNY 12,000 off CNY 120,000: CNY 108,000.", to follow a percent the reader is told, when
 * the rep gave the amount; '' otherwise (the percent alone is all there is to say).
 */
export function cutSentence(reader: Member, fields: DiscountFields, currency: string): string {
  if (fields.amount === undefined) return '';
  return catalog(reader.lang).money.cutOnAmount(
    cutInMoney(fields.amount, fields.percent, currency, reader.lang),
  );
}

/** The rep's answer to an automatic approval, in their language. */
export function autoApprovedMessage(
  member: Member,
  customer: Customer,
  fields: DiscountFields,
  auto: AutoBasis,
  manager: Member | undefined,
  currency: string,
): Message {
  const c = catalog(member.lang);
  const cut = cutSentence(member, fields, currency);
  if (auto.basis === 'policy') {
    const params = { percent: fields.percent, customer: customer.name, limit: auto.limit };
    return textMessage(
      sentences(
        manager
          ? c.discount.autoApproved({ ...params, manager: manager.name })
          : c.discount.autoApprovedNoManager(params),
        cut,
      ),
    );
  }
  const said = c.deal.reapproved({
    percent: fields.percent,
    customer: customer.name,
    ...earlierParams(member, auto.earlier),
  });
  const recorded = manager ? c.deal.recordedAndReported({ manager: manager.name }) : c.deal.recorded;
  return textMessage(sentences(said, cut, recorded));
}

function earlierParams(reader: Member, earlier: EarlierApproval) {
  const t = catalog(reader.lang).deal;
  return {
    earlier: earlier.percent,
    how: earlier.by ? t.approvedBy({ by: earlier.by }) : t.approvedAutomatically,
    date: localDate(earlier.at, reader.zone),
    id: earlier.requestId,
  };
}

type Filed = {
  requestId: number;
  member: Member;
  customer: Customer;
  fields: DiscountFields;
  currency: string;
};

/** An automatic approval: reported to the manager, and confirmed by DM when it came from a form. */
export function autoApprovalItems(
  filed: Filed,
  auto: AutoBasis,
  manager: Member | undefined,
  confirmByDm: boolean,
): OutboxItem[] {
  const { requestId, member, customer, fields } = filed;
  const platform = member.platform as Actor['platform'];
  const items: OutboxItem[] = [];
  if (manager) {
    const t = catalog(manager.lang);
    const params = { rep: member.name, percent: fields.percent, customer: customer.name };
    items.push({
      key: `discount:${requestId}:auto-report`,
      platform,
      target: { type: 'dm', userId: manager.userId },
      message: textMessage(
        sentences(
          auto.basis === 'policy'
            ? t.discount.autoReport({ ...params, limit: auto.limit })
            : t.deal.reapprovalReport({ ...params, ...earlierParams(manager, auto.earlier) }),
          cutSentence(manager, fields, filed.currency),
        ),
      ),
    });
  }
  if (confirmByDm) {
    items.push({
      key: `discount:${requestId}:confirm`,
      platform,
      target: { type: 'dm', userId: member.userId },
      message: autoApprovedMessage(member, customer, fields, auto, manager, filed.currency),
    });
  }
  return items;
}

/** A routed request: the first approver's message, and the rep's "waiting for …" notice. */
export function routedItems(
  filed: Filed,
  assigned: Assignment[],
  recent: ApprovalFacts['recent'],
  why: RoutingWhy | undefined,
): OutboxItem[] {
  const { requestId, member, customer, fields } = filed;
  const first = assigned[0]!.approver;
  const away = assigned[0]!.onBehalfOf;
  const facts: ApprovalFacts = {
    requestId,
    stepNo: 1,
    steps: assigned.length,
    customer: { name: customer.name, tier: customer.tier },
    requester: { name: member.name },
    percent: fields.percent,
    amount: fields.amount ?? null,
    currency: filed.currency,
    reason: fields.reason,
    justification: fields.justification,
    recent,
    deal: fields.deal ?? null,
    ...(why ? { why } : {}),
    ...(away ? { onBehalfOf: { name: away.name, until: away.awayUntil } } : {}),
  };
  const waiting = catalog(member.lang).discount.waitingLink({
    id: requestId,
    percent: fields.percent,
    customer: customer.name,
    approver: first.name,
  });
  return [
    {
      key: approvalKey(requestId, 1),
      platform: member.platform as Actor['platform'],
      target: approvalTarget(member, first),
      message: forReaders(
        [member, first],
        (reader) => approvalMessage(reader, facts, { kind: 'pending' }),
        first,
      ),
    },
    waitingNotice(member, requestId, 1, waiting),
  ];
}

/** What the rep is told about why a person decides this one (the deal's rejection, the used-up limit). */
export function whyForRep(member: Member, customer: Customer, why: RoutingWhy, approver: Member): string {
  const t = catalog(member.lang).deal;
  if (why.kind === 'auto_limit') {
    return t.limitRep({
      used: why.used,
      customer: customer.name,
      days: why.days,
      limit: why.limit,
      approver: approver.name,
    });
  }
  return t.rejectedBeforeRep({
    id: why.requestId,
    percent: why.percent,
    by: why.by,
    date: localDate(why.at, member.zone),
  });
}

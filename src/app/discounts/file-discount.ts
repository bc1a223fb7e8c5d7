/** Filing a discount request: routed by the team's policy, stored with the messages it causes. */
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import { routeDiscount } from '../../domain/discount-policy.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { DiscountReason } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import type { Customer } from '../customers/find-customer.ts';
import { type Member, managerOf } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { transaction } from '../transaction.ts';
import { type ApprovalFacts, approvalMessage } from './approval-message.ts';
import { approvalKey, approvalTarget, recentDiscounts, waitingNotice } from './approval-routing.ts';
import { assignApprovers } from './delegate-steps.ts';

export type DiscountFields = {
  percent: number;
  amount?: number;
  reason: DiscountReason;
  justification: string;
};

export type Submitted =
  | { kind: 'auto'; requestId: number; manager?: Member }
  | { kind: 'routed'; requestId: number; approver: Member; second?: Member; onBehalfOf?: Member }
  | { kind: 'replay' };

/** Routes a valid request by policy and stores it with its notifications in one transaction. */
export async function submitDiscount(
  deps: AppDeps,
  member: Member,
  customer: Customer,
  fields: DiscountFields,
  sourceKey: string,
  confirmByDm: boolean,
): Promise<Result<Submitted>> {
  const settings = await loadSettings(deps.db);
  const policy = settings.discountPolicy;
  const route = routeDiscount(fields.percent, policy);
  if (route.kind === 'refused')
    return fail('over_policy', { percent: fields.percent, ceiling: route.ceiling });
  const manager = await managerOf(deps, member);
  const second =
    route.kind === 'chain' && route.levels === 2 && manager ? await managerOf(deps, manager) : undefined;
  if (route.kind === 'chain' && (!manager || (route.levels === 2 && !second))) return fail('no_approver');
  const approvers = route.kind === 'chain' ? [manager!, ...(second ? [second] : [])] : [];
  if (approvers.some((approver) => approver.id === member.id)) return fail('no_approver');

  const now = deps.clock.now();
  // An approver away today is replaced by their delegate (README, "Away and delegates").
  const assigned = await assignApprovers(deps, member, approvers, now);
  if (!assigned) return fail('no_approver');
  const recent = await recentDiscounts(deps.db, customer.id, now);
  const platform = member.platform as Actor['platform'];
  const c = catalog(member.lang);
  const result = await transaction(deps.db, async (tx): Promise<Submitted> => {
    const [request] = await tx
      .insert(discountRequests)
      .values({
        customerId: customer.id,
        requesterId: member.id,
        percent: fields.percent,
        amount: fields.amount ?? null,
        reason: fields.reason,
        justification: fields.justification,
        status: route.kind === 'auto' ? 'auto_approved' : 'pending',
        currentStep: route.kind === 'auto' ? 0 : 1,
        sourceKey,
        createdAt: now,
        decidedAt: route.kind === 'auto' ? now : null,
        ...(route.kind === 'auto' ? { grantedPercent: fields.percent, autoBasis: 'policy' } : {}),
      })
      .onConflictDoNothing({ target: discountRequests.sourceKey })
      .returning({ id: discountRequests.id });
    if (!request) return { kind: 'replay' };
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: route.kind === 'auto' ? 'discount.auto_approved' : 'discount.requested',
        entity: 'discount_request',
        entityId: request.id,
        after: {
          customerId: customer.id,
          ...fields,
          approvers: assigned.map((a) => a.approver.id),
          onBehalfOf: assigned.map((a) => a.onBehalfOf?.id ?? null),
        },
      },
    ]);
    const items: OutboxItem[] = [];
    if (route.kind === 'auto') {
      if (manager) {
        items.push({
          key: `discount:${request.id}:auto-report`,
          platform,
          target: { type: 'dm', userId: manager.userId },
          message: textMessage(
            catalog(manager.lang).discount.autoReport({
              rep: member.name,
              percent: fields.percent,
              customer: customer.name,
              limit: policy.autoApproveMaxPercent,
            }),
          ),
        });
      }
      if (confirmByDm) {
        items.push({
          key: `discount:${request.id}:confirm`,
          platform,
          target: { type: 'dm', userId: member.userId },
          message: autoApprovedMessage(member, customer, fields, policy.autoApproveMaxPercent, manager),
        });
      }
      await enqueue(tx, items);
      return manager
        ? { kind: 'auto', requestId: request.id, manager }
        : { kind: 'auto', requestId: request.id };
    }
    await tx.insert(approvalSteps).values(
      assigned.map(({ approver, onBehalfOf }, index) => ({
        requestId: request.id,
        stepNo: index + 1,
        approverId: approver.id,
        onBehalfOfId: onBehalfOf?.id ?? null,
        status: index === 0 ? 'pending' : 'waiting',
        messageKey: approvalKey(request.id, index + 1),
        pendingSince: index === 0 ? now : null,
      })),
    );
    const first = assigned[0]!.approver;
    const away = assigned[0]!.onBehalfOf;
    const facts: ApprovalFacts = {
      requestId: request.id,
      stepNo: 1,
      steps: approvers.length,
      customer: { name: customer.name, tier: customer.tier },
      requester: { name: member.name },
      percent: fields.percent,
      amount: fields.amount ?? null,
      reason: fields.reason,
      justification: fields.justification,
      recent,
      ...(away ? { onBehalfOf: { name: away.name, until: away.awayUntil } } : {}),
    };
    items.push({
      key: approvalKey(request.id, 1),
      platform,
      target: approvalTarget(member, first),
      message: approvalMessage(first, facts, { kind: 'pending' }),
    });
    items.push(
      waitingNotice(
        member,
        request.id,
        1,
        c.discount.waitingLink({
          id: request.id,
          percent: fields.percent,
          customer: customer.name,
          approver: first.name,
        }),
      ),
    );
    await enqueue(tx, items);
    const then = assigned[1]?.approver;
    return {
      kind: 'routed',
      requestId: request.id,
      approver: first,
      ...(then ? { second: then } : {}),
      ...(away ? { onBehalfOf: away } : {}),
    };
  });
  if (result.kind !== 'replay') deps.outboxQueued();
  return ok(result);
}

export function autoApprovedMessage(
  member: Member,
  customer: Customer,
  fields: DiscountFields,
  limit: number,
  manager: Member | undefined,
): Message {
  const t = catalog(member.lang).discount;
  const params = { percent: fields.percent, customer: customer.name, limit };
  return textMessage(
    manager ? t.autoApproved({ ...params, manager: manager.name }) : t.autoApprovedNoManager(params),
  );
}

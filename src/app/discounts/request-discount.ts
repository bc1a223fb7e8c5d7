import { and, desc, eq, gte, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import { routeDiscount } from '../../domain/discount-policy.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import {
  MAX_TEXT_LENGTH,
  parseAmount,
  parseDiscountText,
  parsePercent,
  tokenize,
} from '../../domain/grammar.ts';
import { DISCOUNT_REASONS, type DiscountReason, parseReason } from '../../domain/vocabulary.ts';
import { catalog, errorText } from '../../messages/i18n/index.ts';
import { MAX_BUTTON_VALUE, type Message, textMessage, withoutMentionMarkers } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerForCommand, joinTokens } from '../customers/command-customer.ts';
import { type Customer, visibleCustomerById } from '../customers/find-customer.ts';
import { findMember, type Member, managerOf, notRegisteredText } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { errorMessage, type FormResult, notRegisteredMessage } from '../replies.ts';
import type { CommandInput } from '../visits/log-visit.ts';
import { type ApprovalFacts, approvalMessage, type RecentDiscount } from './approval-message.ts';

export type DiscountFields = {
  percent: number;
  amount?: number;
  reason: DiscountReason;
  justification: string;
};

const RECENT_MONTHS = 12;
const RECENT_SHOWN = 5;

export async function recentDiscounts(
  db: Db,
  customerId: number,
  now: Date,
  exceptId = 0,
): Promise<RecentDiscount[]> {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - RECENT_MONTHS);
  return db
    .select({
      createdAt: discountRequests.createdAt,
      percent: discountRequests.percent,
      status: discountRequests.status,
    })
    .from(discountRequests)
    .where(
      and(
        eq(discountRequests.customerId, customerId),
        gte(discountRequests.createdAt, since),
        ne(discountRequests.id, exceptId),
      ),
    )
    .orderBy(desc(discountRequests.createdAt))
    .limit(RECENT_SHOWN);
}

export const approvalKey = (requestId: number, stepNo: number) => `approval:${requestId}:${stepNo}`;

export function approvalTarget(requester: Member, approver: Member): OutboxItem['target'] {
  // A group conversation of rep and approver: its thread is where they discuss the request.
  return { type: 'group', userIds: [requester.userId, approver.userId], fallbackUserId: approver.userId };
}

/** A DM to the rep saying who has the request now, linking to the approval message. */
export function waitingNotice(
  requester: Member,
  requestId: number,
  stepNo: number,
  text: string,
): OutboxItem {
  return {
    key: `discount:${requestId}:waiting:${stepNo}`,
    platform: requester.platform as Actor['platform'],
    target: { type: 'dm', userId: requester.userId },
    message: {
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'permalink',
          label: catalog(requester.lang).discount.openApproval,
          outboxKey: approvalKey(requestId, stepNo),
        },
      ],
    },
  };
}

type Submitted =
  | { kind: 'auto'; requestId: number; manager?: Member }
  | { kind: 'routed'; requestId: number; approver: Member; second?: Member }
  | { kind: 'replay' };

/** Routes a valid request by policy and stores it with its notifications in one transaction. */
async function submitDiscount(
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
  const recent = await recentDiscounts(deps.db, customer.id, now);
  const platform = member.platform as Actor['platform'];
  const c = catalog(member.lang);
  const result = await deps.db.transaction(async (tx): Promise<Submitted> => {
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
        after: { customerId: customer.id, ...fields, approvers: approvers.map((a) => a.id) },
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
      approvers.map((approver, index) => ({
        requestId: request.id,
        stepNo: index + 1,
        approverId: approver.id,
        status: index === 0 ? 'pending' : 'waiting',
        messageKey: approvalKey(request.id, index + 1),
        pendingSince: index === 0 ? now : null,
      })),
    );
    const first = approvers[0]!;
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
    return second
      ? { kind: 'routed', requestId: request.id, approver: first, second }
      : { kind: 'routed', requestId: request.id, approver: first };
  });
  if (result.kind !== 'replay') deps.outboxQueued();
  return ok(result);
}

function autoApprovedMessage(
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

async function submittedMessage(
  deps: AppDeps,
  member: Member,
  customer: Customer,
  fields: DiscountFields,
  submitted: Submitted,
): Promise<Message> {
  const t = catalog(member.lang).discount;
  if (submitted.kind === 'replay') return textMessage(t.replay);
  if (submitted.kind === 'auto') {
    const { autoApproveMaxPercent } = (await loadSettings(deps.db)).discountPolicy;
    return autoApprovedMessage(member, customer, fields, autoApproveMaxPercent, submitted.manager);
  }
  let text = t.sent({
    id: submitted.requestId,
    percent: fields.percent,
    customer: customer.name,
    approver: submitted.approver.name,
  });
  if (submitted.second) {
    const { managerMaxPercent } = (await loadSettings(deps.db)).discountPolicy;
    text += ` ${t.sentTwoStep({ second: submitted.second.name, limit: managerMaxPercent })}`;
  }
  return textMessage(text);
}

/** Buttons for the reason codes: a request must say why the customer asks (DESIGN.md §1). */
function askReasonMessage(member: Member, customer: Customer, percent: number, restText: string): Message {
  const c = catalog(member.lang);
  const text = c.discount.askReason({ customer: customer.name, percent });
  const buttons = DISCOUNT_REASONS.map((reason) => ({
    actionId: 'discount.reason' as const,
    label: c.reasons[reason],
    value: JSON.stringify({ cmd: 'discount', id: customer.id, rest: `${restText} reason:${reason}` }),
  }));
  // A long justification cannot travel in a button: ask for the reason in the text instead.
  if (buttons.some((button) => button.value.length > MAX_BUTTON_VALUE))
    return errorMessage(member, { code: 'reason_missing' });
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'actions', buttons },
    ],
  };
}

/** `/discount <customer> <N>% [on <amount>] [reason:<code>] <justification…>` — answered privately. */
export async function discountCommand(deps: AppDeps, actor: Actor, input: CommandInput): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return notRegisteredMessage(deps);
  const parsed = parseDiscountText(input.text, input.customerId !== undefined);
  if (!parsed.ok) return errorMessage(member, parsed.error);
  const { customerTokens, ...request } = parsed.value;
  const restAfterName = () => joinTokens(tokenize(input.text).slice(customerTokens.length));
  const found = await customerForCommand(deps, member, {
    cmd: 'discount',
    customerId: input.customerId,
    tokens: customerTokens,
    wholeQuery: true,
    restAfter: restAfterName,
  });
  if (!found.ok) return found.message;
  const { customer } = found;
  if (!request.justification) return errorMessage(member, { code: 'justification_missing' });
  const route = routeDiscount(request.percent, (await loadSettings(deps.db)).discountPolicy);
  if (route.kind === 'refused') {
    return errorMessage(member, {
      code: 'over_policy',
      params: { percent: request.percent, ceiling: route.ceiling },
    });
  }
  if (!request.reason) {
    const rest = input.customerId !== undefined ? input.text : restAfterName();
    return askReasonMessage(member, customer, request.percent, rest);
  }
  const fields: DiscountFields = {
    percent: request.percent,
    reason: request.reason,
    justification: request.justification,
  };
  if (request.amount !== undefined) fields.amount = request.amount;
  const submitted = await submitDiscount(deps, member, customer, fields, input.sourceKey, false);
  if (!submitted.ok) return errorMessage(member, submitted.error);
  return submittedMessage(deps, member, customer, fields, submitted.value);
}

export type DiscountForm = {
  customerId?: number;
  percent?: string;
  amount?: string;
  reason?: string;
  justification?: string;
};

/** The discount modal: every field validated, errors shown next to the field. */
export async function discountFormSubmitted(
  deps: AppDeps,
  actor: Actor,
  form: DiscountForm,
  sourceKey: string,
): Promise<FormResult> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, fieldErrors: { customer: notRegisteredText(deps) } };
  const say = (error: Parameters<typeof errorText>[1]) => errorText(member.lang, error);
  const fieldErrors: Record<string, string> = {};
  const customer =
    form.customerId === undefined ? undefined : await visibleCustomerById(deps, member, form.customerId);
  if (!customer) fieldErrors.customer = say({ code: 'customer_missing' });
  const percent = parsePercent((form.percent ?? '').replace(/[%％]\s*$/, ''));
  if (!percent.ok) fieldErrors.percent = say(percent.error);
  const amount = form.amount?.trim() ? parseAmount(form.amount) : undefined;
  if (amount && !amount.ok) fieldErrors.amount = say(amount.error);
  const reason = form.reason ? parseReason(form.reason) : undefined;
  if (!reason) fieldErrors.reason = say({ code: 'reason_unknown', params: { value: form.reason ?? '' } });
  const justification = withoutMentionMarkers(form.justification ?? '').trim();
  if (!justification) fieldErrors.justification = say({ code: 'justification_missing' });
  else if (justification.length > MAX_TEXT_LENGTH) {
    fieldErrors.justification = say({ code: 'text_too_long', params: { max: MAX_TEXT_LENGTH } });
  }
  if (Object.keys(fieldErrors).length > 0 || !customer || !percent.ok || !reason)
    return { ok: false, fieldErrors };
  const fields: DiscountFields = { percent: percent.value, reason, justification };
  if (amount?.ok) fields.amount = amount.value;
  const submitted = await submitDiscount(deps, member, customer, fields, sourceKey, true);
  if (!submitted.ok) return { ok: false, fieldErrors: { percent: say(submitted.error) } };
  return { ok: true, message: await submittedMessage(deps, member, customer, fields, submitted.value) };
}

import { approvalSteps, auditLog, customers, discountRequests, members, outbox } from '../../db/schema.ts';
import { byColumnName, rowFromJson, runStatement } from '../../db/statement.ts';
import { normalizeName, typedName } from '../../domain/customer-match.ts';
import { type DealKey, routeOnDeal, sameDeal } from '../../domain/deal-rules.ts';
import { discountHistorySince, routeDiscount } from '../../domain/discount-policy.ts';
import { parseDiscountText, type Token, tokenize } from '../../domain/grammar.ts';
import type { Tier } from '../../domain/vocabulary.ts';
import { currentRequest } from '../../request-context.ts';
import type { Actor, AppDeps } from '../context.ts';
import type { Customer } from '../customers/find-customer.ts';
import { forgetMember, freshMember, rememberedMember } from '../members/member-cache.ts';
import { asMember, type Member, type MemberRow } from '../members/members.ts';
import { reachOf } from '../members/reach.ts';
import { loadSettings } from '../members/team-settings.ts';
import { outboxRows } from '../outbox.ts';
import { writingStatement } from '../transaction.ts';
import type { CommandInput } from '../visits/log-visit.ts';
import type { RecentDiscount } from './approval-message.ts';
import type { LoadedRequest } from './approval-request.ts';
import { daysBefore, type EarlierRequest, historyFrom, keyOf } from './deal-history.ts';
import { FILE_REQUEST, FILING_CONTEXT } from './discount-statement.ts';
import { candidatesFor, chainFor, type Submitted, submittedAs } from './file-discount.ts';
import { type DiscountFields, discountFields } from './filing-notifications.ts';
import {
  type Filing,
  filingAudit,
  filingMessages,
  replacementMessages,
  requestValues,
  stepValues,
  supersededAudit,
} from './filing-plan.ts';
import { isWithdrawSubcommand } from './own-requests.ts';

export type FiledInOneGo = {
  member: Member;
  customer: Customer;
  fields: DiscountFields;
  submitted: Submitted;
};

/**
 * Left to the full path, with the request number this path had already taken, if it had: the full
 * path files under it, so a request that took the long way leaves no gap in the numbers reps see.
 */
export type LeftToFullPath = { reservedId?: number };

type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };
/** A pending request as the statement loads it (column names; see loadedFromJson). */
type PendingJson = {
  request: Record<string, unknown>;
  requester: Record<string, unknown>;
  steps: {
    step: Record<string, unknown>;
    approver: Record<string, unknown>;
    decidedBy: Record<string, unknown> | null;
    onBehalfOf: Record<string, unknown> | null;
    escalatedTo: Record<string, unknown> | null;
  }[];
};

type Context = {
  version: number;
  pending: { id: number; customerId: number; dealRef: string | null; amount: number | null }[];
  pendingLoaded: PendingJson[];
  earlier: Dated<EarlierRequest, 'decidedAt'>[];
  autoUsed: number;
  recent: Dated<RecentDiscount, 'createdAt'>[];
  manager: Record<string, unknown> | null;
  second: Record<string, unknown> | null;
  requestId: number | null;
};

/** Files the request and says what became of it, or what the full path needs to take it over. */
export async function discountInFewTrips(
  deps: AppDeps,
  actor: Actor,
  input: CommandInput,
): Promise<FiledInOneGo | LeftToFullPath> {
  const member = rememberedMember(deps, actor) ?? (await freshMember(deps, actor));
  if (!member) return {};
  // Subcommands are the full path's (help has no percent, so it never parses as a request).
  if (input.customerId === undefined && isWithdrawSubcommand(tokenize(input.text)[0])) return {};
  const parsed = parseDiscountText(input.text, input.customerId !== undefined);
  if (!parsed.ok) return {};
  const { customerTokens, ...request } = parsed.value;
  if (!request.justification || !request.reason) return {};
  // No name: the full path says a customer is missing.
  if (input.customerId === undefined && customerTokens.length === 0) return {};
  const fields = discountFields({ ...request, reason: request.reason, justification: request.justification });
  const named: CustomerNamed = { id: input.customerId, tokens: customerTokens };
  const filed = await fileInTwoStatements(deps, member, named, fields, input.sourceKey);
  if ('submitted' in filed) return { member, customer: filed.customer, fields, submitted: filed.submitted };
  // The member (or the customer's requests) changed meanwhile: the full path reads both afresh.
  if (filed.stale) forgetMember(deps, actor);
  return { ...(filed.reservedId === undefined ? {} : { reservedId: filed.reservedId }) };
}

/** A members row as the statement gives it, or undefined. */
function memberFromJson(json: Record<string, unknown> | null, deps: AppDeps): Member | undefined {
  return json ? asMember(rowFromJson(members, json) as MemberRow, deps.defaults) : undefined;
}

/** The customer as the rep gave it: picked from buttons (by id), else the words before the percent. */
type CustomerNamed = { id: number | undefined; tokens: Token[] };

/** The statement's view of the name, as find-customer.ts `candidatesFor` and `matchCustomer` read it. */
function nameParams({ id, tokens }: CustomerNamed): (string | null)[] {
  if (id !== undefined) return [String(id), '', '', ''];
  return [
    null,
    normalizeName(tokens[0]?.text ?? ''),
    normalizeName(tokens.map((token) => token.text).join(' ')),
    typedName(tokens).query,
  ];
}

async function fileInTwoStatements(
  deps: AppDeps,
  member: Member,
  named: CustomerNamed,
  fields: DiscountFields,
  sourceKey: string,
): Promise<{ submitted: Submitted; customer: Customer } | (LeftToFullPath & { stale?: true })> {
  const settings = await loadSettings(deps.db);
  const policy = settings.discountPolicy;
  // Over the team's ceiling: the full path names the ceiling, and no request number is taken.
  const sized = routeDiscount(fields.percent, policy);
  if (sized.kind === 'refused') return {};
  const now = deps.clock.now();
  const remembered = (days: number) => (days > 0 ? daysBefore(now, days).toISOString() : null);
  const [row] = await runStatement<{ customer: Record<string, unknown>; context: Context }>(
    deps.db,
    FILING_CONTEXT[reachOf(member.role)],
    [
      String(member.id),
      member.role,
      ...nameParams(named),
      member.managerId === null ? null : String(member.managerId),
      remembered(policy.reapprovalWithinDays),
      remembered(policy.rejectionMemoryDays),
      daysBefore(now, policy.autoApprovalWindowDays).toISOString(),
      discountHistorySince(now).toISOString(),
      fields.deal ?? null,
      fields.amount === undefined ? null : String(fields.amount),
      String(sized.kind === 'chain' && sized.levels === 2),
    ],
  );
  // Not one customer by that name among the rep's, or no number taken: the full path's.
  if (!row || row.context.requestId === null) return {};
  const { context } = row;
  const customer = rowFromJson(customers, row.customer) as Customer;
  const requestId = Number(context.requestId);
  // From here on every way out hands the number taken to the full path.
  const fullPath = { reservedId: requestId };
  const deal: DealKey = { customerId: customer.id, ref: fields.deal ?? null, amount: fields.amount ?? null };
  // Requests still waiting on the deal are replaced, with notes to their readers.
  const replacedIds = new Set(
    context.pending.filter((pending) => sameDeal(deal, keyOf(pending))).map((pending) => pending.id),
  );
  const replacing = context.pendingLoaded
    .filter((json) => replacedIds.has(Number(json.request.id)))
    .map((json) => loadedFromJson(json, customer, settings.currency, deps));
  const earlier = context.earlier.map((r) => ({
    ...r,
    decidedAt: r.decidedAt ? new Date(r.decidedAt) : null,
  }));
  const history = historyFrom(deal, earlier, Number(context.autoUsed));
  // The approver who rejected the deal hears the next ask: looked up by the full path.
  if (history.rejected) return fullPath;
  const route = routeOnDeal(fields.percent, policy, history);
  if (route.kind === 'refused') return fullPath;
  const active = (person: Member | undefined) => (person?.active ? person : undefined);
  const manager = active(memberFromJson(context.manager, deps));
  const second = manager ? active(memberFromJson(context.second, deps)) : undefined;
  const chain = chainFor(route, await candidatesFor(deps, member, { manager, second }, undefined, now));
  if (!chain.ok) return fullPath;
  const filing: Filing = {
    ...{ member, customer, fields, route, manager, policy, now, sourceKey },
    assigned: chain.assigned,
    currency: settings.currency,
    confirmByDm: false,
  };
  const recent = context.recent.map((r) => ({ ...r, createdAt: new Date(r.createdAt ?? 0) }));
  const replaced = replacing.map((loaded) => loaded.request.id);
  const { closures, recentNow } = replacementMessages(
    filing,
    replacing,
    requestId,
    recent,
    escalatedManagers(replacing),
  );
  const { items, homes } = filingMessages(filing, requestId, recentNow);
  const filed = new Set<string>();
  for (const item of items) {
    // A thread reply or update to a message outside this filing, or one held back: the full path.
    if ('parentKey' in item.target && !filed.has(item.target.parentKey)) return fullPath;
    if (item.delayMs) return fullPath;
    filed.add(item.key);
  }
  if (closures.some((item) => item.delayMs)) return fullPath;
  const queued = outboxRows([...closures, ...items], new Map()).map(({ row }) => byColumnName(outbox, row));
  const audits = [
    filingAudit(filing, requestId, replaced),
    ...replacing.map((loaded) => supersededAudit(filing, loaded, requestId)),
  ];
  const [result] = await writingStatement<{ guarded: number; id: number | null }>(
    deps.db,
    FILE_REQUEST,
    [
      String(customer.id),
      String(context.version),
      String(member.id),
      String(member.version),
      JSON.stringify(byColumnName(discountRequests, { id: requestId, ...requestValues(filing) })),
      JSON.stringify(stepValues(filing, requestId).map((step) => byColumnName(approvalSteps, step))),
      JSON.stringify(
        audits.map((audit) =>
          byColumnName(auditLog, { ...audit, before: audit.before ?? null, after: audit.after ?? null }),
        ),
      ),
      JSON.stringify(queued),
      JSON.stringify([...new Set(homes.filter((id): id is number => typeof id === 'number'))]),
      currentRequest()?.requestId ?? null,
      JSON.stringify(replacing.map(({ request }) => ({ id: request.id, current_step: request.currentStep }))),
      JSON.stringify(
        replacing.flatMap(({ steps }) =>
          steps.map((step) => ({
            request_id: step.requestId,
            step_no: step.stepNo,
            status: step.status,
            approver_id: step.approverId,
            message_key: step.messageKey,
            escalated_to_id: step.escalatedToId,
          })),
        ),
      ),
      now.toISOString(),
    ],
    ([row]) => row?.id != null,
  );
  // The member or the customer's requests changed since they were read: the full path reads again.
  if (!result || result.guarded === 0) return { ...fullPath, stale: true };
  if (result.id === null) return { submitted: { kind: 'replay' }, customer };
  deps.outboxQueued();
  return { submitted: submittedAs(filing, requestId, replaced), customer };
}

/** A pending request the statement loaded, as approval-request.ts `loadRequest` gives it. */
function loadedFromJson(
  json: PendingJson,
  customer: Customer,
  currency: string,
  deps: AppDeps,
): LoadedRequest {
  const person = (row: Record<string, unknown> | null) => memberFromJson(row, deps);
  return {
    request: rowFromJson(discountRequests, json.request),
    customer: { name: customer.name, tier: customer.tier as Tier },
    requester: person(json.requester)!,
    steps: json.steps.map(({ step, approver, decidedBy, onBehalfOf, escalatedTo }) => {
      const [by, behalf, escalated] = [person(decidedBy), person(onBehalfOf), person(escalatedTo)];
      return {
        ...rowFromJson(approvalSteps, step),
        approver: person(approver)!,
        ...(by ? { decidedBy: by } : {}),
        ...(behalf ? { onBehalfOf: behalf } : {}),
        ...(escalated ? { escalatedTo: escalated } : {}),
      };
    }),
    currency,
  };
}

/** The managers overdue steps of these requests went to: they hold a copy of its message too. */
function escalatedManagers(replacing: LoadedRequest[]): Map<number, Member> {
  const managers = new Map<number, Member>();
  for (const { steps } of replacing)
    for (const step of steps) if (step.escalatedTo) managers.set(step.escalatedTo.id, step.escalatedTo);
  return managers;
}

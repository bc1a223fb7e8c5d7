/** A discount request as its approvers see it, and who may decide its current step. */
import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { approvalSteps, customers, discountRequests, members } from '../../db/schema.ts';
import type { ErrorCode, UserError } from '../../domain/errors.ts';
import type { DiscountReason, Tier } from '../../domain/vocabulary.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { asMember, findMember, type Member, memberById } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import type { ApprovalFacts } from './approval-message.ts';

type StepRow = typeof approvalSteps.$inferSelect;

/** The members table again, as the approver of each step (the first join is the requester). */
const stepApprover = alias(members, 'step_approver');

export type LoadedRequest = {
  request: typeof discountRequests.$inferSelect;
  customer: { name: string; tier: Tier };
  requester: Member;
  steps: (StepRow & {
    approver: Member;
    decidedBy?: Member;
    onBehalfOf?: Member;
    /** The manager an overdue step went to: they and the rep read the escalated copy. */
    escalatedTo?: Member;
  })[];
  /** The team's: every amount of the request is written in it. */
  currency: string;
};

export async function loadRequest(deps: AppDeps, requestId: number): Promise<LoadedRequest | undefined> {
  // One statement for the request and its steps: every click and command on a request starts here.
  const rows = await deps.db
    .select({
      request: discountRequests,
      customerName: customers.name,
      tier: customers.tier,
      requester: members,
      step: approvalSteps,
      approver: stepApprover,
    })
    .from(discountRequests)
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .innerJoin(members, eq(members.id, discountRequests.requesterId))
    .leftJoin(approvalSteps, eq(approvalSteps.requestId, discountRequests.id))
    .leftJoin(stepApprover, eq(stepApprover.id, approvalSteps.approverId))
    .where(eq(discountRequests.id, requestId))
    .orderBy(asc(approvalSteps.stepNo));
  const [row] = rows;
  if (!row) return undefined;
  const stepRows = rows.flatMap(({ step, approver }) => (step && approver ? [{ step, approver }] : []));
  const byId = new Map(stepRows.map((s) => [s.approver.id, asMember(s.approver, deps.defaults)]));
  const someone = async (id: number | null): Promise<Member | undefined> => {
    if (id === null) return undefined;
    const known = byId.get(id);
    if (known) return known;
    const [other] = await deps.db.select().from(members).where(eq(members.id, id));
    return other ? asMember(other, deps.defaults) : undefined;
  };
  const steps = [];
  for (const { step, approver } of stepRows) {
    const decidedBy = await someone(step.decidedById);
    const onBehalfOf = await someone(step.onBehalfOfId);
    const escalatedTo = await someone(step.escalatedToId);
    steps.push({
      ...step,
      approver: asMember(approver, deps.defaults),
      ...(decidedBy ? { decidedBy } : {}),
      ...(onBehalfOf ? { onBehalfOf } : {}),
      ...(escalatedTo ? { escalatedTo } : {}),
    });
  }
  return {
    request: row.request,
    customer: { name: row.customerName, tier: row.tier as Tier },
    requester: asMember(row.requester, deps.defaults),
    steps,
    currency: (await loadSettings(deps.db)).currency,
  };
}

function alreadyDecided(reader: Member, step: LoadedRequest['steps'][number]): UserError {
  const outcomes = catalog(reader.lang).outcomes as Record<string, string>;
  const outcome = outcomes[step.status] ?? step.status;
  return {
    code: 'already_decided',
    params: {
      outcome,
      by: step.decidedBy?.name ?? '—',
      at: step.decidedAt ? formatDateTime(step.decidedAt, reader.zone) : '—',
    },
  };
}

/**
 * Why a request that is no longer pending cannot be acted on: withdrawn (by whom, when), or decided
 * (the outcome and who ended it).
 */
export async function closedRequestError(
  deps: AppDeps,
  reader: Member,
  loaded: LoadedRequest,
): Promise<UserError> {
  const { request } = loaded;
  const at = (date: Date | null) => (date ? formatDateTime(date, reader.zone) : '—');
  if (request.status === 'withdrawn') {
    const by = request.closedById === null ? undefined : await memberById(deps, request.closedById);
    return {
      code: 'request_withdrawn',
      params: { id: request.id, by: by?.name ?? '—', at: at(request.decidedAt) },
    };
  }
  if (request.status === 'superseded') {
    return {
      code: 'request_superseded',
      params: { id: request.id, newId: request.supersededById ?? '—', at: at(request.decidedAt) },
    };
  }
  const outcomes = catalog(reader.lang).outcomes as Record<string, string>;
  // A declined counter-offer was ended by the rep (or by the clock, when it expired).
  const ended = request.status === 'declined' ? undefined : loaded.steps.filter((s) => s.decidedBy).at(-1);
  return {
    code: 'request_closed',
    params: {
      id: request.id,
      outcome: outcomes[request.status] ?? request.status,
      by: ended?.decidedBy?.name ?? loaded.requester.name,
      at: at(request.decidedAt),
    },
  };
}

type Check =
  | { ok: true; member: Member; loaded: LoadedRequest; step: LoadedRequest['steps'][number] }
  | { ok: false; message: Message };

/** Who may decide: the approver of the step, never the requester, and only while it is pending. */
export async function checkCanDecide(
  deps: AppDeps,
  actor: Actor,
  requestId: number,
  stepNo: number,
): Promise<Check> {
  // Who clicks and what they clicked are independent reads: both at once, one round trip less.
  const [member, loaded] = await Promise.all([findMember(deps, actor), loadRequest(deps, requestId)]);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  const refuse = (code: ErrorCode, params?: UserError['params']): Check => ({
    ok: false,
    message: errorMessage(member, params ? { code, params } : { code }),
  });
  const step = loaded?.steps.find((s) => s.stepNo === stepNo);
  if (!loaded || !step) return refuse('request_not_found');
  if (loaded.request.status === 'withdrawn' || loaded.request.status === 'superseded')
    return { ok: false, message: errorMessage(member, await closedRequestError(deps, member, loaded)) };
  if (loaded.requester.id === member.id) return refuse('own_request');
  if (step.status !== 'pending')
    return { ok: false, message: errorMessage(member, alreadyDecided(member, step)) };
  // After an escalation the approver's manager may decide in the approver's place — but one person
  // never decides two steps of one request: a two-step chain needs two people.
  const holdsAnotherStep = loaded.steps.some(
    (other) => other.id !== step.id && (other.approverId === member.id || other.decidedById === member.id),
  );
  const mayDecide = step.approverId === member.id || (step.escalatedToId === member.id && !holdsAnotherStep);
  if (!mayDecide) return refuse('not_approver', { approver: step.approver.name });
  return { ok: true, member, loaded, step };
}

export function factsFor(
  loaded: LoadedRequest,
  stepNo: number,
  recent: ApprovalFacts['recent'],
): ApprovalFacts {
  const away = loaded.steps.find((step) => step.stepNo === stepNo)?.onBehalfOf;
  return {
    requestId: loaded.request.id,
    stepNo,
    steps: loaded.steps.length,
    customer: loaded.customer,
    requester: { name: loaded.requester.name },
    percent: loaded.request.percent,
    ...(loaded.request.askedPercent !== null ? { askedPercent: loaded.request.askedPercent } : {}),
    amount: loaded.request.amount,
    currency: loaded.currency,
    reason: loaded.request.reason as DiscountReason,
    justification: loaded.request.justification,
    recent,
    deal: loaded.request.dealRef,
    ...(away ? { onBehalfOf: { name: away.name, until: away.awayUntil } } : {}),
  };
}

/**
 * What the notifications of a closing were drawn from: each request's status and step, and each
 * step's holder and message. Read again under the request's lock, a difference means someone
 * decided, moved or closed it meanwhile: the caller reloads and tries again.
 */
export function fingerprintOf(loaded: LoadedRequest[]): string {
  return JSON.stringify(
    [...loaded]
      .sort((a, b) => a.request.id - b.request.id)
      .map(({ request, steps }) => [
        request.id,
        request.status,
        request.currentStep,
        steps.map((s) => [s.stepNo, s.status, s.approverId, s.messageKey, s.escalatedToId]),
      ]),
  );
}

export async function currentFingerprint(db: Db, requestIds: number[]): Promise<string> {
  if (requestIds.length === 0) return '[]';
  const requests = await db
    .select({
      id: discountRequests.id,
      status: discountRequests.status,
      currentStep: discountRequests.currentStep,
    })
    .from(discountRequests)
    .where(inArray(discountRequests.id, requestIds))
    .orderBy(asc(discountRequests.id));
  return fingerprintWithSteps(db, requests);
}

/**
 * The fingerprint of requests already read under their lock (`lockRequest` returns the row): only
 * their steps are read, one statement less on every decision.
 */
export async function fingerprintWithSteps(
  db: Db,
  requests: { id: number; status: string; currentStep: number }[],
): Promise<string> {
  if (requests.length === 0) return '[]';
  const steps = await db
    .select()
    .from(approvalSteps)
    .where(
      inArray(
        approvalSteps.requestId,
        requests.map((r) => r.id),
      ),
    )
    .orderBy(asc(approvalSteps.requestId), asc(approvalSteps.stepNo));
  return JSON.stringify(
    [...requests]
      .sort((a, b) => a.id - b.id)
      .map((r) => [
        r.id,
        r.status,
        r.currentStep,
        steps
          .filter((s) => s.requestId === r.id)
          .map((s) => [s.stepNo, s.status, s.approverId, s.messageKey, s.escalatedToId]),
      ]),
  );
}

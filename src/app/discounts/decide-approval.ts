import { and, asc, eq, or, sql } from 'drizzle-orm';
import { approvalSteps, customers, discountRequests, members } from '../../db/schema.ts';
import type { ErrorCode, UserError } from '../../domain/errors.ts';
import type { DiscountReason, Tier } from '../../domain/vocabulary.ts';
import { catalog, formatAmount, formatDateTime } from '../../messages/i18n/index.ts';
import { type Block, type Message, textMessage, withoutMentionMarkers } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { asMember, findMember, type Member } from '../members/members.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { errorMessage, notRegisteredMessage } from '../replies.ts';
import { type ApprovalFacts, approvalMessage, stepValue } from './approval-message.ts';
import { approvalKey, approvalTarget, recentDiscounts } from './request-discount.ts';

export type Decision = 'approved' | 'rejected';

/** The approver may explain a decision; it is shown to the rep, so Slack's section limit applies. */
export const MAX_NOTE_LENGTH = 2000;

type StepRow = typeof approvalSteps.$inferSelect;

export type LoadedRequest = {
  request: typeof discountRequests.$inferSelect;
  customer: { name: string; tier: Tier };
  requester: Member;
  steps: (StepRow & { approver: Member; decidedBy?: Member })[];
};

export async function loadRequest(deps: AppDeps, requestId: number): Promise<LoadedRequest | undefined> {
  const [row] = await deps.db
    .select({
      request: discountRequests,
      customerName: customers.name,
      tier: customers.tier,
      requester: members,
    })
    .from(discountRequests)
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .innerJoin(members, eq(members.id, discountRequests.requesterId))
    .where(eq(discountRequests.id, requestId));
  if (!row) return undefined;
  const stepRows = await deps.db
    .select({ step: approvalSteps, approver: members })
    .from(approvalSteps)
    .innerJoin(members, eq(members.id, approvalSteps.approverId))
    .where(eq(approvalSteps.requestId, requestId))
    .orderBy(asc(approvalSteps.stepNo));
  const byId = new Map(stepRows.map((s) => [s.approver.id, asMember(s.approver, deps.defaults)]));
  const steps = [];
  for (const { step, approver } of stepRows) {
    let decidedBy: Member | undefined;
    if (step.decidedById !== null) {
      decidedBy = byId.get(step.decidedById);
      if (!decidedBy) {
        const [other] = await deps.db.select().from(members).where(eq(members.id, step.decidedById));
        decidedBy = other ? asMember(other, deps.defaults) : undefined;
      }
    }
    steps.push({ ...step, approver: asMember(approver, deps.defaults), ...(decidedBy ? { decidedBy } : {}) });
  }
  return {
    request: row.request,
    customer: { name: row.customerName, tier: row.tier as Tier },
    requester: asMember(row.requester, deps.defaults),
    steps,
  };
}

function alreadyDecided(reader: Member, step: LoadedRequest['steps'][number]): UserError {
  const c = catalog(reader.lang);
  const outcome =
    step.status === 'approved' || step.status === 'rejected' ? c.outcomes[step.status] : step.status;
  return {
    code: 'already_decided',
    params: {
      outcome,
      by: step.decidedBy?.name ?? '—',
      at: step.decidedAt ? formatDateTime(step.decidedAt, reader.zone) : '—',
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
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: notRegisteredMessage(deps) };
  const refuse = (code: ErrorCode, params?: UserError['params']): Check => ({
    ok: false,
    message: errorMessage(member, params ? { code, params } : { code }),
  });
  const loaded = await loadRequest(deps, requestId);
  const step = loaded?.steps.find((s) => s.stepNo === stepNo);
  if (!loaded || !step) return refuse('request_not_found');
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

export type DecisionInput = { requestId: number; stepNo: number; decision: Decision; note?: string };

export type DecisionResult = { ok: true; message: Message } | { ok: false; message: Message };

/**
 * Records a decision exactly once: the step row changes only while still pending, so of two
 * simultaneous clicks one wins and the other is told who decided.
 */
export async function decide(deps: AppDeps, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
  const check = await checkCanDecide(deps, actor, input.requestId, input.stepNo);
  if (!check.ok) return check;
  const { member, loaded, step } = check;
  const cleaned = input.note ? withoutMentionMarkers(input.note).trim() : '';
  const note = cleaned ? cleaned : undefined;
  if (note && note.length > MAX_NOTE_LENGTH) {
    return {
      ok: false,
      message: errorMessage(member, { code: 'note_too_long', params: { max: MAX_NOTE_LENGTH } }),
    };
  }
  const now = deps.clock.now();
  const recent = await recentDiscounts(deps.db, loaded.request.customerId, now, loaded.request.id);
  const next = loaded.steps.find((s) => s.stepNo === step.stepNo + 1);
  const won = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(approvalSteps)
      .set({ status: input.decision, decidedById: member.id, decidedAt: now, note: note ?? null })
      .where(and(eq(approvalSteps.id, step.id), eq(approvalSteps.status, 'pending')))
      .returning({ id: approvalSteps.id });
    if (!updated) return false;
    const finished = input.decision === 'rejected' || !next;
    const requestStatus = finished ? input.decision : 'pending';
    await tx
      .update(discountRequests)
      .set(finished ? { status: requestStatus, decidedAt: now } : { currentStep: next!.stepNo })
      .where(eq(discountRequests.id, loaded.request.id));
    if (input.decision === 'rejected') {
      await tx
        .update(approvalSteps)
        .set({ status: 'cancelled' })
        .where(and(eq(approvalSteps.requestId, loaded.request.id), eq(approvalSteps.status, 'waiting')));
    } else if (next) {
      await tx
        .update(approvalSteps)
        .set({ status: 'pending', pendingSince: now })
        .where(eq(approvalSteps.id, next.id));
    }
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: `approval.${input.decision}`,
        entity: 'approval_step',
        entityId: step.id,
        before: { status: 'pending' },
        after: { status: input.decision, note: note ?? null },
      },
      {
        at: now,
        actorId: member.id,
        action: finished ? `discount.${input.decision}` : 'discount.forwarded',
        entity: 'discount_request',
        entityId: loaded.request.id,
        before: { status: loaded.request.status, currentStep: loaded.request.currentStep },
        after: { status: requestStatus, currentStep: finished ? loaded.request.currentStep : next!.stepNo },
      },
    ]);
    await enqueue(
      tx,
      decisionNotifications(
        loaded,
        step,
        member,
        input.decision,
        note,
        now,
        recent,
        finished ? undefined : next,
      ),
    );
    return true;
  });
  if (!won) {
    // Lost the race to a simultaneous click: report the decision that won.
    const again = await checkCanDecide(deps, actor, input.requestId, input.stepNo);
    return again.ok ? { ok: false, message: errorMessage(member, { code: 'internal' }) } : again;
  }
  deps.outboxQueued();
  const c = catalog(member.lang);
  return {
    ok: true,
    message: textMessage(
      c.approval.decided({
        outcome: c.outcomes[input.decision],
        by: member.name,
        at: formatDateTime(now, member.zone),
      }),
    ),
  };
}

export function factsFor(
  loaded: LoadedRequest,
  stepNo: number,
  recent: ApprovalFacts['recent'],
): ApprovalFacts {
  return {
    requestId: loaded.request.id,
    stepNo,
    steps: loaded.steps.length,
    customer: loaded.customer,
    requester: { name: loaded.requester.name },
    percent: loaded.request.percent,
    amount: loaded.request.amount,
    reason: loaded.request.reason as DiscountReason,
    justification: loaded.request.justification,
    recent,
  };
}

/** The approval message updated in place, the outcome in its thread, the rep told, the next approver asked. */
function decisionNotifications(
  loaded: LoadedRequest,
  step: LoadedRequest['steps'][number],
  decider: Member,
  decision: Decision,
  note: string | undefined,
  at: Date,
  recent: ApprovalFacts['recent'],
  next: LoadedRequest['steps'][number] | undefined,
): OutboxItem[] {
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const parentKey = step.messageKey ?? approvalKey(request.id, step.stepNo);
  const prefix = `approval:${request.id}:${step.stepNo}:${decision}`;
  const rc = catalog(requester.lang);
  const threadLines = [rc.approval.threadOutcome({ by: decider.name, outcome: rc.outcomes[decision] })];
  if (note) threadLines.push(rc.approval.threadNote({ note }));
  if (next) threadLines.push(rc.approval.nextStep({ approver: next.approver.name }));
  const summary = {
    id: request.id,
    percent: request.percent,
    customer: loaded.customer.name,
    by: decider.name,
  };
  const repText = next
    ? rc.approval.repForwarded({ ...summary, next: next.approver.name })
    : decision === 'approved'
      ? rc.approval.repApproved(summary)
      : rc.approval.repRejected(summary);
  const repBlocks: Block[] = [{ type: 'text', text: repText }];
  if (note) repBlocks.push({ type: 'context', text: rc.approval.threadNote({ note }) });
  repBlocks.push({ type: 'permalink', label: rc.discount.openApproval, outboxKey: parentKey });
  const items: OutboxItem[] = [
    {
      key: `${prefix}:update`,
      platform,
      target: { type: 'update', parentKey },
      message: approvalMessage(step.approver, factsFor(loaded, step.stepNo, recent), {
        kind: 'decided',
        outcome: decision,
        by: decider.name,
        at,
      }),
    },
    {
      key: `${prefix}:thread`,
      platform,
      target: { type: 'thread', parentKey },
      message: textMessage(threadLines.join('\n')),
    },
    {
      key: `${prefix}:rep`,
      platform,
      target: { type: 'dm', userId: requester.userId },
      message: { text: repText, blocks: repBlocks },
    },
  ];
  if (step.escalatedAt) {
    // The escalation message carries buttons too: it shows the outcome as well.
    items.push({
      key: `${prefix}:update-escalated`,
      platform,
      target: { type: 'update', parentKey: `${parentKey}:escalated` },
      message: approvalMessage(decider, factsFor(loaded, step.stepNo, recent), {
        kind: 'decided',
        outcome: decision,
        by: decider.name,
        at,
      }),
    });
  }
  if (next) {
    items.push({
      key: approvalKey(request.id, next.stepNo),
      platform,
      target: approvalTarget(requester, next.approver),
      message: approvalMessage(next.approver, factsFor(loaded, next.stepNo, recent), { kind: 'pending' }),
    });
  }
  return items;
}

const LIST_LIMIT = 20;

/** `/approvals`: what waits on this member, oldest first, each with its buttons. */
export async function pendingApprovals(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return notRegisteredMessage(deps);
  const c = catalog(member.lang);
  const rows = await deps.db
    .select({
      requestId: discountRequests.id,
      stepNo: approvalSteps.stepNo,
      percent: discountRequests.percent,
      amount: discountRequests.amount,
      reason: discountRequests.reason,
      customer: customers.name,
      requester: members.name,
      since: approvalSteps.pendingSince,
      total: sql<number>`count(*) over ()`,
    })
    .from(approvalSteps)
    .innerJoin(discountRequests, eq(discountRequests.id, approvalSteps.requestId))
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .innerJoin(members, eq(members.id, discountRequests.requesterId))
    .where(
      and(
        or(eq(approvalSteps.approverId, member.id), eq(approvalSteps.escalatedToId, member.id)),
        eq(approvalSteps.status, 'pending'),
      ),
    )
    .orderBy(asc(approvalSteps.pendingSince))
    .limit(LIST_LIMIT);
  if (rows.length === 0) return textMessage(c.approval.pendingNone);
  const total = Number(rows[0]!.total);
  const header = c.approval.pendingHeader({ count: total });
  const blocks: Block[] = [{ type: 'header', text: header }];
  for (const row of rows) {
    const value = stepValue(row.requestId, row.stepNo);
    blocks.push({
      type: 'text',
      text: [
        c.approval.header({ id: row.requestId, percent: row.percent, customer: row.customer }),
        `${row.requester} · ${c.reasons[row.reason as DiscountReason] ?? row.reason}${row.amount === null ? '' : ` · ${formatAmount(row.amount, member.lang)}`}`,
        row.since ? c.approval.waitingSince({ since: formatDateTime(row.since, member.zone) }) : '',
      ]
        .filter(Boolean)
        .join('\n'),
    });
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: 'approval.approve', label: c.approval.approve, value, style: 'primary' },
        { actionId: 'approval.reject', label: c.approval.reject, value, style: 'danger' },
      ],
    });
  }
  if (total > rows.length)
    blocks.push({ type: 'context', text: c.customer.more({ count: total - rows.length }) });
  return { text: header, blocks };
}

/** After a decision taken from the `/approvals` list: the list again, what was just done on top. */
export async function pendingApprovalsAfter(deps: AppDeps, actor: Actor, done: Message): Promise<Message> {
  const list = await pendingApprovals(deps, actor);
  return { text: done.text, blocks: [{ type: 'context', text: `✓ ${done.text}` }, ...list.blocks] };
}

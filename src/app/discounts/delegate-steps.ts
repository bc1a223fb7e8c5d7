/**
 * Approvals of a member who is away go to their delegate (README, "Away and delegates"): at filing,
 * when a later step becomes pending, and — for steps already waiting — when the away period begins.
 */
import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import { approvalSteps, members } from '../../db/schema.ts';
import { addDays } from '../../domain/dates.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { awayAt, delegateFor, type Lookup, memberLookup } from '../members/delegation.ts';
import { asMember, type Member, memberById } from '../members/members.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { approvalMessage } from './approval-message.ts';
import { escalationKey } from './approval-reminders.ts';
import { factsFor, type LoadedRequest, loadRequest } from './approval-request.ts';
import { approvalKey, approvalTarget, recentDiscounts } from './approval-routing.ts';
import { lockPendingRequest } from './request-lock.ts';
import { escalationReaders, forReaders, stepReaders } from './shared-conversation.ts';

/** Who decides a step: its approver, or their delegate while they are away (onBehalfOf). */
export type Assignment = { approver: Member; onBehalfOf?: Member };

/** The approver on duty at `at`; undefined when they are away and nobody can stand in. */
export async function onDuty(
  lookup: Lookup,
  approver: Member,
  at: Date,
  excluded: ReadonlySet<number>,
): Promise<Assignment | undefined> {
  const isAway = awayAt(at);
  if (!isAway(approver)) return { approver };
  const delegate = await delegateFor(lookup, approver, isAway, excluded);
  return delegate ? { approver: delegate, onBehalfOf: approver } : undefined;
}

/**
 * Filing: every step's approver on duty. A delegate is never the rep who asked, nor the approver
 * of another step (one person never decides two steps of a request). Undefined: nobody can.
 */
export async function assignApprovers(
  deps: AppDeps,
  requester: Member,
  approvers: Member[],
  at: Date,
): Promise<Assignment[] | undefined> {
  const lookup = memberLookup(deps);
  const assigned: Assignment[] = [];
  for (const [index, approver] of approvers.entries()) {
    const excluded = new Set([
      requester.id,
      ...assigned.map((a) => a.approver.id),
      ...approvers.slice(index + 1).map((a) => a.id),
    ]);
    const duty = await onDuty(lookup, approver, at, excluded);
    if (!duty) return undefined;
    assigned.push(duty);
  }
  return assigned;
}

/** People a step of this request may not be given to: the requester and whoever holds another step. */
export function excludedFor(loaded: LoadedRequest, stepId: number): Set<number> {
  const others = loaded.steps.filter((s) => s.id !== stepId);
  return new Set([
    loaded.requester.id,
    ...others.map((s) => s.approverId),
    ...others.flatMap((s) => (s.decidedById === null ? [] : [s.decidedById])),
  ]);
}

/**
 * Moves the pending steps of approvers away at `at` (all of them, or one member's) to their
 * delegates. Run by every scheduler tick and at once when an away period begins today; each
 * step moves once, whichever instance gets there first (a conditional update).
 */
export async function moveAwayApprovals(deps: AppDeps, at: Date, memberId?: number): Promise<number> {
  // Local dates are within a day of the UTC date: the database narrows, the member's zone decides.
  const day = at.toISOString().slice(0, 10);
  const conditions: SQL[] = [
    eq(approvalSteps.status, 'pending'),
    lte(members.awayFrom, addDays(day, 1)),
    gte(members.awayUntil, addDays(day, -1)),
  ];
  if (memberId !== undefined) conditions.push(eq(members.id, memberId));
  const rows = await deps.db
    .select({ step: approvalSteps, approver: members })
    .from(approvalSteps)
    .innerJoin(members, eq(members.id, approvalSteps.approverId))
    .where(and(...conditions));
  const lookup = memberLookup(deps);
  let moved = 0;
  for (const { step, approver } of rows) {
    const away = asMember(approver, deps.defaults);
    if (!awayAt(at)(away)) continue;
    if (await moveStep(deps, lookup, step.requestId, step.id, away, at)) moved++;
  }
  if (moved > 0) deps.outboxQueued();
  return moved;
}

/**
 * A member who left the team (members/leave-team.ts): the steps waiting on them go up their
 * reporting line now, for good — the new approver decides in their own name.
 */
export async function moveStepsOfLeaver(deps: AppDeps, leaver: Member, at: Date): Promise<number> {
  const rows = await deps.db
    .select({ id: approvalSteps.id, requestId: approvalSteps.requestId })
    .from(approvalSteps)
    .where(and(eq(approvalSteps.status, 'pending'), eq(approvalSteps.approverId, leaver.id)));
  const lookup = memberLookup(deps);
  let moved = 0;
  for (const step of rows) {
    if (await moveStep(deps, lookup, step.requestId, step.id, leaver, at, true)) moved++;
  }
  if (moved > 0) deps.outboxQueued();
  return moved;
}

async function moveStep(
  deps: AppDeps,
  lookup: Lookup,
  requestId: number,
  stepId: number,
  away: Member,
  at: Date,
  left = false,
): Promise<boolean> {
  const loaded = await loadRequest(deps, requestId);
  const step = loaded?.steps.find((s) => s.id === stepId);
  if (!loaded || !step || step.status !== 'pending' || step.approverId !== away.id) return false;
  // One who left is passed over as if away for good: their named delegate, else up the line.
  const isAway = left ? (m: Member) => m.id === away.id || awayAt(at)(m) : awayAt(at);
  const delegate = await delegateFor(lookup, away, isAway, excludedFor(loaded, step.id));
  if (!delegate) {
    // Stays with the away approver (reminders and escalation still apply); tried again next tick.
    deps.logger.debug({ requestId, stepNo: step.stepNo }, 'no delegate on duty for an away approver');
    return false;
  }
  const { request } = loaded;
  const newKey = `${approvalKey(request.id, step.stepNo)}:to:${delegate.id}:${at.getTime()}`;
  const recent = await recentDiscounts(deps.db, request.customerId, at, request.id);
  // An escalated step: the manager holds a copy of its message, which must say where it went.
  const escalatedTo =
    step.escalatedAt && step.escalatedToId !== null ? await memberById(deps, step.escalatedToId) : undefined;
  const items = moveNotifications(loaded, step, { away, delegate, newKey, recent, at, escalatedTo, left });
  return deps.db.transaction(async (tx) => {
    // The request row is the lock decisions and withdrawals take: a closed request stays as it is.
    if (!(await lockPendingRequest(tx, request.id))) return false;
    const [updated] = await tx
      .update(approvalSteps)
      // The delegate gets the full time before a reminder or an escalation: an escalation over the
      // away approver's head is not one over the delegate's.
      .set({
        approverId: delegate.id,
        onBehalfOfId: left ? null : away.id,
        messageKey: newKey,
        pendingSince: at,
        remindedAt: null,
        escalatedToId: null,
        escalatedAt: null,
      })
      .where(
        and(
          eq(approvalSteps.id, step.id),
          eq(approvalSteps.status, 'pending'),
          eq(approvalSteps.approverId, away.id),
        ),
      )
      .returning({ id: approvalSteps.id });
    if (!updated) return false;
    await audit(tx, [
      {
        at,
        actorId: null,
        action: 'approval.delegated',
        entity: 'approval_step',
        entityId: step.id,
        before: { approverId: away.id, ...(escalatedTo ? { escalatedToId: escalatedTo.id } : {}) },
        after: left
          ? { approverId: delegate.id, left: true }
          : { approverId: delegate.id, onBehalfOfId: away.id, awayUntil: away.awayUntil },
      },
    ]);
    await enqueue(tx, items);
    return true;
  });
}

type Move = {
  away: Member;
  delegate: Member;
  newKey: string;
  recent: Awaited<ReturnType<typeof recentDiscounts>>;
  at: Date;
  escalatedTo: Member | undefined;
  /** The approver left the team: said so, and the new approver decides in their own name. */
  left: boolean;
};

/**
 * The old message (and the manager's escalated copy of it) says where the step went, the delegate
 * gets their own, the rep is told.
 */
function moveNotifications(loaded: LoadedRequest, step: LoadedRequest['steps'][number], move: Move) {
  const { request, requester } = loaded;
  const { away, delegate, newKey, recent, at, escalatedTo, left } = move;
  const platform = requester.platform as Actor['platform'];
  const oldKey = step.messageKey ?? approvalKey(request.id, step.stepNo);
  const until = away.awayUntil ?? '—';
  const facts = factsFor(loaded, step.stepNo, recent);
  const delegateFacts = left ? facts : { ...facts, onBehalfOf: { name: away.name, until: away.awayUntil } };
  const moved = { kind: 'moved' as const, to: delegate.name, away: away.name, until, left };
  const repText = catalog(requester.lang).away[left ? 'repMovedLeft' : 'repMoved']({
    id: request.id,
    percent: request.percent,
    customer: loaded.customer.name,
    delegate: delegate.name,
    away: away.name,
    until,
  });
  const items: OutboxItem[] = [
    {
      key: `${oldKey}:moved`,
      platform,
      target: { type: 'update', parentKey: oldKey },
      message: forReaders(stepReaders(loaded, step), (reader) => approvalMessage(reader, facts, moved), away),
    },
    {
      key: newKey,
      platform,
      target: approvalTarget(requester, delegate),
      message: forReaders(
        [requester, delegate],
        (reader) => approvalMessage(reader, delegateFacts, { kind: 'pending' }),
        delegate,
      ),
    },
    {
      key: `discount:${request.id}:moved:${step.stepNo}:${at.getTime()}`,
      platform,
      target: { type: 'dm', userId: requester.userId },
      message: {
        text: repText,
        blocks: [
          { type: 'text', text: repText },
          { type: 'permalink', label: catalog(requester.lang).discount.openApproval, outboxKey: newKey },
        ],
      },
    },
  ];
  if (escalatedTo) {
    const copyKey = escalationKey(request.id, step);
    items.push({
      key: `${copyKey}:moved`,
      platform,
      target: { type: 'update', parentKey: copyKey },
      message: forReaders(
        escalationReaders(loaded, escalatedTo),
        (reader) => approvalMessage(reader, facts, moved),
        escalatedTo,
      ),
    });
  }
  return items;
}

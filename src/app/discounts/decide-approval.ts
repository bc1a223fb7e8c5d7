import { and, eq, or } from 'drizzle-orm';
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Message, textMessage, withoutMentionMarkers } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { homeRedraws } from '../home/home-refresh.ts';
import { memberLookup } from '../members/delegation.ts';
import type { Member } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { errorMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import {
  checkCanDecide,
  fingerprintOf,
  fingerprintWithSteps,
  type LoadedRequest,
} from './approval-request.ts';
import { recentDiscounts } from './approval-routing.ts';
import { decisionNotifications } from './decision-notifications.ts';
import { excludedFor, onDuty } from './delegate-steps.ts';
import { lockRequest } from './request-lock.ts';

export type Decision = 'approved' | 'rejected';

/** The approver may explain a decision; it is shown to the rep, so Slack's section limit applies. */
export const MAX_NOTE_LENGTH = 2000;

export type DecisionInput = { requestId: number; stepNo: number; decision: Decision; note?: string };

export type DecisionResult = { ok: true; message: Message } | { ok: false; message: Message };

/**
 * Records a decision exactly once: the step row changes only while still pending, so of two
 * simultaneous clicks one wins and the other is told who decided. A request that changed between
 * the read and the lock (moved, escalated) is read again and the decision starts over.
 */
export async function decide(
  deps: AppDeps,
  actor: Actor,
  input: DecisionInput,
  attempt = 1,
): Promise<DecisionResult> {
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
  const { currency } = await loadSettings(deps.db);
  const waiting = loaded.steps.find((s) => s.stepNo === step.stepNo + 1);
  // A later step goes to its approver's delegate if they are away the day it becomes pending.
  const next =
    waiting && input.decision === 'approved' ? await onDutyFor(deps, loaded, waiting, member, now) : waiting;
  const onward = next ? { ...loaded, steps: loaded.steps.map((s) => (s.id === next.id ? next : s)) } : loaded;
  const won = await transaction(deps.db, async (tx) => {
    // The request row is the lock a decision and a withdrawal both take: of the two, one wins.
    const locked = await lockRequest(tx, loaded.request.id);
    if (locked?.status !== 'pending') return false;
    // Read before the lock: a move, an escalation or another decision since would leave the messages
    // drawn from a stale step (the wrong holder, message or copy), so read again and start over.
    if ((await fingerprintWithSteps(tx, [locked])) !== fingerprintOf([loaded])) return 'stale';
    const [updated] = await tx
      .update(approvalSteps)
      .set({ status: input.decision, decidedById: member.id, decidedAt: now, note: note ?? null })
      .where(
        and(
          eq(approvalSteps.id, step.id),
          eq(approvalSteps.status, 'pending'),
          // Still theirs: a step handed to a delegate meanwhile is no longer the away approver's to decide.
          or(eq(approvalSteps.approverId, member.id), eq(approvalSteps.escalatedToId, member.id)),
        ),
      )
      .returning({ id: approvalSteps.id });
    if (!updated) return false;
    const finished = input.decision === 'rejected' || !next;
    const requestStatus = finished ? input.decision : 'pending';
    await tx
      .update(discountRequests)
      .set(
        finished
          ? {
              status: requestStatus,
              decidedAt: now,
              grantedPercent: input.decision === 'approved' ? loaded.request.percent : null,
            }
          : { currentStep: next!.stepNo },
      )
      .where(eq(discountRequests.id, loaded.request.id));
    if (input.decision === 'rejected') {
      await tx
        .update(approvalSteps)
        .set({ status: 'cancelled' })
        .where(and(eq(approvalSteps.requestId, loaded.request.id), eq(approvalSteps.status, 'waiting')));
    } else if (next) {
      await tx
        .update(approvalSteps)
        .set({
          status: 'pending',
          pendingSince: now,
          approverId: next.approverId,
          onBehalfOfId: next.onBehalfOfId,
        })
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
        after: {
          status: requestStatus,
          currentStep: finished ? loaded.request.currentStep : next!.stepNo,
          ...(finished ? {} : { approverId: next!.approverId, onBehalfOfId: next!.onBehalfOfId }),
        },
      },
    ]);
    // The homes' redraws go in the same insert as the notifications: one statement, not two.
    const homes = await homeRedraws(tx, [
      member.id,
      loaded.request.requesterId,
      finished ? undefined : next?.approverId,
    ]);
    await enqueue(tx, [
      ...decisionNotifications({
        loaded: onward,
        step,
        decider: member,
        decision: input.decision,
        note,
        at: now,
        recent,
        next: finished ? undefined : next,
        currency,
      }),
      ...homes,
    ]);
    return true;
  });
  if (won === 'stale' && attempt < 3) return decide(deps, actor, input, attempt + 1);
  if (won !== true) {
    // Lost the race to a simultaneous click, a withdrawal or a move: say what happened instead.
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

type Step = LoadedRequest['steps'][number];

/**
 * The step as it will be activated, with whoever is on duty for its original approver now: the
 * delegate chosen at filing may no longer be the one (the approver is back, or named someone else).
 */
export async function onDutyFor(deps: AppDeps, loaded: LoadedRequest, step: Step, decider: Member, at: Date) {
  const lookup = memberLookup(deps);
  const excluded = excludedFor(loaded, step.id).add(decider.id);
  const original = await lookup(step.onBehalfOfId ?? step.approverId);
  // Left the team, or would decide two steps: the step stays with whoever holds it.
  if (!original || excluded.has(original.id)) return step;
  const duty = await onDuty(lookup, original, at, excluded);
  // Nobody to stand in (the walk refuses loops): it stays as it is, and reminders and escalation apply.
  if (!duty) return step;
  const { onBehalfOf: _filedFor, ...held } = step;
  if (!duty.onBehalfOf) return { ...held, approverId: original.id, approver: original, onBehalfOfId: null };
  return {
    ...held,
    approverId: duty.approver.id,
    approver: duty.approver,
    onBehalfOfId: duty.onBehalfOf.id,
    onBehalfOf: duty.onBehalfOf,
  };
}

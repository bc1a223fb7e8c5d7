/**
 * Counter-offer (README, "Counter-offers"): instead of Approve or Reject the approver names a
 * smaller percent; the step waits for the rep's answer (counter-answer.ts), and meanwhile the
 * approvers get no reminders — the rep does (counter-deadlines.ts).
 */
import { and, eq, or } from 'drizzle-orm';
import { approvalSteps } from '../../db/schema.ts';
import { checkCounterPercent } from '../../domain/counter-offer.ts';
import { counterForm, type Form } from '../../messages/forms.ts';
import { catalog, errorText } from '../../messages/i18n/index.ts';
import { type Message, textMessage, withoutMentionMarkers } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { memberById } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import type { FormResult } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { checkCanDecide } from './approval-request.ts';
import { recentDiscounts } from './approval-routing.ts';
import { counterShown, offerNotifications } from './counter-notifications.ts';
import { MAX_NOTE_LENGTH } from './decide-approval.ts';
import { lockPendingRequest } from './request-lock.ts';

export type CounterFormOpening = { ok: true; form: Form } | { ok: false; message: Message };

/** The counter-offer form; someone who may not decide the step is told at once instead. */
export async function counterFormFor(
  deps: AppDeps,
  actor: Actor,
  requestId: number,
  stepNo: number,
  initial: { note?: string } = {},
): Promise<CounterFormOpening> {
  const check = await checkCanDecide(deps, actor, requestId, stepNo);
  if (!check.ok) return check;
  const request = { id: requestId, stepNo, percent: check.loaded.request.percent };
  return { ok: true, form: counterForm(check.member.lang, request, initial) };
}

export type CounterInput = { requestId: number; stepNo: number; percent: string; note?: string };

/**
 * Records the counter-offer exactly once, under the request's lock (as decisions and withdrawals
 * are): of a counter-offer and a click on Approve, one wins. Errors come back by field, so the form
 * stays open with the error under the percent or the note.
 */
export async function offerCounter(deps: AppDeps, actor: Actor, input: CounterInput): Promise<FormResult> {
  const check = await checkCanDecide(deps, actor, input.requestId, input.stepNo);
  if (!check.ok) return { ok: false, fieldErrors: { percent: check.message.text } };
  const { member, loaded, step } = check;
  const say = (error: Parameters<typeof errorText>[1]) => errorText(member.lang, error);
  const note = input.note ? withoutMentionMarkers(input.note).trim() || undefined : undefined;
  if (note && note.length > MAX_NOTE_LENGTH) {
    return {
      ok: false,
      fieldErrors: { note: say({ code: 'note_too_long', params: { max: MAX_NOTE_LENGTH } }) },
    };
  }
  const settings = await loadSettings(deps.db);
  const policy = settings.discountPolicy;
  const percent = checkCounterPercent(input.percent, loaded.request.percent, loaded.steps.length, policy);
  if (!percent.ok) return { ok: false, fieldErrors: { percent: say(percent.error) } };
  const now = deps.clock.now();
  const recent = await recentDiscounts(deps.db, loaded.request.customerId, now, loaded.request.id);
  const escalatedTo = step.escalatedToId === null ? undefined : await memberById(deps, step.escalatedToId);
  const countered = {
    ...step,
    decidedBy: member,
    decidedAt: now,
    note: note ?? null,
    counterPercent: percent.value,
  };
  const counter = counterShown(loaded, countered);
  const won = await transaction(deps.db, async (tx) => {
    if (!(await lockPendingRequest(tx, loaded.request.id))) return false;
    const [updated] = await tx
      .update(approvalSteps)
      .set({
        status: 'countered',
        decidedById: member.id,
        decidedAt: now,
        note: note ?? null,
        counterPercent: percent.value,
      })
      .where(
        and(
          eq(approvalSteps.id, step.id),
          eq(approvalSteps.status, 'pending'),
          or(eq(approvalSteps.approverId, member.id), eq(approvalSteps.escalatedToId, member.id)),
        ),
      )
      .returning({ id: approvalSteps.id });
    if (!updated) return false;
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'approval.countered',
        entity: 'approval_step',
        entityId: step.id,
        before: { status: 'pending', percent: loaded.request.percent },
        after: { status: 'countered', counterPercent: percent.value, note: note ?? null },
      },
    ]);
    await enqueue(
      tx,
      offerNotifications({
        loaded,
        step: countered,
        recent,
        ...(escalatedTo ? { escalatedTo } : {}),
        counter,
        currency: settings.currency,
        days: policy.counterExpiresAfterDays,
      }),
    );
    return true;
  });
  if (!won) {
    // A decision, a withdrawal or another counter-offer came first: say which.
    const again = await checkCanDecide(deps, actor, input.requestId, input.stepNo);
    const text = again.ok ? say({ code: 'internal' }) : again.message.text;
    return { ok: false, fieldErrors: { percent: text } };
  }
  deps.outboxQueued();
  return {
    ok: true,
    message: textMessage(
      catalog(member.lang).counter.sent({
        percent: percent.value,
        id: loaded.request.id,
        customer: loaded.customer.name,
        rep: loaded.requester.name,
      }),
    ),
  };
}

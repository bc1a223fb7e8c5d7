/**
 * Closing a counter-offer without acceptance: declined by the rep or expired (README, "Counter-offers").
 */
import { and, eq, isNull } from 'drizzle-orm';
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { audit } from '../audit.ts';
import type { AppDeps } from '../context.ts';
import { type Member, memberById } from '../members/members.ts';
import type { TeamSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { type Tx, transaction } from '../transaction.ts';
import type { LoadedRequest } from './approval-request.ts';
import { recentDiscounts } from './approval-routing.ts';
import type { CounterAnswer } from './counter-blocks.ts';
import { closedCounterNotifications, counterShown } from './counter-notifications.ts';
import { lockPendingRequest } from './request-lock.ts';

type Step = LoadedRequest['steps'][number];

/** Locks the request and marks the step's offer answered; false when someone else got there first. */
export async function claimAnswer(
  tx: Tx,
  loaded: LoadedRequest,
  step: Step,
  answer: CounterAnswer,
  at: Date,
) {
  if (!(await lockPendingRequest(tx, loaded.request.id))) return false;
  const [updated] = await tx
    .update(approvalSteps)
    .set({
      counterAnswer: answer,
      counterAnsweredAt: at,
      ...(answer === 'accepted' ? { status: 'approved' } : {}),
    })
    .where(
      and(
        eq(approvalSteps.id, step.id),
        eq(approvalSteps.status, 'countered'),
        isNull(approvalSteps.counterAnswer),
      ),
    )
    .returning({ id: approvalSteps.id });
  return updated !== undefined;
}

/**
 * Declined by the rep, or expired (`by` absent): the request is closed as declined, every copy of
 * its messages says so, and the approver who offered is told.
 */
export async function closeOffer(
  deps: AppDeps,
  settings: TeamSettings,
  loaded: LoadedRequest,
  step: Step,
  answer: 'declined' | 'expired',
  by: Member | undefined,
): Promise<string | false> {
  const { request, requester } = loaded;
  const now = deps.clock.now();
  const recent = await recentDiscounts(deps.db, request.customerId, now, request.id);
  const escalatedTo = step.escalatedToId === null ? undefined : await memberById(deps, step.escalatedToId);
  const counter = counterShown(loaded, step);
  const ok = await transaction(deps.db, async (tx) => {
    if (!(await claimAnswer(tx, loaded, step, answer, now))) return false;
    await tx
      .update(discountRequests)
      .set({ status: 'declined', decidedAt: now, closedById: by?.id ?? null })
      .where(eq(discountRequests.id, request.id));
    await tx
      .update(approvalSteps)
      .set({ status: 'cancelled' })
      .where(and(eq(approvalSteps.requestId, request.id), eq(approvalSteps.status, 'waiting')));
    await audit(tx, [
      {
        at: now,
        actorId: by?.id ?? null,
        action: `counter.${answer}`,
        entity: 'discount_request',
        entityId: request.id,
        before: { status: 'pending', counterPercent: counter.percent },
        after: { status: 'declined' },
      },
    ]);
    await enqueue(
      tx,
      closedCounterNotifications({
        loaded,
        step,
        recent,
        ...(escalatedTo ? { escalatedTo } : {}),
        counter,
        currency: settings.currency,
        days: settings.discountPolicy.counterExpiresAfterDays,
        answer,
        at: now,
      }),
    );
    return true;
  });
  if (!ok) return false;
  return catalog(requester.lang).counter.declined({ id: request.id });
}

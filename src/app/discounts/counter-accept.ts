/**
 * Accepting a counter-offer (README, "Counter-offers"): the request goes on at the new percent.
 */
import { and, eq } from 'drizzle-orm';
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import { routeAcceptedCounter } from '../../domain/counter-offer.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import type { TeamSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { transaction } from '../transaction.ts';
import type { LoadedRequest } from './approval-request.ts';
import { recentDiscounts } from './approval-routing.ts';
import { claimAnswer } from './counter-close.ts';
import { answeredOfferUpdate, counterShown } from './counter-notifications.ts';
import { cutInMoney } from './cut-in-money.ts';
import { onDutyFor } from './decide-approval.ts';
import { decisionNotifications } from './decision-notifications.ts';

type Step = LoadedRequest['steps'][number];

/** Accepting: an approval of this step at the counter percent, by the approver who offered it. */
export async function acceptCounter(
  deps: AppDeps,
  settings: TeamSettings,
  loaded: LoadedRequest,
  step: Step,
  rep: Member,
): Promise<string | false> {
  const { request } = loaded;
  const percent = step.counterPercent ?? request.percent;
  const offeredBy = step.decidedBy ?? step.approver;
  const now = deps.clock.now();
  const route = routeAcceptedCounter(percent, step.stepNo, loaded.steps.length, settings.discountPolicy);
  const waiting = route.kind === 'next' ? loaded.steps.find((s) => s.stepNo === route.stepNo) : undefined;
  const next = waiting ? await onDutyFor(deps, loaded, waiting, offeredBy, now) : undefined;
  const recent = await recentDiscounts(deps.db, request.customerId, now, request.id);
  const counter = counterShown(loaded, step, { outcome: 'accepted', at: now });
  const asked = request.askedPercent ?? request.percent;
  const accepted: LoadedRequest = {
    ...loaded,
    request: { ...request, percent, askedPercent: asked },
    steps: loaded.steps.map((s) => (next && s.id === next.id ? next : s)),
  };
  const decidedAt = step.decidedAt ?? now;
  const ok = await transaction(deps.db, async (tx) => {
    if (!(await claimAnswer(tx, loaded, step, 'accepted', now))) return false;
    await tx
      .update(discountRequests)
      .set(
        next
          ? { percent, askedPercent: asked, currentStep: next.stepNo }
          : { percent, askedPercent: asked, status: 'approved', decidedAt: now, grantedPercent: percent },
      )
      .where(eq(discountRequests.id, request.id));
    if (next) {
      await tx
        .update(approvalSteps)
        .set({
          status: 'pending',
          pendingSince: now,
          approverId: next.approverId,
          onBehalfOfId: next.onBehalfOfId,
        })
        .where(eq(approvalSteps.id, next.id));
    } else {
      await tx
        .update(approvalSteps)
        .set({ status: 'cancelled' })
        .where(and(eq(approvalSteps.requestId, request.id), eq(approvalSteps.status, 'waiting')));
    }
    await audit(tx, [
      {
        at: now,
        actorId: rep.id,
        action: next ? 'counter.accepted.forwarded' : 'counter.accepted.approved',
        entity: 'discount_request',
        entityId: request.id,
        before: { status: 'pending', percent: request.percent, currentStep: request.currentStep },
        after: {
          status: next ? 'pending' : 'approved',
          percent,
          currentStep: next ? next.stepNo : request.currentStep,
          offeredById: offeredBy.id,
        },
      },
    ]);
    const approverLines = catalog(offeredBy.lang).counter;
    const told = { rep: rep.name, percent, id: request.id, customer: loaded.customer.name };
    const toldText = sentences(
      approverLines.approverToldAccepted(told),
      next
        ? approverLines.approverToldForwarded({ next: next.approver.name, step: next.stepNo })
        : approverLines.approverToldApproved,
    );
    const repLine = catalog(rep.lang).counter.repAccepted({ percent, at: formatDateTime(now, rep.zone) });
    await enqueue(tx, [
      ...decisionNotifications({
        loaded: accepted,
        step,
        decider: offeredBy,
        decision: 'approved',
        note: step.note ?? undefined,
        at: decidedAt,
        recent,
        next,
        currency: settings.currency,
        counter,
      }),
      answeredOfferUpdate(
        loaded,
        step,
        `counter:${request.id}:${step.stepNo}:accepted:offer-update`,
        `✅ ${repLine}`,
        {
          counter,
          currency: settings.currency,
          days: settings.discountPolicy.counterExpiresAfterDays,
        },
      ),
      {
        key: `counter:${request.id}:${step.stepNo}:accepted:told`,
        platform: rep.platform as Actor['platform'],
        target: { type: 'dm', userId: offeredBy.userId },
        message: textMessage(toldText),
      },
    ]);
    return true;
  });
  if (!ok) return false;
  const t = catalog(rep.lang);
  if (next)
    return t.counter.acceptedNext({ id: request.id, percent, next: next.approver.name, step: next.stepNo });
  const price =
    request.amount === null
      ? ''
      : t.chain.completePrice(cutInMoney(request.amount, percent, settings.currency, rep.lang));
  return sentences(
    t.counter.acceptedApproved({ id: request.id, percent }),
    t.chain.completeApproved({ percent, price }),
  );
}

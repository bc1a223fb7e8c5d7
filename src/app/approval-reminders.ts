import { and, eq, isNull } from 'drizzle-orm';
import { approvalSteps, customers, discountRequests, members } from '../db/schema.ts';
import type { DiscountReason, Tier } from '../domain/vocabulary.ts';
import { workingMinutesBetween } from '../domain/working-time.ts';
import { catalog } from '../messages/i18n/index.ts';
import { mention, textMessage } from '../messages/model.ts';
import { approvalMessage } from './approval-message.ts';
import { audit } from './audit.ts';
import type { Actor, AppDeps } from './context.ts';
import { approvalKey, approvalTarget, recentDiscounts } from './discounts.ts';
import { asMember, managerOf } from './members.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { calendarOf, loadSettings } from './settings.ts';

export const escalationKey = (requestId: number, stepNo: number) =>
  `${approvalKey(requestId, stepNo)}:escalated`;

/**
 * Keeps approvals moving: after `remindAfterHours` working hours (in the approver's zone) a reminder
 * in the approval thread; after `escalateAfterHours` the approver's manager gets the request and may
 * decide instead, and the rep is told. Each happens once: the step row is updated conditionally.
 */
export async function remindAndEscalate(
  deps: AppDeps,
  at: Date,
): Promise<{ reminded: number; escalated: number }> {
  const settings = await loadSettings(deps.db);
  const calendar = calendarOf(settings);
  const rows = await deps.db
    .select({ step: approvalSteps, approver: members, request: discountRequests, customer: customers })
    .from(approvalSteps)
    .innerJoin(members, eq(members.id, approvalSteps.approverId))
    .innerJoin(discountRequests, eq(discountRequests.id, approvalSteps.requestId))
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .where(and(eq(approvalSteps.status, 'pending'), isNull(approvalSteps.escalatedAt)));
  let reminded = 0;
  let escalated = 0;
  for (const { step, approver: approverRow, request, customer } of rows) {
    if (!step.pendingSince) continue;
    const approver = asMember(approverRow, deps.defaults);
    const minutes = workingMinutesBetween(step.pendingSince, at, approver.zone, calendar);
    const parentKey = step.messageKey ?? approvalKey(request.id, step.stepNo);
    const platform = approver.platform as Actor['platform'];
    if (minutes >= settings.escalateAfterHours * 60) {
      const steps = await deps.db
        .select({ id: approvalSteps.id, approverId: approvalSteps.approverId })
        .from(approvalSteps)
        .where(eq(approvalSteps.requestId, request.id));
      // Up the reporting line, past anyone who already holds a step of this request (or asked for it).
      let manager = await managerOf(deps, approver);
      for (let hops = 0; manager && hops < 5; hops++) {
        const candidate = manager;
        if (candidate.id !== request.requesterId && !steps.some((s) => s.approverId === candidate.id)) break;
        manager = await managerOf(deps, candidate);
      }
      const requesterRow = (
        await deps.db.select().from(members).where(eq(members.id, request.requesterId))
      )[0];
      if (!manager || !requesterRow || manager.id === request.requesterId) continue;
      const requester = asMember(requesterRow, deps.defaults);
      const hours = settings.escalateAfterHours;
      const recent = await recentDiscounts(deps.db, customer.id, at, request.id);
      const message = approvalMessage(
        manager,
        {
          requestId: request.id,
          stepNo: step.stepNo,
          steps: steps.length,
          customer: { name: customer.name, tier: customer.tier as Tier },
          requester: { name: requester.name },
          percent: request.percent,
          amount: request.amount,
          reason: request.reason as DiscountReason,
          justification: request.justification,
          recent,
        },
        { kind: 'pending' },
      );
      const intro = catalog(manager.lang).reminders.escalatedIntro({ approver: approver.name, hours });
      const items: OutboxItem[] = [
        {
          key: `${parentKey}:escalation-note`,
          platform,
          target: { type: 'thread', parentKey },
          message: textMessage(
            catalog(requester.lang).reminders.escalated({
              manager: manager.name,
              approver: approver.name,
              hours,
            }),
          ),
        },
        {
          key: escalationKey(request.id, step.stepNo),
          platform,
          target: approvalTarget(requester, manager),
          message: {
            text: `${intro}\n${message.text}`,
            blocks: [{ type: 'context', text: intro }, ...message.blocks],
          },
        },
        {
          key: `${parentKey}:escalated-rep`,
          platform,
          target: { type: 'dm', userId: requester.userId },
          message: textMessage(
            catalog(requester.lang).reminders.repEscalated({
              id: request.id,
              customer: customer.name,
              manager: manager.name,
            }),
          ),
        },
      ];
      const done = await deps.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(approvalSteps)
          .set({ escalatedToId: manager.id, escalatedAt: at })
          .where(
            and(
              eq(approvalSteps.id, step.id),
              eq(approvalSteps.status, 'pending'),
              isNull(approvalSteps.escalatedAt),
            ),
          )
          .returning({ id: approvalSteps.id });
        if (!updated) return false;
        await audit(tx, [
          {
            at,
            actorId: null,
            action: 'approval.escalated',
            entity: 'approval_step',
            entityId: step.id,
            before: { approverId: approver.id },
            after: { escalatedToId: manager.id },
          },
        ]);
        await enqueue(tx, items);
        return true;
      });
      if (done) escalated++;
      continue;
    }
    if (minutes >= settings.remindAfterHours * 60 && !step.remindedAt) {
      const done = await deps.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(approvalSteps)
          .set({ remindedAt: at })
          .where(
            and(
              eq(approvalSteps.id, step.id),
              eq(approvalSteps.status, 'pending'),
              isNull(approvalSteps.remindedAt),
            ),
          )
          .returning({ id: approvalSteps.id });
        if (!updated) return false;
        await enqueue(tx, [
          {
            key: `${parentKey}:reminder`,
            platform,
            target: { type: 'thread', parentKey },
            message: textMessage(
              catalog(approver.lang).reminders.remind({
                approver: mention(approver.userId),
                hours: settings.remindAfterHours,
              }),
            ),
          },
        ]);
        return true;
      });
      if (done) reminded++;
    }
  }
  if (reminded + escalated > 0) deps.outboxQueued();
  return { reminded, escalated };
}

import { and, eq, isNull } from 'drizzle-orm';
import { approvalSteps, members } from '../../db/schema.ts';
import { workingMinutesBetween } from '../../domain/working-time.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { mention, textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { asMember, type Member, managerOf } from '../members/members.ts';
import { calendarOf, loadSettings, type TeamSettings } from '../members/team-settings.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { approvalMessage } from './approval-message.ts';
import { factsFor, loadRequest } from './approval-request.ts';
import { approvalKey, approvalTarget, recentDiscounts } from './approval-routing.ts';
import { lockPendingRequest } from './request-lock.ts';
import { escalationReaders, forReaders, sharedText, stepReaders } from './shared-conversation.ts';

/**
 * The manager's copy of a step's message. Derived from the step's own message, so a step moved to a
 * delegate and escalated again gets a copy of its own (the earlier one says it moved).
 */
export const escalationKey = (requestId: number, step: { stepNo: number; messageKey: string | null }) =>
  `${step.messageKey ?? approvalKey(requestId, step.stepNo)}:escalated`;

type PendingStep = typeof approvalSteps.$inferSelect;

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
    .select({ step: approvalSteps, approver: members })
    .from(approvalSteps)
    .innerJoin(members, eq(members.id, approvalSteps.approverId))
    .where(and(eq(approvalSteps.status, 'pending'), isNull(approvalSteps.escalatedAt)));
  let reminded = 0;
  let escalated = 0;
  for (const { step, approver: row } of rows) {
    if (!step.pendingSince) continue;
    const approver = asMember(row, deps.defaults);
    const minutes = workingMinutesBetween(step.pendingSince, at, approver.zone, calendar);
    if (minutes >= settings.escalateAfterHours * 60) {
      if (await escalate(deps, step, approver, at, settings)) escalated++;
    } else if (minutes >= settings.remindAfterHours * 60 && !step.remindedAt) {
      if (await remind(deps, step, approver, at, settings)) reminded++;
    }
  }
  if (reminded + escalated > 0) deps.outboxQueued();
  return { reminded, escalated };
}

async function remind(deps: AppDeps, step: PendingStep, approver: Member, at: Date, settings: TeamSettings) {
  const parentKey = step.messageKey ?? approvalKey(step.requestId, step.stepNo);
  const loaded = await loadRequest(deps, step.requestId);
  const current = loaded?.steps.find((s) => s.id === step.id);
  // The rep reads the thread too: the approver's language first, the rep's below when it differs.
  const readers = loaded && current ? stepReaders(loaded, current) : [approver];
  return deps.db.transaction(async (tx) => {
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
        platform: approver.platform as Actor['platform'],
        target: { type: 'thread', parentKey },
        message: sharedText(
          readers,
          (c) => c.reminders.remind({ approver: mention(approver.userId), hours: settings.remindAfterHours }),
          approver,
        ),
      },
    ]);
    return true;
  });
}

async function escalate(
  deps: AppDeps,
  step: PendingStep,
  approver: Member,
  at: Date,
  settings: TeamSettings,
) {
  const loaded = await loadRequest(deps, step.requestId);
  if (!loaded) return false;
  const { request, requester } = loaded;
  // Up the reporting line, past anyone who already holds a step of this request (or asked for it).
  let manager = await managerOf(deps, approver);
  for (let hops = 0; manager && hops < 5; hops++) {
    const candidate = manager;
    if (candidate.id !== requester.id && !loaded.steps.some((s) => s.approverId === candidate.id)) break;
    manager = await managerOf(deps, candidate);
  }
  if (!manager || manager.id === requester.id) return false;
  const hours = settings.escalateAfterHours;
  const escalatedTo = manager;
  const parentKey = step.messageKey ?? approvalKey(request.id, step.stepNo);
  const platform = approver.platform as Actor['platform'];
  const recent = await recentDiscounts(deps.db, request.customerId, at, request.id);
  const facts = factsFor(loaded, step.stepNo, recent);
  // The manager's copy goes to a conversation of the rep and the manager; the manager acts on it.
  const copy = forReaders(
    escalationReaders(loaded, manager),
    (reader) => {
      const intro = catalog(reader.lang).reminders.escalatedIntro({ approver: approver.name, hours });
      const message = approvalMessage(reader, facts, { kind: 'pending' });
      return {
        text: `${intro}\n${message.text}`,
        blocks: [{ type: 'context', text: intro }, ...message.blocks],
      };
    },
    manager,
  );
  const current = loaded.steps.find((s) => s.id === step.id);
  const rc = catalog(requester.lang).reminders;
  const items: OutboxItem[] = [
    {
      key: `${parentKey}:escalation-note`,
      platform,
      target: { type: 'thread', parentKey },
      // A nudge to the approver, who may still decide, and news to the rep.
      message: sharedText(
        current ? stepReaders(loaded, current) : [requester, approver],
        (c) => c.reminders.escalated({ manager: escalatedTo.name, approver: approver.name, hours }),
        approver,
      ),
    },
    {
      key: escalationKey(request.id, step),
      platform,
      target: approvalTarget(requester, manager),
      message: copy,
    },
    {
      key: `${parentKey}:escalated-rep`,
      platform,
      target: { type: 'dm', userId: requester.userId },
      message: textMessage(
        rc.repEscalated({ id: request.id, customer: loaded.customer.name, manager: manager.name }),
      ),
    },
  ];
  return deps.db.transaction(async (tx) => {
    // The request row is the lock decisions, withdrawals and moves take: one that read the step before
    // this escalation sees it under that lock, and redraws the manager's copy too.
    if (!(await lockPendingRequest(tx, request.id))) return false;
    const [updated] = await tx
      .update(approvalSteps)
      .set({ escalatedToId: escalatedTo.id, escalatedAt: at })
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
        after: { escalatedToId: escalatedTo.id },
      },
    ]);
    await enqueue(tx, items);
    return true;
  });
}

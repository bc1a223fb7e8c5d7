/**
 * Counter-offers waiting for the rep (README, "Counter-offers"; docs/domain.md): while one waits,
 * the approvers are not reminded (their step is no longer pending) — the rep is, once, after
 * `remindAfterHours` working hours in the rep's zone; after `discountPolicy.counterExpiresAfterDays`
 * working days unanswered, the offer expires and the request is closed as declined. Both happen once:
 * the reminder by a conditional update of the step, the expiry by the same claim a Decline makes.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { approvalSteps, discountRequests, members } from '../../db/schema.ts';
import { workingDayMinutes, workingMinutesBetween } from '../../domain/working-time.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { asMember, type Member } from '../members/members.ts';
import { calendarOf, loadSettings, type TeamSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { loadRequest } from './approval-request.ts';
import { closeOffer } from './counter-close.ts';
import { counterKey } from './counter-notifications.ts';

type CounteredStep = typeof approvalSteps.$inferSelect;

export async function remindAndExpireCounters(
  deps: AppDeps,
  at: Date,
): Promise<{ reminded: number; expired: number }> {
  const settings = await loadSettings(deps.db);
  const calendar = calendarOf(settings);
  const rows = await deps.db
    .select({ step: approvalSteps, rep: members })
    .from(approvalSteps)
    .innerJoin(discountRequests, eq(discountRequests.id, approvalSteps.requestId))
    .innerJoin(members, eq(members.id, discountRequests.requesterId))
    .where(
      and(
        eq(approvalSteps.status, 'countered'),
        isNull(approvalSteps.counterAnswer),
        eq(discountRequests.status, 'pending'),
      ),
    );
  const expireAfter = settings.discountPolicy.counterExpiresAfterDays * workingDayMinutes(calendar);
  let reminded = 0;
  let expired = 0;
  for (const { step, rep: row } of rows) {
    if (!step.decidedAt) continue;
    const rep = asMember(row, deps.defaults);
    const minutes = workingMinutesBetween(step.decidedAt, at, rep.zone, calendar);
    if (minutes >= expireAfter) {
      if (await expire(deps, step, settings)) expired++;
    } else if (minutes >= settings.remindAfterHours * 60 && !step.counterRemindedAt) {
      if (await remindRep(deps, step, rep, at, settings)) reminded++;
    }
  }
  if (reminded + expired > 0) deps.outboxQueued();
  return { reminded, expired };
}

async function expire(deps: AppDeps, step: CounteredStep, settings: TeamSettings): Promise<boolean> {
  const loaded = await loadRequest(deps, step.requestId);
  const current = loaded?.steps.find((s) => s.id === step.id);
  if (!loaded || !current) return false;
  return (await closeOffer(deps, settings, loaded, current, 'expired', undefined)) !== false;
}

async function remindRep(
  deps: AppDeps,
  step: CounteredStep,
  rep: Member,
  at: Date,
  settings: TeamSettings,
): Promise<boolean> {
  const loaded = await loadRequest(deps, step.requestId);
  const current = loaded?.steps.find((s) => s.id === step.id);
  if (!loaded || !current) return false;
  const text = catalog(rep.lang).counter.repReminder({
    by: (current.decidedBy ?? current.approver).name,
    percent: current.counterPercent ?? loaded.request.percent,
    id: loaded.request.id,
    customer: loaded.customer.name,
    days: settings.discountPolicy.counterExpiresAfterDays,
  });
  return deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(approvalSteps)
      .set({ counterRemindedAt: at })
      .where(
        and(
          eq(approvalSteps.id, step.id),
          eq(approvalSteps.status, 'countered'),
          isNull(approvalSteps.counterAnswer),
          isNull(approvalSteps.counterRemindedAt),
        ),
      )
      .returning({ id: approvalSteps.id });
    if (!updated) return false;
    // In the thread of the offer itself, so Accept and Decline are one look away.
    await enqueue(tx, [
      {
        key: `${counterKey(loaded.request.id, step.stepNo)}:reminder`,
        platform: rep.platform as Actor['platform'],
        target: { type: 'thread', parentKey: counterKey(loaded.request.id, step.stepNo) },
        message: textMessage(text),
      },
    ]);
    return true;
  });
}

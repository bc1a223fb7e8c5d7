import { randomUUID } from 'node:crypto';
import type { ReportPeriod } from '../../domain/report-period.ts';
import { mondayOf } from '../../domain/report-week.ts';
import type { WorkingCalendar } from '../../domain/working-time.ts';
import { currentRequest } from '../../request-context.ts';
import type { Actor, AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { enqueue } from '../outbox.ts';
import { loadWeeklyReports } from './weekly-figures.ts';
import { weeklyReportMessage } from './weekly-message.ts';

/**
 * `/report week` from a supervisor or director (README, "Weekly report"): the weekly report's
 * charts for this week so far, sent to them as a message. A command's own answer is private text
 * that cannot carry pictures, so they go through the outbox like the scheduled report.
 */
export async function queueWeekCharts(
  deps: AppDeps,
  member: Member,
  today: string,
  period: ReportPeriod,
  calendar: WorkingCalendar,
): Promise<void> {
  if (period !== 'week' || (member.role !== 'supervisor' && member.role !== 'director')) return;
  const reader = { member, from: mondayOf(today), to: today };
  const report = (await loadWeeklyReports(deps.db, [reader], calendar)).get(member.id)!;
  const message = await weeklyReportMessage(report);
  // Keyed by the command's request (Slack's trigger_id): a retried command queues it once.
  const request = currentRequest()?.requestId ?? randomUUID();
  await enqueue(deps.db, [
    {
      key: `report-week:${member.id}:${request}`,
      platform: member.platform as Actor['platform'],
      target: { type: 'dm', userId: member.userId },
      message,
    },
  ]);
  deps.outboxQueued();
}

import { and, asc, eq, inArray } from 'drizzle-orm';
import { digestClaims, members } from '../../db/schema.ts';
import { localDate } from '../../domain/dates.ts';
import { isFirstWorkingDayOfWeek, mondayOf, pastWeek } from '../../domain/report-week.ts';
import { isAtOrAfter, type WorkingCalendar } from '../../domain/working-time.ts';
import type { Message, MessageImage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { asMember, type Member } from '../members/members.ts';
import { calendarOf, loadSettings, type TeamSettings } from '../members/team-settings.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { previewText } from './morning-messages.ts';
import { loadWeeklyReports } from './weekly-figures.ts';
import { weeklyReportMessage } from './weekly-message.ts';

/** The `digest_claims` kind of the weekly report, beside the morning messages' 'rep' and 'team'. */
const KIND = 'weekly';

export type WeeklyPreview = {
  member: string;
  userId: string;
  /** Monday of the week the report is sent in: the claim's date. */
  week: string;
  text: string;
  images: MessageImage[];
};

export type WeeklyRunResult = {
  due: number;
  queued: number;
  alreadyClaimed: number;
  previews: WeeklyPreview[];
};

type Due = { member: Member; today: string; week: string };

/**
 * Supervisors and directors with someone reporting to them, on the first working day of their week
 * in their own zone, at or after the digest time, without this week's claim. The claim is dated the
 * week's Monday, so the report goes once a week even when that first day is a Tuesday.
 */
async function dueReaders(deps: AppDeps, at: Date, settings: TeamSettings): Promise<Due[]> {
  if (settings.weeklyReport === 'off') return [];
  const calendar = calendarOf(settings);
  // In id order, so instances racing one tick take their claims in the same order (no deadlocks).
  const rows = await deps.db.select().from(members).where(eq(members.active, true)).orderBy(asc(members.id));
  const managers = new Set(rows.map((row) => row.managerId).filter((id): id is number => id !== null));
  const due: Due[] = [];
  for (const row of rows) {
    const member = asMember(row, deps.defaults);
    if ((member.role !== 'supervisor' && member.role !== 'director') || !managers.has(member.id)) continue;
    const today = localDate(at, member.zone);
    if (!isFirstWorkingDayOfWeek(today, calendar) || !isAtOrAfter(at, member.zone, deps.defaults.digestTime))
      continue;
    due.push({ member, today, week: mondayOf(today) });
  }
  if (due.length === 0) return due;
  const claimed = await deps.db
    .select({ memberId: digestClaims.memberId, localDate: digestClaims.localDate })
    .from(digestClaims)
    .where(
      and(
        eq(digestClaims.kind, KIND),
        inArray(digestClaims.localDate, [...new Set(due.map((d) => d.week))]),
        inArray(
          digestClaims.memberId,
          due.map((d) => d.member.id),
        ),
      ),
    );
  const taken = new Set(claimed.map((c) => `${c.memberId}:${c.localDate}`));
  return due.filter((d) => !taken.has(`${d.member.id}:${d.week}`));
}

async function compose(deps: AppDeps, due: Due[], calendar: WorkingCalendar): Promise<Map<number, Message>> {
  const reports = await loadWeeklyReports(
    deps.db,
    due.map((d) => ({ member: d.member, ...pastWeek(d.today) })),
    calendar,
  );
  const messages = new Map<number, Message>();
  for (const d of due) messages.set(d.member.id, await weeklyReportMessage(reports.get(d.member.id)!));
  return messages;
}

/**
 * One weekly pass (every scheduler tick, or `accountdesk report weekly`): the claims and outbox
 * rows of each batch commit together, so two instances or a restart send each report once
 * (README, "Weekly report"). A dry run composes the reports and claims and queues nothing.
 */
export async function runWeeklyReports(
  deps: AppDeps,
  options: { at: Date; dryRun?: boolean; batchSize?: number },
): Promise<WeeklyRunResult> {
  // Read once for the pass: which day is due and the calendar every report's week is counted in.
  const settings = await loadSettings(deps.db);
  const calendar = calendarOf(settings);
  const due = await dueReaders(deps, options.at, settings);
  const result: WeeklyRunResult = { due: due.length, queued: 0, alreadyClaimed: 0, previews: [] };
  const size = options.batchSize ?? 100;
  for (let start = 0; start < due.length; start += size) {
    const batch = due.slice(start, start + size);
    const messages = await compose(deps, batch, calendar);
    if (options.dryRun) {
      for (const d of batch) {
        const message = messages.get(d.member.id)!;
        result.previews.push({
          member: d.member.name,
          userId: d.member.userId,
          week: d.week,
          text: previewText(message),
          images: message.images ?? [],
        });
      }
      result.queued += batch.length;
      continue;
    }
    await deps.db.transaction(async (tx) => {
      const won = await tx
        .insert(digestClaims)
        .values(
          batch.map((d) => ({ memberId: d.member.id, localDate: d.week, kind: KIND, claimedAt: options.at })),
        )
        .onConflictDoNothing()
        .returning({ memberId: digestClaims.memberId });
      const ours = new Set(won.map((w) => w.memberId));
      const items: OutboxItem[] = [];
      for (const d of batch) {
        if (!ours.has(d.member.id)) {
          result.alreadyClaimed++;
          continue;
        }
        items.push({
          key: `weekly:${d.member.id}:${d.week}`,
          platform: d.member.platform as Actor['platform'],
          target: { type: 'dm', userId: d.member.userId },
          message: messages.get(d.member.id)!,
        });
      }
      await enqueue(tx, items);
      result.queued += items.length;
    });
    deps.outboxQueued();
  }
  return result;
}

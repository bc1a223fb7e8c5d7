/**
 * The parts of a member's home (README, "Home"), each built by the same code as the command that
 * shows it in full: the morning list, `/discount withdraw`, `/approvals`, `/report`.
 */
import { and, between, count, eq } from 'drizzle-orm';
import { visits } from '../../db/schema.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import { periodDates } from '../../domain/report-period.ts';
import type { WorkingCalendar } from '../../domain/working-time.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import type { Block } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { ownPendingRequests } from '../discounts/own-requests.ts';
import { pendingApprovals } from '../discounts/pending-approvals.ts';
import { ageText, hasNews, loadRepDigests, repDigestMessage } from '../followups/rep-digest.ts';
import { reportRecipient, teamDigestMessage } from '../followups/team-digest.ts';
import { loadTeamDigests } from '../followups/team-digest-queries.ts';
import type { Member } from '../members/members.ts';
import type { TeamSettings } from '../members/team-settings.ts';
import { loadAdminStatus } from './admin-status.ts';

/** One part of the home: its blocks, whether it has anything to act on, and the command that shows it all. */
export type HomeSection = { title: string; blocks: Block[]; command: string; empty: boolean };

const actorOf = (member: Member): Actor => ({
  platform: member.platform as Actor['platform'],
  userId: member.userId,
});

/** Due today, overdue and birthdays, with the morning message's Log visit / Snooze / Done. */
export async function daySection(
  deps: AppDeps,
  member: Member,
  today: IsoDate,
  calendar: WorkingCalendar,
): Promise<HomeSection> {
  const digests = await loadRepDigests(deps.db, [{ member, today }], calendar);
  // Waiting requests have their own part, with Withdraw.
  const digest = { ...digests.get(member.id)!, pending: [] };
  const message = repDigestMessage(member, digest, deps.clock.now());
  return {
    title: catalog(member.lang).home.myDay,
    blocks: message.blocks.filter((block) => block.type !== 'header'),
    command: '/followups',
    empty: !hasNews(digest),
  };
}

export async function requestsSection(deps: AppDeps, member: Member): Promise<HomeSection> {
  const message = await ownPendingRequests(deps, actorOf(member));
  const h = catalog(member.lang).home;
  const lines = message.blocks.slice(1);
  return {
    title: h.myRequests,
    blocks: lines.length > 0 ? lines : [{ type: 'text', text: h.noRequests }],
    command: '/discount withdraw',
    empty: lines.length === 0,
  };
}

/** Visits logged Monday to today, beside the same days of last week. */
export async function weekSection(deps: AppDeps, member: Member, today: IsoDate): Promise<HomeSection> {
  const { from } = periodDates('week', today);
  const visitsBetween = async (start: IsoDate, end: IsoDate) => {
    const [row] = await deps.db
      .select({ n: count() })
      .from(visits)
      .where(and(eq(visits.memberId, member.id), between(visits.visitedOn, start, end)));
    return row?.n ?? 0;
  };
  const [thisWeek, lastWeek] = await Promise.all([
    visitsBetween(from, today),
    visitsBetween(addDays(from, -7), addDays(today, -7)),
  ]);
  const text = catalog(member.lang).home.myWeek({ thisWeek, lastWeek });
  return {
    title: '',
    blocks: [{ type: 'context', text }],
    command: '/report',
    empty: thisWeek + lastWeek === 0,
  };
}

export async function approvalsSection(deps: AppDeps, member: Member): Promise<HomeSection> {
  const message = await pendingApprovals(deps, actorOf(member));
  const h = catalog(member.lang).home;
  const waiting = message.blocks[0]?.type === 'header';
  return {
    title: waiting ? message.text : h.approvals,
    blocks: waiting ? message.blocks.slice(1) : [{ type: 'text', text: h.noApprovals }],
    command: '/approvals',
    empty: !waiting,
  };
}

/** The team's week so far (visits, silent reps, stale accounts with the picker), discounts month to date. */
export async function teamSection(
  deps: AppDeps,
  member: Member,
  today: IsoDate,
  settings: TeamSettings,
  calendar: WorkingCalendar,
): Promise<HomeSection> {
  const recipient = { ...reportRecipient(member, today, 'week'), discountFrom: `${today.slice(0, 8)}01` };
  const digests = await loadTeamDigests(deps.db, [recipient], settings, calendar);
  const message = teamDigestMessage(member, digests.get(member.id)!, settings, deps.clock.now());
  return {
    title: catalog(member.lang).home.team,
    blocks: message.blocks.filter((block) => block.type !== 'header'),
    command: '/report',
    empty: false,
  };
}

export async function adminSection(deps: AppDeps, member: Member): Promise<HomeSection> {
  const status = await loadAdminStatus(deps.db);
  const h = catalog(member.lang).home;
  const lines = [
    h.counts({ members: status.members, customers: status.customers, contacts: status.contacts }),
  ];
  lines.push(
    status.lastImport
      ? h.lastImport({
          what: h.imports[status.lastImport.what] ?? status.lastImport.what,
          at: formatDateTime(status.lastImport.at, member.zone),
          rows: status.lastImport.rows,
        })
      : h.noImport,
  );
  lines.push(h.delivery({ pending: status.pending, failed: status.failed }));
  if (status.pending > 0)
    lines.push(
      h.deliveryOldest({
        age: ageText(member, new Date(Date.now() - status.oldestPendingSeconds * 1000), new Date()),
      }),
    );
  return {
    title: h.admin,
    blocks: [{ type: 'text', text: lines.join('\n') }],
    command: '/accountdesk help',
    empty: false,
  };
}

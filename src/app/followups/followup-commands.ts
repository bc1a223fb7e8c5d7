import { eq, sql } from 'drizzle-orm';
import { customers } from '../../db/schema.ts';
import { followUpAfterVisit } from '../../domain/cadence.ts';
import { localDate } from '../../domain/dates.ts';
import { parseReportPeriod } from '../../domain/report-period.ts';
import { nextWorkingDate } from '../../domain/working-time.ts';
import { visitForm } from '../../messages/forms.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Message } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { FormOpening } from '../commands/command-forms.ts';
import type { Actor, AppDeps } from '../context.ts';
import { locateCustomer } from '../customers/visible-customer.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { findMember, type Member } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { loadRepDigests, repDigestMessage } from './rep-digest.ts';
import { repReportMessage } from './rep-report.ts';
import { queueWeekCharts } from './report-week-charts.ts';
import { reportRecipient, teamDigestMessage } from './team-digest.ts';
import { loadTeamDigests } from './team-digest-queries.ts';

async function followUpsOf(deps: AppDeps, member: Member): Promise<Message> {
  const settings = await loadSettings(deps.db);
  const now = deps.clock.now();
  const today = localDate(now, member.zone);
  const digests = await loadRepDigests(deps.db, [{ member, today }], calendarOf(settings));
  return repDigestMessage(member, digests.get(member.id)!, now);
}

/** `/followups`: the morning message on demand, at any time. */
export async function followUpsCommand(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  return followUpsOf(deps, member);
}

/**
 * `/report [week|month|last-month]`: a rep's own week (README, "Reports"); for supervisors,
 * directors and admins the team's figures for the period.
 */
export async function reportCommand(deps: AppDeps, actor: Actor, text: string): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  const period = parseReportPeriod(text);
  if (!period.ok) return errorMessage(member, period.error);
  const settings = await loadSettings(deps.db);
  const now = deps.clock.now();
  const today = localDate(now, member.zone);
  if (member.role === 'rep') return repReportMessage(deps, member, today, period.value, calendarOf(settings));
  await queueWeekCharts(deps, member, today, period.value, calendarOf(settings));
  const recipient = reportRecipient(member, today, period.value);
  const digests = await loadTeamDigests(deps.db, [recipient], settings, calendarOf(settings));
  return teamDigestMessage(member, digests.get(member.id)!, settings, now);
}

type FollowUpAction = 'snooze' | 'done';

/**
 * Snooze (due the next working day) or Done (next follow-up after the tier cadence) from the morning
 * message; answers with the refreshed list so the message the rep clicked in stays true.
 */
export async function followUpAction(
  deps: AppDeps,
  actor: Actor,
  action: FollowUpAction,
  customerId: number,
): Promise<Message> {
  const located = await locateCustomer(deps, actor, customerId);
  if (!located.ok) return located.message;
  const { member, customer } = located;
  const settings = await loadSettings(deps.db);
  const now = deps.clock.now();
  const today = localDate(now, member.zone);
  const next =
    action === 'snooze'
      ? nextWorkingDate(today, calendarOf(settings))
      : followUpAfterVisit(today, customer.tier, settings.cadence, calendarOf(settings));
  await transaction(deps.db, async (tx) => {
    await tx
      .update(customers)
      .set({ nextFollowUpOn: next, updatedAt: sql`now()` })
      .where(eq(customers.id, customer.id));
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: `followup.${action}`,
        entity: 'customer',
        entityId: customer.id,
        before: { nextFollowUpOn: customer.nextFollowUpOn },
        after: { nextFollowUpOn: next },
      },
    ]);
    await redrawHomes(tx, [member.id]);
  });
  const t = catalog(member.lang).followups;
  const note =
    action === 'snooze'
      ? t.snoozed({ customer: customer.name, date: next })
      : t.markedDone({ customer: customer.name, date: next });
  const refreshed = await followUpsOf(deps, member);
  return { text: note, blocks: [{ type: 'context', text: `✓ ${note}` }, ...refreshed.blocks] };
}

/** "Log visit" from the morning message: the visit form with the customer already chosen. */
export async function visitFormForCustomer(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
): Promise<FormOpening> {
  const located = await locateCustomer(deps, actor, customerId);
  if (!located.ok) return located;
  const { member, customer } = located;
  return { ok: true, form: visitForm(member.lang, { id: customer.id, name: customer.name }) };
}

import { eq, sql } from 'drizzle-orm';
import { customers, visits } from '../../db/schema.ts';
import { followUpAfterVisit } from '../../domain/cadence.ts';
import { type IsoDate, localDate } from '../../domain/dates.ts';
import { MAX_TEXT_LENGTH, parseVisitOptions, tokenize } from '../../domain/grammar.ts';
import { isWorkingDate } from '../../domain/working-time.ts';
import { catalog, errorText } from '../../messages/i18n/index.ts';
import { type Message, withoutMentionMarkers } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerForCommand, joinTokens } from '../customers/command-customer.ts';
import { type Customer, visibleCustomerById } from '../customers/find-customer.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { findMember, type Member, notRegisteredText } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { errorMessage, type FormResult, notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { isEditSubcommand, recentVisits } from './recent-visits.ts';
import { copyOptions, visitFieldsFromText } from './visit-fields.ts';
import { type VisitFields, visitStoredMessage } from './visit-messages.ts';
import { visitInOneRoundTrip } from './visit-round-trip.ts';

export type { VisitFields } from './visit-messages.ts';

/** `nextOffDay`: the member typed a follow-up date that is not a working day (kept, and said so). */
type Recorded = { visitId: number; next: IsoDate; visitedOn: IsoDate; replay: boolean; nextOffDay: boolean };

/** Stores a visit and moves the customer's dates, once per platform input (`sourceKey`). */
async function recordVisit(
  deps: AppDeps,
  member: Member,
  customer: Customer,
  fields: VisitFields,
  sourceKey: string,
  confirmByDm: boolean,
): Promise<Recorded> {
  const settings = await loadSettings(deps.db);
  const now = deps.clock.now();
  const visitedOn = localDate(now, member.zone);
  const calendar = calendarOf(settings);
  const next = fields.next ?? followUpAfterVisit(visitedOn, customer.tier, settings.cadence, calendar);
  const nextOffDay = fields.next !== undefined && !isWorkingDate(fields.next, calendar);
  const recorded = await transaction(deps.db, async (tx) => {
    const [visit] = await tx
      .insert(visits)
      .values({
        customerId: customer.id,
        memberId: member.id,
        kind: fields.kind,
        stage: fields.stage ?? null,
        summary: fields.summary,
        nextStep: fields.nextStep ?? null,
        nextFollowUpOn: next,
        visitedOn,
        sourceKey,
        // The service clock, not the database's: Edit and Undo are offered for 24 hours from it.
        createdAt: now,
      })
      .onConflictDoNothing({ target: visits.sourceKey })
      .returning({ id: visits.id });
    if (!visit) {
      const [previous] = await tx.select().from(visits).where(eq(visits.sourceKey, sourceKey));
      return {
        visitId: previous?.id ?? 0,
        next: previous?.nextFollowUpOn ?? next,
        visitedOn,
        replay: true,
        nextOffDay,
      };
    }
    // Computed in SQL from the row as it is now, so a visit, snooze or reassign at the same moment
    // is not undone by a copy read earlier. A visit that moves the PRAM stage is progress.
    const stage = fields.stage ?? null;
    const [changed] = await tx
      .update(customers)
      .set({
        lastVisitOn: sql`greatest(${customers.lastVisitOn}, ${visitedOn}::date)`,
        lastVisitSummary: fields.summary,
        lastNextStep: fields.nextStep ?? null,
        nextFollowUpOn: next,
        lastProgressOn: sql`case when ${stage}::text is not null and ${stage}::text is distinct from ${customers.stage}
          then ${visitedOn}::date else ${customers.lastProgressOn} end`,
        stage: sql`coalesce(${stage}::text, ${customers.stage})`,
        // A hand-over call-back (README, "A rep leaves") is done by the first visit logged after it.
        callbackDoneOn: sql`coalesce(${customers.callbackDoneOn}, case when ${customers.callbackDueOn} is not null then ${visitedOn}::date end)`,
        updatedAt: sql`now()`,
      })
      .where(eq(customers.id, customer.id))
      .returning({
        lastVisitOn: customers.lastVisitOn,
        nextFollowUpOn: customers.nextFollowUpOn,
        stage: customers.stage,
        lastProgressOn: customers.lastProgressOn,
      });
    const before = {
      lastVisitOn: customer.lastVisitOn,
      nextFollowUpOn: customer.nextFollowUpOn,
      stage: customer.stage,
      lastProgressOn: customer.lastProgressOn,
    };
    const after = changed ?? null;
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'visit.logged',
        entity: 'visit',
        entityId: visit.id,
        after: { ...fields, next },
      },
      {
        at: now,
        actorId: member.id,
        action: 'customer.visited',
        entity: 'customer',
        entityId: customer.id,
        before,
        after,
      },
    ]);
    // The rep's day and week, and their supervisor's team board.
    await redrawHomes(tx, [member.id, member.managerId]);
    if (confirmByDm) {
      await enqueue(tx, [
        {
          key: `visit:${visit.id}:confirm`,
          platform: member.platform as Actor['platform'],
          target: { type: 'dm', userId: member.userId },
          message: visitStoredMessage(member, customer, fields, {
            visitId: visit.id,
            visitedOn,
            next,
            nextOffDay,
          }),
        },
      ]);
    }
    return { visitId: visit.id, next, visitedOn, replay: false, nextOffDay };
  });
  if (confirmByDm && !recorded.replay) deps.outboxQueued();
  return recorded;
}

export type CommandInput = {
  text: string;
  sourceKey: string;
  /** Set when the member picked the customer from buttons; `text` is then what followed the name. */
  customerId?: number;
};

/** `/visit <customer> <notes…> [next:] [stage:] [kind:]` — answered privately. */
export async function visitCommand(deps: AppDeps, actor: Actor, input: CommandInput): Promise<Message> {
  if (input.customerId === undefined && input.text.length <= MAX_TEXT_LENGTH) {
    const tokens = tokenize(input.text);
    if (!isEditSubcommand(tokens[0])) {
      const answered = await visitInOneRoundTrip(deps, actor, tokens, input.sourceKey);
      if (answered) return answered;
    }
  }
  return fullVisitCommand(deps, actor, input);
}

/** The full path: a member not known yet, a customer to pick or not found, a mistake to name. */
export async function fullVisitCommand(deps: AppDeps, actor: Actor, input: CommandInput): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  // A subcommand only as the bare first word: a quoted name is always a customer ("Edit Labs").
  if (input.customerId === undefined && isEditSubcommand(tokenize(input.text)[0]))
    return recentVisits(deps, member);
  if (input.text.length > MAX_TEXT_LENGTH)
    return errorMessage(member, { code: 'text_too_long', params: { max: MAX_TEXT_LENGTH } });
  const tokens = tokenize(input.text);
  const found = await customerForCommand(deps, member, {
    cmd: 'visit',
    customerId: input.customerId,
    tokens,
    wholeQuery: false,
    restAfter: (consumed) => joinTokens(tokens.slice(consumed)),
  });
  if (!found.ok) return found.message;
  const { customer, rest } = found;
  const today = localDate(deps.clock.now(), member.zone);
  const fields = visitFieldsFromText(rest, today, calendarOf(await loadSettings(deps.db)));
  if (!fields.ok) return errorMessage(member, fields.error);
  const recorded = await recordVisit(deps, member, customer, fields.value, input.sourceKey, false);
  if (recorded.replay)
    return {
      text: catalog(member.lang).visit.replay,
      blocks: [{ type: 'text', text: catalog(member.lang).visit.replay }],
    };
  return visitStoredMessage(member, customer, fields.value, recorded);
}

export type VisitForm = {
  customerId?: number;
  kind?: string;
  stage?: string;
  summary?: string;
  nextStep?: string;
  next?: string;
};

/** The visit form's fields by their ids (Slack view values, Lark form values), as the use case takes them. */
export function visitFormFrom(
  values: Readonly<Record<string, string | undefined>>,
  customerId?: number,
): VisitForm {
  return {
    ...(customerId !== undefined ? { customerId } : {}),
    ...(values.kind ? { kind: values.kind } : {}),
    ...(values.stage ? { stage: values.stage } : {}),
    ...(values.summary ? { summary: values.summary } : {}),
    ...(values.next_step ? { nextStep: values.next_step } : {}),
    ...(values.next ? { next: values.next } : {}),
  };
}

/** The visit modal: the same rules as the command, errors reported per field. */
export async function visitFormSubmitted(
  deps: AppDeps,
  actor: Actor,
  form: VisitForm,
  sourceKey: string,
): Promise<FormResult> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, fieldErrors: { customer: notRegisteredText(deps) } };
  const checked = await checkVisitForm(deps, member, form);
  if (!checked.ok) return checked;
  const { customer, fields } = checked;
  const recorded = await recordVisit(deps, member, customer, fields, sourceKey, true);
  return { ok: true, message: visitStoredMessage(member, customer, fields, recorded) };
}

export type CheckedVisitForm =
  | { ok: true; customer: Customer; fields: VisitFields }
  | { ok: false; fieldErrors: Record<string, string> };

/** The visit form's fields checked as the command checks them; an edit submits the same form. */
export async function checkVisitForm(
  deps: AppDeps,
  member: Member,
  form: VisitForm,
): Promise<CheckedVisitForm> {
  const say = (code: Parameters<typeof errorText>[1]) => errorText(member.lang, code);
  const customer =
    form.customerId === undefined ? undefined : await visibleCustomerById(deps, member, form.customerId);
  if (!customer) return { ok: false, fieldErrors: { customer: say({ code: 'customer_missing' }) } };
  const summary = withoutMentionMarkers(form.summary ?? '').trim();
  if (!summary) return { ok: false, fieldErrors: { summary: say({ code: 'notes_missing' }) } };
  if (summary.length > MAX_TEXT_LENGTH) {
    return {
      ok: false,
      fieldErrors: { summary: say({ code: 'text_too_long', params: { max: MAX_TEXT_LENGTH } }) },
    };
  }
  const today = localDate(deps.clock.now(), member.zone);
  const options = parseVisitOptions(
    { kind: form.kind, stage: form.stage, next: form.next } as Record<string, string>,
    today,
    calendarOf(await loadSettings(deps.db)),
  );
  if (!options.ok) {
    const field = options.error.code.startsWith('date')
      ? 'next'
      : options.error.code === 'stage_unknown'
        ? 'stage'
        : 'kind';
    return { ok: false, fieldErrors: { [field]: say(options.error) } };
  }
  const fields: VisitFields = { kind: options.value.kind, summary };
  copyOptions(options.value, fields);
  const nextStep = form.nextStep ? withoutMentionMarkers(form.nextStep).trim() : undefined;
  if (nextStep) fields.nextStep = nextStep.slice(0, MAX_TEXT_LENGTH);
  return { ok: true, customer, fields };
}

import { and, eq, sql } from 'drizzle-orm';
import { auditLog, customers, visits } from '../../db/schema.ts';
import { followUpAfterVisit } from '../../domain/cadence.ts';
import { visitForm } from '../../messages/forms.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import { audit } from '../audit.ts';
import type { FormOpening } from '../commands/command-forms.ts';
import type { Actor, AppDeps } from '../context.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { findMember } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { type FormResult, notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { checkVisitForm, type VisitForm } from './log-visit.ts';
import { MOVED_IN, type Recomputed, recomputeCustomer } from './recompute-customer.ts';
import { correctableVisit, type VisitRow } from './visit-access.ts';
import { visitStoredMessage } from './visit-messages.ts';

/** Edit on a visit's confirmation or on `/visit edit`: the visit form, filled in with the visit. */
export async function editFormFor(deps: AppDeps, actor: Actor, visitId: number): Promise<FormOpening> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  const found = await correctableVisit(deps, deps.db, member, visitId);
  if (!found.ok) return found;
  const { visit } = found;
  const [customer] = await deps.db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(eq(customers.id, visit.customerId));
  const form = visitForm(member.lang, customer, {
    visitId: visit.id,
    kind: visit.kind,
    stage: visit.stage,
    summary: visit.summary,
    nextStep: visit.nextStep,
    next: visit.nextFollowUpOn,
  });
  return { ok: true, form };
}

const visitRecord = (visit: VisitRow) => ({
  customerId: visit.customerId,
  kind: visit.kind,
  stage: visit.stage,
  summary: visit.summary,
  nextStep: visit.nextStep,
  next: visit.nextFollowUpOn,
});

/** Was this very submission (a Slack view, a Lark form card) applied already? */
async function alreadyApplied(tx: AppDeps['db'], visitId: number, sourceKey: string): Promise<boolean> {
  const [seen] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'visit'),
        eq(auditLog.entityId, visitId),
        eq(auditLog.action, 'visit.edited'),
        sql`${auditLog.after}->>'source' = ${sourceKey}`,
      ),
    )
    .limit(1);
  return seen !== undefined;
}

/**
 * The edit form submitted: the visit row takes the new values, and both its old and its new customer
 * are computed again from their visits (src/domain/visit-history.ts); the audit log keeps the visit
 * before and after, and each customer's fields before and after. The submission's `sourceKey` is
 * recorded, so the same form submitted twice changes things once. `confirmByDm`: Slack's modal
 * closes, so the corrected confirmation comes as a message; Lark's form card is replaced by it.
 */
export async function visitEditSubmitted(
  deps: AppDeps,
  actor: Actor,
  visitId: number,
  form: VisitForm,
  sourceKey: string,
  confirmByDm: boolean,
): Promise<FormResult> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, fieldErrors: { summary: (await notMemberMessage(deps, actor)).text } };
  const checked = await checkVisitForm(deps, member, form);
  if (!checked.ok) return checked;
  const { customer, fields } = checked;
  const settings = await loadSettings(deps.db);
  const t = catalog(member.lang).visitEdit;
  const outcome = await transaction(deps.db, async (tx) => {
    const found = await correctableVisit(deps, tx, member, visitId, true);
    if (!found.ok) return { kind: 'refused' as const, text: found.message.text };
    const { visit } = found;
    if (await alreadyApplied(tx, visitId, sourceKey)) return { kind: 'replay' as const };
    const next =
      fields.next ??
      followUpAfterVisit(visit.visitedOn, customer.tier, settings.cadence, calendarOf(settings));
    const [updated] = await tx
      .update(visits)
      .set({
        customerId: customer.id,
        kind: fields.kind,
        stage: fields.stage ?? null,
        summary: fields.summary,
        nextStep: fields.nextStep ?? null,
        nextFollowUpOn: next,
      })
      .where(eq(visits.id, visit.id))
      .returning();
    const after = updated ?? visit;
    const moved = visit.customerId !== customer.id;
    // Customers are locked in id order, so two moves between the same pair cannot deadlock.
    const order = moved ? [visit.customerId, customer.id].sort((a, b) => a - b) : [customer.id];
    const recomputed: { how: 'removed' | 'added' | 'edited'; result: Recomputed | undefined }[] = [];
    for (const id of order) {
      const how = !moved ? 'edited' : id === customer.id ? 'added' : 'removed';
      // The visit as it was on the customer it leaves, as it is on the one it stays on or joins.
      const change =
        how === 'edited'
          ? { removed: visit, added: after }
          : how === 'added'
            ? { added: after }
            : { removed: visit };
      recomputed.push({ how, result: await recomputeCustomer(tx, id, change) });
    }
    const now = deps.clock.now();
    const action = { edited: 'customer.visit_edited', added: MOVED_IN, removed: 'customer.visit_moved_out' };
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'visit.edited',
        entity: 'visit',
        entityId: visit.id,
        before: visitRecord(visit),
        after: { ...visitRecord(after), source: sourceKey },
      },
      ...recomputed.flatMap(({ how, result }) =>
        result
          ? [
              {
                at: now,
                actorId: member.id,
                action: action[how],
                entity: 'customer' as const,
                entityId: result.customerId,
                before: result.before,
                after: { ...result.after, visitId: visit.id },
              },
            ]
          : [],
      ),
    ]);
    const [from] = moved
      ? await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, visit.customerId))
      : [];
    const message = visitStoredMessage(
      member,
      customer,
      fields,
      { visitId: visit.id, visitedOn: visit.visitedOn, next },
      (stored) =>
        sentences(t.edited({ stored }), from ? t.moved({ from: from.name, to: customer.name }) : undefined),
    );
    await redrawHomes(tx, [member.id, member.managerId, visit.memberId]);
    if (confirmByDm) {
      await enqueue(tx, [
        {
          key: `visit:${visit.id}:edit:${sourceKey}`,
          platform: member.platform as Actor['platform'],
          target: { type: 'dm', userId: member.userId },
          message,
        },
      ]);
    }
    return { kind: 'edited' as const, message };
  });
  if (outcome.kind === 'refused') return { ok: false, fieldErrors: { summary: outcome.text } };
  if (outcome.kind === 'replay') return { ok: true, message: textMessage(t.replay) };
  if (confirmByDm) deps.outboxQueued();
  return { ok: true, message: outcome.message };
}

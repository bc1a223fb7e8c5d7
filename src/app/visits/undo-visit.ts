import { eq } from 'drizzle-orm';
import { customers, visits } from '../../db/schema.ts';
import type { VisitKind } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { findMember } from '../members/members.ts';
import { notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { recomputeCustomer } from './recompute-customer.ts';
import { correctableVisit } from './visit-access.ts';

export type UndoOutcome = { ok: boolean; message: Message };

/**
 * Undo on a visit's confirmation or on `/visit edit`: the visit row goes (kept whole in the audit
 * row's `before`, so nothing is lost) and its customer is computed again from the visits that remain
 * (src/domain/visit-history.ts). The visit row is locked first: of two clicks, one undoes it and
 * the other is told it is already undone.
 */
export async function undoVisit(deps: AppDeps, actor: Actor, visitId: number): Promise<UndoOutcome> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  const t = catalog(member.lang);
  return transaction(deps.db, async (tx) => {
    const found = await correctableVisit(deps, tx, member, visitId, true);
    if (!found.ok) return found;
    const { visit } = found;
    await tx.delete(visits).where(eq(visits.id, visit.id));
    const customer = await recomputeCustomer(tx, visit.customerId, { removed: visit });
    const now = deps.clock.now();
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'visit.undone',
        entity: 'visit',
        entityId: visit.id,
        before: visit,
      },
      ...(customer
        ? [
            {
              at: now,
              actorId: member.id,
              action: 'customer.visit_undone',
              entity: 'customer' as const,
              entityId: customer.customerId,
              before: customer.before,
              after: { ...customer.after, visitId: visit.id },
            },
          ]
        : []),
    ]);
    await redrawHomes(tx, [member.id, member.managerId, visit.memberId]);
    const [named] = await tx
      .select({ name: customers.name })
      .from(customers)
      .where(eq(customers.id, visit.customerId));
    const name = named?.name ?? '';
    const kind = t.kinds[visit.kind as VisitKind] ?? visit.kind;
    const lines = [t.visitEdit.undone({ kind, customer: name, date: visit.visitedOn })];
    if (customer) {
      lines.push(
        t.visitEdit.undoneState({
          customer: name,
          last: customer.after.lastVisitOn ?? t.visitEdit.never,
          next: customer.after.nextFollowUpOn ?? t.visitEdit.never,
        }),
      );
    }
    return { ok: true, message: textMessage(sentences(...lines)) };
  });
}

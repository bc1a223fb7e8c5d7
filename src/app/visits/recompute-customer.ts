import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { auditLog, customers, visits } from '../../db/schema.ts';
import {
  type CustomerBaseline,
  type CustomerVisitState,
  customerAfterCorrection,
  type VisitFacts,
} from '../../domain/visit-history.ts';
import type { VisitRow } from './visit-access.ts';

const baselineSchema = z.object({
  lastVisitOn: z.string().nullable().default(null),
  nextFollowUpOn: z.string().nullable().default(null),
  stage: z.string().nullable().default(null),
  lastProgressOn: z.string().nullable().default(null),
});

/** Audit action of the customer a visit was moved to: its `before` is that customer's baseline. */
export const MOVED_IN = 'customer.visit_moved_in';

/**
 * The customer as it was just before `visitId` came to it: the snapshot written when the visit was
 * moved there, else the `customer.visited` row log-visit.ts wrote beside the visit's `visit.logged`
 * row (same moment). Visits logged before the audit log existed have neither.
 */
async function baselineOf(
  tx: Db,
  visitId: number,
  customerId: number,
): Promise<CustomerBaseline | undefined> {
  const [moved] = await tx
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'customer'),
        eq(auditLog.entityId, customerId),
        eq(auditLog.action, MOVED_IN),
        sql`${auditLog.after}->>'visitId' = ${String(visitId)}`,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (moved) return parseBaseline(moved.before);
  const [logged] = await tx
    .select({ id: auditLog.id, at: auditLog.at })
    .from(auditLog)
    .where(
      and(eq(auditLog.entity, 'visit'), eq(auditLog.entityId, visitId), eq(auditLog.action, 'visit.logged')),
    )
    .limit(1);
  if (!logged) return undefined;
  const [visited] = await tx
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'customer'),
        eq(auditLog.entityId, customerId),
        eq(auditLog.action, 'customer.visited'),
        eq(auditLog.at, logged.at),
        // Written in the same insert, right after it: two visits logged at the same moment differ here.
        gt(auditLog.id, logged.id),
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(1);
  return visited ? parseBaseline(visited.before) : undefined;
}

function parseBaseline(value: unknown): CustomerBaseline | undefined {
  const parsed = baselineSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const asFacts = (visit: VisitRow): VisitFacts => ({
  id: visit.id,
  visitedOn: visit.visitedOn,
  stage: visit.stage,
  summary: visit.summary,
  nextStep: visit.nextStep,
  nextFollowUpOn: visit.nextFollowUpOn,
});

export type Recomputed = { customerId: number; before: CustomerVisitState; after: CustomerVisitState };

/**
 * Computes a customer's visit fields again after `visit` was undone, edited or moved (the visits
 * table already says what remains), inside the caller's transaction, the customer row locked.
 */
export async function recomputeCustomer(
  tx: Db,
  customerId: number,
  change: { removed?: VisitRow; added?: VisitRow },
): Promise<Recomputed | undefined> {
  const visit = (change.added ?? change.removed)!;
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!row) return undefined;
  const before: CustomerVisitState = {
    lastVisitOn: row.lastVisitOn,
    lastVisitSummary: row.lastVisitSummary,
    lastNextStep: row.lastNextStep,
    nextFollowUpOn: row.nextFollowUpOn,
    stage: row.stage,
    lastProgressOn: row.lastProgressOn,
    callbackDueOn: row.callbackDueOn,
    callbackDoneOn: row.callbackDoneOn,
  };
  const remaining = await tx.select().from(visits).where(eq(visits.customerId, customerId));
  const after = customerAfterCorrection({
    current: before,
    visits: remaining.map(asFacts),
    baseline: await baselineOf(tx, visit.id, customerId),
    ...(change.removed ? { removed: asFacts(change.removed) } : {}),
    ...(change.added ? { added: asFacts(change.added) } : {}),
  });
  const { callbackDueOn: _due, ...changed } = after;
  await tx
    .update(customers)
    .set({ ...changed, updatedAt: sql`now()` })
    .where(eq(customers.id, customerId));
  return { customerId, before, after };
}

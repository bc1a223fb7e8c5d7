import { eq } from 'drizzle-orm';
import { discountRequests } from '../../db/schema.ts';
import type { Tx } from '../transaction.ts';

/**
 * Takes the lock every change to a request's approval takes — a decision, a counter-offer and its
 * answer, a withdrawal, a move to a delegate, an escalation — so that of two that race, one wins and
 * the other sees what it did. True while the request is still pending; a closed request stays as it is.
 */
export async function lockPendingRequest(tx: Tx, requestId: number): Promise<boolean> {
  const [locked] = await tx
    .select({ status: discountRequests.status })
    .from(discountRequests)
    .where(eq(discountRequests.id, requestId))
    .for('update');
  return locked?.status === 'pending';
}

import { eq } from 'drizzle-orm';
import { discountRequests } from '../../db/schema.ts';
import type { Tx } from '../transaction.ts';

/**
 * Takes the lock every change to a request's approval takes — a decision, a counter-offer and its
 * answer, a withdrawal, a move to a delegate, an escalation — so that of two that race, one wins and
 * the other sees what it did. True while the request is still pending; a closed request stays as it is.
 */
export async function lockPendingRequest(tx: Tx, requestId: number): Promise<boolean> {
  return (await lockRequest(tx, requestId))?.status === 'pending';
}

export type LockedRequest = { id: number; status: string; currentStep: number };

/**
 * The same lock, returning the row as it is once locked: a caller that compares the request with
 * what it read before (a fingerprint) needs no second read of it.
 */
export async function lockRequest(tx: Tx, requestId: number): Promise<LockedRequest | undefined> {
  const [locked] = await tx
    .select({
      id: discountRequests.id,
      status: discountRequests.status,
      currentStep: discountRequests.currentStep,
    })
    .from(discountRequests)
    .where(eq(discountRequests.id, requestId))
    .for('update');
  return locked;
}

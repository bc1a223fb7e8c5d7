import type { Db } from '../db/client.ts';
import { beginCommit, endCommit } from '../request-context.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The transaction of an interactive use case. Before it commits it checks that the request was not
 * abandoned at its time cap (a Slack click whose member was already told nothing was saved); if it
 * was, the change is rolled back, so what the member was told stays true.
 */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  let committing = false;
  try {
    const result = await db.transaction(async (tx) => {
      const value = await work(tx);
      beginCommit();
      committing = true;
      return value;
    });
    if (committing) endCommit(true);
    return result;
  } catch (error) {
    if (committing) endCommit(false);
    throw error;
  }
}

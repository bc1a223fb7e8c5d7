import type { Db } from '../db/client.ts';
import { runStatement, type Statement } from '../db/statement.ts';
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

/**
 * A hot path's single writing statement (src/db/statement.ts), as a transaction's commit: a request
 * already abandoned at its time cap sends nothing, and one that is sending is no longer abandoned.
 * `stored` says from its rows whether it wrote the change (a statement can decline, writing nothing).
 */
export async function writingStatement<T>(
  db: Db,
  sql: Statement,
  params: (string | null)[],
  stored: (rows: T[]) => boolean,
): Promise<T[]> {
  beginCommit();
  let rows: T[] | undefined;
  try {
    rows = await runStatement<T>(db, sql, params);
    return rows;
  } finally {
    endCommit(rows !== undefined && stored(rows));
  }
}

/**
 * Two replicas' answers claims holding the same chain of waiting answers at once (src/jobs/held-answers.ts,
 * holdWaitingAnswers). Each used to lock the rows waited for, then wait on the other's locks to
 * write its holds: a deadlock, one claim failed and the other stalled. Now the second skips what the
 * first holds and never waits. Needs PostgreSQL: PGlite runs one transaction at a time.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema.ts';
import { holdWaitingAnswers } from '../../src/jobs/held-answers.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

describe('two replicas holding the same waiting answers', () => {
  let testDb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
    testDb = await createTestDatabase();
    db = testDb.database.db;
  });
  afterAll(() => testDb?.drop());

  it('neither waits for the other: the second skips the answers the first holds, and each answer is held behind the row before it', async () => {
    const conversation = 'slack:dm:U1';
    await db.insert(outbox).values({
      key: 'post:1',
      platform: 'slack',
      target: { type: 'dm', userId: 'U1' },
      message: { text: 'request' },
      conversation,
    });
    for (const n of [1, 2, 3]) {
      await db.insert(outbox).values({
        key: `update:${n}`,
        platform: 'slack',
        target: { type: 'update', parentKey: 'post:1' },
        message: { text: `update ${n}` },
        conversation,
      });
    }
    let firstLocked!: () => void;
    const firstHasLocks = new Promise<void>((resolve) => {
      firstLocked = resolve;
    });
    let secondDone!: () => void;
    const secondFinished = new Promise<void>((resolve) => {
      secondDone = resolve;
    });

    // The first claim stops between finding (and locking) the waiting answers and holding them.
    const first = db.transaction(async (tx) => {
      let statements = 0;
      const paused = {
        execute: async (query: Parameters<Db['execute']>[0]) => {
          const result = await tx.execute(query);
          if (++statements === 1) {
            firstLocked();
            await secondFinished;
          }
          return result;
        },
      } as unknown as Db;
      await holdWaitingAnswers(paused, ['slack']);
    });
    await firstHasLocks;
    // The second, meanwhile, would fail rather than wait.
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '2s'`);
      await holdWaitingAnswers(tx as unknown as Db, ['slack']);
    });
    secondDone();
    await first;

    const held = await db
      .select({ key: outbox.key, behind: outbox.heldBehind })
      .from(outbox)
      .orderBy(outbox.id);
    const idOf = async (key: string) =>
      (await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.key, key)))[0]!.id;
    expect(held).toEqual([
      { key: 'post:1', behind: null },
      { key: 'update:1', behind: await idOf('post:1') },
      { key: 'update:2', behind: await idOf('update:1') },
      { key: 'update:3', behind: await idOf('update:2') },
    ]);
  });
});

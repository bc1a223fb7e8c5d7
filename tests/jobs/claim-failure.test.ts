import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/app/outbox.ts';
import { outbox } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { textMessage } from '../../src/messages/model.ts';
import { startDeliveryRig } from '../support/delivery-rig.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * A claim that fails (the database errs on one lane's claim) ends the worker's pass; the rows
 * another lane had claimed that round and not begun go back at once, their attempt not counted,
 * instead of waiting out their claim (src/jobs/outbox-worker.ts).
 */
describe('a failed claim in the middle of a pass', () => {
  let testDb: TestDatabase;
  let rig: Awaited<ReturnType<typeof startDeliveryRig>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    // A claim holds its rows for a minute: without the give-back the answer would wait that long.
    rig = await startDeliveryRig({
      db: testDb.database.db,
      logger: createLogger('silent'),
      worker: { leaseMs: 60_000 },
    });
  });
  afterAll(async () => {
    await rig?.stop();
    await testDb?.drop();
  });

  it('hands back the answer the other lane claimed, and delivers it on the next pass', async () => {
    const db = testDb.database.db;
    await enqueue(db, [
      {
        key: 'post:1',
        platform: 'slack',
        target: { type: 'dm', userId: 'U1' },
        message: textMessage('posted'),
      },
    ]);
    await rig.worker.drain();
    expect(rig.slack.callsTo('chat.postMessage')).toHaveLength(1);
    await enqueue(db, [
      {
        key: 'update:1',
        platform: 'slack',
        target: { type: 'update', parentKey: 'post:1' },
        message: textMessage('updated'),
      },
      {
        key: 'post:2',
        platform: 'slack',
        target: { type: 'dm', userId: 'U2' },
        message: textMessage('second'),
      },
    ]);
    // The posts lane's claim (a claim token set on a DM row) fails; the answers lane's claim, made
    // first in the pass, succeeds.
    await db.execute(sql`create function fail_post_claims() returns trigger language plpgsql as $$
      begin
        if new.claim_token is distinct from old.claim_token and new.target ->> 'type' = 'dm' then
          raise exception 'the database fails this claim';
        end if;
        return new;
      end $$`);
    await db.execute(sql`create trigger fail_post_claims before update on outbox
      for each row execute function fail_post_claims()`);
    await rig.worker.drain();
    expect(rig.slack.callsTo('chat.update')).toHaveLength(0);
    const [answer] = await db
      .select({ lockedUntil: outbox.lockedUntil, attempts: outbox.attempts, status: outbox.status })
      .from(outbox)
      .where(eq(outbox.key, 'update:1'));
    expect(answer).toEqual({ lockedUntil: null, attempts: 0, status: 'pending' });

    await db.execute(sql`drop trigger fail_post_claims on outbox`);
    await rig.worker.drain();
    expect(rig.slack.callsTo('chat.update')).toHaveLength(1);
    expect(rig.slack.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

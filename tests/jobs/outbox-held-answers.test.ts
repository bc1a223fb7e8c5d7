import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { outbox } from '../../src/db/schema.ts';
import type { OutboxRow } from '../../src/jobs/delivery.ts';
import { HOLD_WALK, waitingAnswers } from '../../src/jobs/held-answers.ts';
import type { outboxRows } from '../../src/jobs/outbox-rows.ts';
import { testOutboxRows } from '../support/outbox-rows.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * Answers waiting behind another pending row (src/jobs/held-answers.ts;
 * migration 0021): held out of the answers lane's walk once found, let go by the trigger when the
 * row they wait for stops being pending — however that row left (sent by the worker, given up,
 * changed by hand, deleted) — and then claimed, in their conversation's order.
 */
describe('answers held behind the row they wait for', () => {
  let testDb: TestDatabase;
  let db: Db;
  let rows: ReturnType<typeof outboxRows>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = testDb.database.db;
    rows = testOutboxRows(db, { maxAttempts: 1 });
  });
  beforeEach(() => db.delete(outbox));
  afterAll(() => testDb?.drop());

  /** A post to a DM, or an update of an earlier row's message. */
  async function queue(
    key: string,
    target: { type: 'dm' } | { type: 'update'; parent: string },
    waitsFor?: string[],
  ) {
    const [row] = await db
      .insert(outbox)
      .values({
        key,
        platform: 'slack',
        target:
          target.type === 'dm' ? { type: 'dm', userId: 'U1' } : { type: 'update', parentKey: target.parent },
        message: { text: key },
        // As an instance of the previous version queued an update: in its message's DM. The insert
        // trigger of migration 0022 moves it to the message's own conversation, waiting for it.
        conversation: 'slack:dm:U1',
        ...(waitsFor ? { waitsFor } : {}),
      })
      .returning({ id: outbox.id });
    return row!.id;
  }

  const heldBehind = async (key: string) =>
    (await db.select({ held: outbox.heldBehind }).from(outbox).where(eq(outbox.key, key)))[0]?.held;
  const claimAnswers = async () => (await rows.claim('worker', ['slack'], 'answers')).map((row) => row.key);
  const claimPosts = async () => rows.claim('worker', ['slack'], 'messages');
  const sent = (row: OutboxRow) =>
    rows.settle(row, { status: 'sent', ref: { channel: 'D1', ts: '1.0' } }, 'worker');

  it('holds an update behind the message it changes, and claims it once that one is sent, posts after it in the DM or not', async () => {
    const first = await queue('post:1', { type: 'dm' });
    await queue('post:2', { type: 'dm' });
    await queue('update:1', { type: 'update', parent: 'post:1' });

    expect(await claimAnswers()).toEqual([]);
    expect(await heldBehind('update:1')).toBe(first);

    const [post1] = await claimPosts();
    expect(post1?.key).toBe('post:1');
    await sent(post1!);
    // Post 2 is still pending in the same DM: the update does not wait for it.
    expect(await heldBehind('update:1')).toBeNull();
    expect(await claimAnswers()).toEqual(['update:1']);
  });

  it('holds an answer behind a message it links to in another conversation, and lets it go when that one is given up', async () => {
    const linked = await db
      .insert(outbox)
      .values({
        key: 'group:1',
        platform: 'slack',
        target: { type: 'dm', userId: 'U2' },
        message: { text: 'elsewhere' },
        conversation: 'slack:dm:U2',
      })
      .returning({ id: outbox.id });
    await db.insert(outbox).values({
      key: 'answer:1',
      platform: 'slack',
      target: { type: 'response_url', url: 'https://hooks.slack.test/1', replaceOriginal: true },
      message: { text: 'see the request' },
      conversation: 'slack:response:answer:1',
      waitsFor: ['group:1'],
    });
    expect(await claimAnswers()).toEqual([]);
    expect(await heldBehind('answer:1')).toBe(linked[0]!.id);

    const [post] = await claimPosts();
    await rows.settle(post!, { status: 'failed', error: 'channel_not_found' }, 'worker');
    expect(await heldBehind('answer:1')).toBeNull();
    expect(await claimAnswers()).toEqual(['answer:1']);
  });

  it('lets go when the row waited for is changed or deleted by hand, not only by the worker', async () => {
    const post = await queue('post:1', { type: 'dm' });
    await queue('update:1', { type: 'update', parent: 'post:1' });
    await queue('update:2', { type: 'update', parent: 'post:1' });
    expect(await claimAnswers()).toEqual([]);
    expect(await heldBehind('update:1')).toBe(post);

    await db.delete(outbox).where(eq(outbox.id, post));
    expect(await heldBehind('update:1')).toBeNull();
    // The second update is next in line behind the first: claimed after it, in order.
    expect(await claimAnswers()).toEqual(['update:1']);
    expect(await heldBehind('update:2')).not.toBeNull();
    await db.update(outbox).set({ status: 'sent' }).where(eq(outbox.key, 'update:1'));
    expect(await claimAnswers()).toEqual(['update:2']);
  });

  it("leaves held answers out of the lane's walk, and holds a backlog over a few claims", async () => {
    await queue('post:1', { type: 'dm' });
    const backlog = HOLD_WALK + 100;
    await db.insert(outbox).values(
      Array.from({ length: backlog }, (_, i) => ({
        key: `update:${i}`,
        platform: 'slack',
        target: { type: 'update', parentKey: 'post:1' },
        message: { text: `update ${i}` },
        conversation: 'slack:dm:U1',
      })),
    );
    const unheld = async () =>
      rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from outbox where held_behind is null and key like 'update:%'`,
        ),
      )[0]!.n;
    expect(await claimAnswers()).toEqual([]);
    expect(await unheld()).toBe(100);
    expect(await claimAnswers()).toEqual([]);
    expect(await unheld()).toBe(0);
    // Each claim walked at most HOLD_WALK of them; none is left in the lane's walk now.
    const [inLane] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from outbox
        where status = 'pending' and held_behind is null and (target ->> 'type') in ('update', 'response_url')`),
    );
    expect(inLane?.n).toBe(0);
  });

  it('lets go of an answer whose hold the trigger missed within a minute: the next claim after it finds the row no longer pending', async () => {
    // What a change made in a REPEATABLE READ transaction can leave (src/jobs/held-answers.ts).
    const post = await queue('post:1', { type: 'dm' });
    await queue('update:1', { type: 'update', parent: 'post:1' });
    await db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, post));
    await db.update(outbox).set({ heldBehind: post }).where(eq(outbox.key, 'update:1'));
    // A worker's first answers claim looks for such holds (then once every ORPHANED_HOLDS_EVERY_MS).
    const fresh = testOutboxRows(db, { maxAttempts: 1 });
    expect((await fresh.claim('worker', ['slack'], 'answers')).map((row) => row.key)).toEqual(['update:1']);
  });

  it('finds the messages an answer links to by key, not by walking every pending row', async () => {
    await db.insert(outbox).values([
      ...Array.from({ length: 300 }, (_, i) => ({
        key: `post:${i}`,
        platform: 'slack',
        target: { type: 'dm', userId: `U${i}` },
        message: { text: `post ${i}` },
        conversation: `slack:dm:U${i}`,
      })),
      {
        key: 'answer:1',
        platform: 'slack',
        target: { type: 'response_url', url: 'https://hooks.slack.test/1', replaceOriginal: true },
        message: { text: 'see the request' },
        conversation: 'slack:response:answer:1',
        waitsFor: ['post:299'],
      },
    ]);
    const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(
      await db.execute(sql`explain (analyze, format json) ${waitingAnswers(['slack'])}`),
    );
    const json = row!['QUERY PLAN'];
    const plan = JSON.stringify((typeof json === 'string' ? JSON.parse(json) : json)[0].Plan);
    const scans = [
      ...plan.matchAll(
        /"Alias":"linked"[^}]*?"Index Name":"([a-z_]+)"|"Index Name":"([a-z_]+)"[^}]*?"Alias":"linked"/g,
      ),
    ];
    expect(scans.map((match) => match[1] ?? match[2])).toEqual(['outbox_key']);
    expect(await claimAnswers()).toEqual([]);
    expect(await heldBehind('answer:1')).not.toBeNull();
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { outbox } from '../../src/db/schema.ts';
import { type ClaimOptions, claimSteps, type OutboxLaneKind } from '../../src/jobs/outbox-rows.ts';
import { testOutboxRows } from '../support/outbox-rows.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * A claim under a morning's backlog (src/jobs/outbox-rows.ts, CLAIM_AS_A_WALK): the planner's
 * statistics are those of the outbox before the burst, yet a claim walks the lane's pending rows in
 * id order and stops at its batch instead of reading every due row and sorting them.
 */
const CONVERSATIONS = 300;
const POSTS = 2000;
const ANSWERS = 300;
const BATCH = 20;

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
};

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('an outbox claim under a backlog', () => {
  let testDb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = testDb.database.db;
    // Statistics of the outbox as autovacuum last saw it — empty — then the rows kept since.
    await db.execute(sql`analyze outbox`);
    await db.insert(outbox).values(
      Array.from({ length: 1000 }, (_, i) => ({
        key: `sent:${i}`,
        platform: 'slack',
        target: { type: 'dm', userId: `U${i}` },
        message: { text: `old ${i}` },
        status: 'sent',
        conversation: `slack:dm:U${i}`,
      })),
    );
    // Then the burst: posts to 300 conversations, round robin, and the answers to clicks.
    for (let start = 0; start < POSTS; start += 500) {
      await db.insert(outbox).values(
        Array.from({ length: 500 }, (_, j) => {
          const i = start + j;
          return {
            key: `post:${i}`,
            platform: 'slack',
            target: { type: 'dm', userId: `S${i % CONVERSATIONS}` },
            message: { text: `request ${i}` },
            conversation: `slack:dm:S${i % CONVERSATIONS}`,
          };
        }),
      );
    }
    await db.insert(outbox).values(
      Array.from({ length: ANSWERS }, (_, i) => ({
        key: `answer:${i}`,
        platform: 'slack',
        // Clicks on messages posted before the burst.
        target: { type: 'update', parentKey: `sent:${i}` },
        message: { text: `approved ${i}` },
        conversation: `slack:message:sent:${i}`,
      })),
    );
  }, 60_000);
  afterAll(() => testDb?.drop());

  const options = (kind: OutboxLaneKind): ClaimOptions => ({
    token: `plan-${kind}`,
    platforms: ['slack'],
    kind,
    leaseMs: 30_000,
    batchSize: BATCH,
  });

  /** How Postgres runs the claim's transaction (run, then rolled back): every plan node of the claim. */
  async function planOf(kind: OutboxLaneKind): Promise<PlanNode[]> {
    let plan: PlanNode | undefined;
    const [setting, claim] = claimSteps(options(kind));
    await db
      .transaction(async (tx) => {
        await tx.execute(setting);
        const [sorting] = rowsOf<{ on: string }>(
          await tx.execute(sql`select current_setting('enable_sort') as on`),
        );
        expect(sorting?.on).toBe('off');
        const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(
          await tx.execute(sql`explain (analyze, format json) ${claim}`),
        );
        const json = row!['QUERY PLAN'];
        plan = (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan;
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!plan) throw error;
      });
    return nodesOf(plan!);
  }

  /** The scan over the claimed rows themselves (not the conversation's or the links' lookups). */
  const claimedRowsScan = (nodes: PlanNode[]) =>
    nodes.find(
      (node) => node['Relation Name'] === 'outbox' && !['older', 'linked', 'outbox'].includes(node.Alias!),
    );

  /** The claim's plan: no sort anywhere, the lane's own partial index walked, no further than the batch. */
  async function expectWalk(kind: OutboxLaneKind, index: string): Promise<void> {
    const nodes = await planOf(kind);
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
    const scan = claimedRowsScan(nodes);
    expect(scan).toMatchObject({ 'Node Type': 'Index Scan', 'Index Name': index });
    expect(scan!['Actual Rows']).toBeLessThanOrEqual(BATCH);
  }

  it('walks the pending posts in id order and stops at its batch', async () => {
    await expectWalk('messages', 'outbox_pending');
  });

  it("walks only the answers lane's own rows, however long the backlog of posts", async () => {
    await expectWalk('answers', 'outbox_pending_answers');
  });

  it('claims the oldest message of each conversation, one batch, oldest first', async () => {
    const rows = testOutboxRows(db, { batchSize: BATCH });
    const posts = await rows.claim('worker-a', ['slack'], 'messages');
    expect(posts.map((row) => row.key)).toEqual(Array.from({ length: BATCH }, (_, i) => `post:${i}`));
    const answers = await rows.claim('worker-a', ['slack'], 'answers');
    expect(answers.map((row) => row.key)).toEqual(Array.from({ length: BATCH }, (_, i) => `answer:${i}`));
    // A second worker gets the next heads, not the rows in hand nor the rows behind them.
    const next = await rows.claim('worker-b', ['slack'], 'messages');
    expect(next.map((row) => row.key)).toEqual(Array.from({ length: BATCH }, (_, i) => `post:${BATCH + i}`));
    // The setting ends with the claim's transaction: the pool's connections sort again for everyone else.
    const settings = await Promise.all(
      Array.from({ length: 8 }, async () =>
        rowsOf<{ on: string }>(await db.execute(sql`select current_setting('enable_sort') as on`)),
      ),
    );
    expect(settings.flat().map((row) => row.on)).toEqual(Array(8).fill('on'));
  });
});

import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueue, type OutboxItem } from '../../src/app/outbox.ts';
import { outbox } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { textMessage } from '../../src/messages/model.ts';
import { busiestWindow, type DeliveryRigOptions, startDeliveryRig } from '../support/delivery-rig.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * The worker delivers several conversations at once, each still in order and each row once; it
 * keeps to the platforms' rates as the fakes count them; a rate-limited Slack does not hold up
 * Lark; and stop() keeps its deadline with a delivery stuck in hand.
 */
describe('concurrent delivery', () => {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  let testDb: TestDatabase | undefined;
  let rig: Awaited<ReturnType<typeof startDeliveryRig>> | undefined;

  afterEach(async () => {
    await rig?.stop();
    await testDb?.drop();
    rig = undefined;
    testDb = undefined;
  });

  async function start(options: Omit<DeliveryRigOptions, 'db' | 'logger'> = {}) {
    testDb = await createTestDatabase();
    rig = await startDeliveryRig({ db: testDb.database.db, logger, ...options });
    return { db: testDb.database.db, ...rig };
  }

  const dm = (platform: 'slack' | 'lark', userId: string, key: string): OutboxItem => ({
    key,
    platform,
    target: { type: 'dm', userId },
    message: textMessage(key),
  });

  /** Drains until nothing is pending (rows paced or rate-limited come back after their wait). */
  async function deliverAll(db: Awaited<ReturnType<typeof start>>['db'], timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await rig!.worker.drain();
      const pending = await db.select({ key: outbox.key }).from(outbox).where(eq(outbox.status, 'pending'));
      if (pending.length === 0) return;
      if (Date.now() > deadline) throw new Error(`still pending: ${pending.map((p) => p.key).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const textsOf = (calls: { failed: boolean; args: Record<string, unknown> }[]) =>
    calls.filter((call) => !call.failed).map((call) => String(call.args.text));

  it('delivers conversations side by side, each in order and each row once', async () => {
    const { db, slack, lark } = await start({ worker: { concurrency: 8 } });
    const items: OutboxItem[] = [];
    for (let n = 1; n <= 3; n++)
      for (let u = 1; u <= 6; u++) {
        items.push(dm('slack', `UCONC${u}`, `conc:s${u}:${n}`));
        items.push(dm('lark', `ou_conc${u}`, `conc:l${u}:${n}`));
      }
    await enqueue(db, items);
    // The first post is answered late: the others must not wait behind it.
    slack.holdNextAnswer('chat.postMessage', 600);
    await deliverAll(db, 30_000);

    const posts = slack.callsTo('chat.postMessage');
    const first = posts[0]!;
    expect(
      posts.filter((call) => call.at < first.at + 500 && call.args.channel !== first.args.channel).length,
    ).toBeGreaterThan(0);
    for (let u = 1; u <= 6; u++) {
      const toUser = posts.filter((call) => call.args.channel === `UCONC${u}`);
      expect(textsOf(toUser)).toEqual([1, 2, 3].map((n) => `conc:s${u}:${n}`));
      const cards = lark
        .messages(`ou_conc${u}`)
        .map((message) => JSON.stringify(message.content).match(/conc:l\d:\d/)?.[0]);
      expect(cards).toEqual([1, 2, 3].map((n) => `conc:l${u}:${n}`));
    }
    const rows = await db.select().from(outbox);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
  }, 60_000);

  it('keeps to the workspace, app and per-user rates as the fakes count them', async () => {
    const { db, slack, lark } = await start({
      slackLimits: { perKey: 1, perApp: 10 },
      larkLimits: { perKey: 5, perApp: 10 },
      slack: { workspace: { limit: 10 } },
      lark: { appRate: { limit: 10 } },
    });
    const items: OutboxItem[] = [];
    for (let u = 1; u <= 30; u++) items.push(dm('slack', `URATE${u}`, `rate:s${u}`));
    for (let u = 1; u <= 24; u++) items.push(dm('lark', `ou_rate${u}`, `rate:l${u}`));
    // One Lark user gets eight in a row: five a second to one user.
    for (let n = 1; n <= 8; n++) items.push(dm('lark', 'ou_busy', `rate:busy${n}`));
    await enqueue(db, items);
    await deliverAll(db, 60_000);

    const posted = slack.callsTo('chat.postMessage').filter((call) => !call.failed);
    const sent = lark.callsTo('im.message.create').filter((call) => !call.failed);
    expect(posted).toHaveLength(30);
    expect(sent).toHaveLength(32);
    expect(slack.rateLimits!.refused).toEqual({ key: 0, app: 0, random: 0 });
    expect(lark.rateLimits!.refused).toEqual({ key: 0, app: 0, random: 0 });
    expect(busiestWindow(posted.map((call) => call.at))).toBeLessThanOrEqual(10);
    expect(busiestWindow(sent.map((call) => call.at))).toBeLessThanOrEqual(10);
    const toBusy = sent.filter((call) => call.args.receive_id === 'ou_busy').map((call) => call.at);
    expect(busiestWindow(toBusy)).toBeLessThanOrEqual(5);
    // Paced, not idle: both platforms ran near their rate (the slowest at well over half of it).
    expect(Math.max(...posted.map((c) => c.at)) - Math.min(...posted.map((c) => c.at))).toBeLessThan(5500);
  }, 90_000);

  it('a Slack 429 storm pauses Slack only: Lark goes on meanwhile', async () => {
    const { db, slack, lark } = await start({ worker: { pause: { threshold: 3, window: 5 } } });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 2, times: 3 });
    await enqueue(
      db,
      [1, 2, 3].map((u) => dm('slack', `USTORM${u}`, `storm:s${u}`)),
    );
    await rig!.worker.drain();
    const pausedAt = slack.callsTo('chat.postMessage').find((call) => call.status === 429)!.at;
    // Queued while Slack is paused: Lark's go at once, Slack's after its Retry-After.
    await enqueue(db, [
      ...[4, 5].map((u) => dm('slack', `USTORM${u}`, `storm:s${u}`)),
      ...[1, 2, 3].map((u) => dm('lark', `ou_storm${u}`, `storm:l${u}`)),
    ]);
    await rig!.worker.drain();
    const sent = lark.callsTo('im.message.create').filter((call) => !call.failed);
    expect(sent).toHaveLength(3);
    expect(Math.max(...sent.map((call) => call.at)) - pausedAt).toBeLessThan(1500);
    await deliverAll(db, 30_000);
    const posted = slack.callsTo('chat.postMessage').filter((call) => !call.failed);
    expect(posted).toHaveLength(5);
    expect(Math.min(...posted.map((call) => call.at)) - pausedAt).toBeGreaterThanOrEqual(1900);
  }, 60_000);

  it('stop() keeps its deadline with a delivery stuck in hand; the row is delivered once later', async () => {
    const { db, slack } = await start({ worker: { stopDeadlineMs: 300, leaseMs: 400 } });
    await enqueue(db, [dm('slack', 'USTUCK', 'stuck:1')]);
    // The post lands at once; its answer comes after the worker has given up waiting.
    slack.holdNextAnswer('chat.postMessage', 2500);
    rig!.worker.start();
    rig!.worker.kick();
    // A held call is recorded when answered: wait for the message itself.
    while (slack.messages('USTUCK').length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = Date.now();
    await rig!.worker.stop();
    expect(Date.now() - asked).toBeLessThan(1000);
    const [row] = await db
      .select()
      .from(outbox)
      .where(inArray(outbox.key, ['stuck:1']));
    expect(row!.status).toBe('pending');

    // Another instance (or this one restarted) takes the row once its lease has run out: the post
    // that landed is found in the conversation, not posted again.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const second = rig!.newWorker();
    const deadline = Date.now() + 10_000;
    while ((await db.select().from(outbox).where(eq(outbox.key, 'stuck:1')))[0]!.status !== 'sent') {
      if (Date.now() > deadline) throw new Error('stuck:1 never recorded as sent');
      await second.drain();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(slack.callsTo('conversations.history').length).toBeGreaterThan(0);
    // The first instance's late answer comes in meanwhile and changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 2500 - (Date.now() - asked)));
    await second.stop();
    const [done] = await db.select().from(outbox).where(eq(outbox.key, 'stuck:1'));
    expect(done!.status).toBe('sent');
    expect(slack.callsTo('chat.postMessage').filter((call) => !call.failed)).toHaveLength(1);
  }, 30_000);
});

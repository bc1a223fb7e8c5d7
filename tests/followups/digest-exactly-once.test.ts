import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/app/followups/morning-messages.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { digestClaims, outbox } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { type Service, startService } from '../../src/service.ts';
import { SIGNING_SECRET, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

const MONDAY_0830 = '2026-11-23T00:30:00Z';

describe('each morning message is sent exactly once', () => {
  let app: TestApp;
  let second: Service | undefined;
  const clock = new TestClock(new Date(MONDAY_0830));
  const reps: { id: number; userId: string }[] = [];

  beforeAll(async () => {
    app = await startTestApp({ clock });
    const supervisor = await app.makeMember({ role: 'supervisor', name: 'Sam' });
    for (let i = 0; i < 12; i++) {
      const rep = await app.makeMember({ name: `Rep ${i}`, managerId: supervisor.id });
      await app.makeCustomer({ name: `Customer ${i}`, ownerId: rep.id });
      reps.push(rep);
    }
    reps.push(supervisor);
    // A second instance on the same database, as another replica would be (real Postgres only:
    // the embedded database serves one process, so there two passes race inside one instance).
    const url = app.databaseUrl;
    if (url) {
      second = await startService({
        config: loadConfig({
          DATABASE_URL: url,
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: app.slack.apiUrl,
          PORT: '0',
          DEFAULT_TIMEZONE: 'Asia/Shanghai',
        }),
        logger: createLogger('silent'),
        clock,
        scheduler: false,
        database: openDatabase({ url }),
        outbox: { pollMs: 50 },
      });
    }
  });
  afterAll(async () => {
    await second?.stop();
    await second?.database.close();
    await app?.stop();
  });

  const messagesTo = (userId: string) => app.slack.messages(`D${userId}`).length;

  it('when two instances run the same tick at the same moment', async () => {
    const other = second?.scheduler ?? app.service.scheduler;
    await Promise.all([app.service.scheduler.tick(), other.tick(), app.service.scheduler.tick()]);
    await app.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A Monday: Sam also gets the weekly report, its text and its charts (README, "Weekly report").
    const sam = reps.at(-1)!;
    for (const rep of reps) expect(messagesTo(rep.userId), rep.userId).toBe(rep === sam ? 3 : 1);
    const claims = await app.db.select().from(digestClaims);
    expect(claims).toHaveLength(reps.length + 1); // each rep's follow-ups, Sam's team digest and weekly report
  });

  it('when the run crashes half-way and the next tick finishes it', async () => {
    app.slack.reset();
    clock.set('2026-11-24T00:30:00Z'); // Tuesday
    await expect(
      runDigests(app.service.deps, {
        at: clock.now(),
        batchSize: 3,
        afterBatch: (batch) => {
          if (batch === 1) throw new Error('process killed');
        },
      }),
    ).rejects.toThrow('process killed');
    const partial = await app.db.select().from(digestClaims).where(eq(digestClaims.localDate, '2026-11-24'));
    expect(partial).toHaveLength(6);

    await app.tick('2026-11-24T00:31:00Z');
    for (const rep of reps) expect(messagesTo(rep.userId), rep.userId).toBe(1);
    const keys = await app.db.select({ key: outbox.key }).from(outbox);
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
  });

  it('previews without sending or claiming in a dry run', async () => {
    clock.set('2026-11-25T00:30:00Z');
    const result = await runDigests(app.service.deps, { at: clock.now(), dryRun: true });
    expect(result.queued).toBe(reps.length);
    expect(result.previews.find((p) => p.member === 'Rep 0')?.text).toContain('Customer 0');
    const claims = await app.db.select().from(digestClaims).where(eq(digestClaims.localDate, '2026-11-25'));
    expect(claims).toHaveLength(0);
  });
});

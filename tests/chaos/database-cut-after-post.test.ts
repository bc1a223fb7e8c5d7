/**
 * The database connection cut right after Slack took an approval message, before the row could be
 * marked sent, and back a few seconds later: the message exists once and the row ends up sent.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { customers, members, outbox } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { type Service, startService } from '../../src/service.ts';
import { attemptBegun } from '../support/chaos-team.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { postToService, slashCommand } from '../support/slack-requests.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET = 'chaos-cut-secret';

describe('the database cut between the post and its record', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let slack: FakeSlack;
  let service: Service;

  beforeAll(async () => {
    process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
    testDb = await createTestDatabase();
    const direct = new URL(testDb.url!);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(testDb.url!);
    viaProxy.port = String(proxy.port);
    slack = await startFakeSlack();
    const db = testDb.database.db;
    const [supervisor] = await db
      .insert(members)
      .values({ platform: 'slack', userId: 'U0SUP', name: 'Sam Supervisor', role: 'supervisor' })
      .returning();
    const [rep] = await db
      .insert(members)
      .values({
        platform: 'slack',
        userId: 'U0REP',
        name: 'Riley Rep',
        role: 'rep',
        managerId: supervisor!.id,
      })
      .returning();
    await db.insert(customers).values({
      name: 'Globex',
      nameKey: 'globex',
      tier: 'A',
      status: 'active',
      ownerId: rep!.id,
      assignedOn: '2026-11-01',
      nextFollowUpOn: '2026-12-10',
    });
    const config = loadConfig({
      DATABASE_URL: viaProxy.toString(),
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DEFAULT_TIMEZONE: 'Asia/Shanghai',
    });
    service = await startService({
      config,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      database: openDatabase({ url: viaProxy.toString(), poolSize: 4 }),
      scheduler: false,
      outbox: { pollMs: 100 },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await service?.database.close();
    await proxy?.stop();
    await slack?.stop();
    await testDb?.drop();
  });

  it('posts the message once and records it once the database is back', async () => {
    // Slack takes the post at once and answers 1.5 s later; the database goes away meanwhile.
    slack.holdNextAnswer('chat.postMessage', 1500);
    const reply = await postToService(
      service.url,
      '/slack/events',
      slashCommand({
        command: '/discount',
        text: 'Globex 12% reason:leverage cut',
        userId: 'U0REP',
        triggerId: 'cut-1',
        responseUrl: slack.responseUrl('cut-1'),
      }),
      { secret: SECRET },
    );
    expect(reply.status).toBe(200);
    const watch = testDb.database.db;
    await attemptBegun(watch, 'approval:%');
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.sever();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    proxy.restore();

    const [approval] = await watch.select().from(outbox).where(sql`${outbox.key} like 'approval:%'`);
    const doneBy = Date.now() + 40_000;
    for (;;) {
      const [row] = await watch.select().from(outbox).where(eq(outbox.key, approval!.key));
      if (row?.status === 'sent') break;
      if (Date.now() > doneBy) throw new Error(`not recorded after the cut: ${JSON.stringify(row)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const channel = slack
      .callsTo('conversations.open')
      .map((call) => (call.response as { channel?: { id?: string } }).channel?.id)
      .find((id) => id !== undefined);
    const landed = slack
      .messages(channel!)
      .filter((message) => JSON.stringify(message.metadata ?? {}).includes('approval:'));
    expect(landed).toHaveLength(1);
  }, 120_000);
});

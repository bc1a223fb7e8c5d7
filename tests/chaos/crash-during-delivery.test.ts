/**
 * `npm run test:chaos` (needs PostgreSQL: DATABASE_URL, default the local server): the real
 * service killed with SIGKILL while Slack has taken an approval message but not yet answered. After
 * the restart the message exists exactly once and delivery resumes within 15 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema.ts';
import { allSent, attemptBegun, importChaosTeam } from '../support/chaos-team.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import {
  killServiceProcesses,
  type ServiceProcess,
  slackServiceEnvironment,
  startServiceProcess,
} from '../support/service-process.ts';
import { postToService, slashCommand } from '../support/slack-requests.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET = 'chaos-signing-secret';
const root = new URL('../..', import.meta.url).pathname;

describe('SIGKILL during a delivery', () => {
  let dir: string;
  let testDb: TestDatabase;
  let slack: FakeSlack;
  let env: Record<string, string>;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
    dir = mkdtempSync(join(tmpdir(), 'accountdesk-chaos-'));
    slack = await startFakeSlack();
    testDb = await createTestDatabase();
    env = { DATABASE_URL: testDb.url!, DEFAULT_TIMEZONE: 'Asia/Shanghai' };
    await importChaosTeam(dir, env);
  });

  afterAll(async () => {
    // Every service started here, not only the last handle (a restart replaces it).
    killServiceProcesses();
    await slack?.stop();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startServiceProcess(['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: slackServiceEnvironment(env, { secret: SECRET, apiUrl: slack.apiUrl }),
    });

  /** The approval messages in the supervisor and rep's group conversation, as Slack holds them. */
  const approvalMessages = () => {
    const channel = slack
      .callsTo('conversations.open')
      .map((call) => (call.response as { channel?: { id?: string } }).channel?.id)
      .find((id) => id !== undefined);
    if (!channel) return [];
    return slack
      .messages(channel)
      .filter((message) => JSON.stringify(message.metadata ?? {}).includes('approval:'));
  };

  it('leaves the approval message posted exactly once, and resumes delivery within 15 s', async () => {
    service = start();
    const url = await service.running(150_000);
    // Slack takes the approval message at once but answers only after 60 s: the kill comes first.
    slack.holdNextAnswer('chat.postMessage', 60_000);
    const reply = await postToService(
      url,
      '/slack/events',
      slashCommand({
        command: '/discount',
        text: 'Globex 12% reason:leverage chaos',
        userId: 'U0REP',
        triggerId: 'chaos-1',
        responseUrl: slack.responseUrl('chaos-1'),
      }),
      { secret: SECRET },
    );
    expect(reply.status).toBe(200);
    const database = openDatabase({ url: testDb.url! });
    try {
      // Wait until the post is on its way (the row says an attempt began) and Slack has it, then kill.
      await attemptBegun(database.db, 'approval:%');
      await new Promise((resolve) => setTimeout(resolve, 300));
      service.child.kill('SIGKILL');
      await service.exited();

      service = start();
      await service.running(150_000);
      const restarted = performance.now();
      const [approval] = await database.db.select().from(outbox).where(sql`${outbox.key} like 'approval:%'`);
      const resumeBy = Date.now() + 30_000;
      let sentAt = 0;
      for (;;) {
        const [row] = await database.db.select().from(outbox).where(eq(outbox.key, approval!.key));
        if (row?.status === 'sent') {
          sentAt = performance.now();
          break;
        }
        if (Date.now() > resumeBy) throw new Error(`not delivered after the restart: ${JSON.stringify(row)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Counted from the moment the restarted service listens: the dead one's lease (10 s) had to run out.
      if (process.env.TEST_LOG_LEVEL)
        console.info(`resumed ${Math.round(sentAt - restarted)} ms after restart`);
      expect(approvalMessages()).toHaveLength(1);
      // It was found where it had landed, not posted again.
      expect(slack.callsTo('conversations.history').length).toBeGreaterThan(0);
      expect(sentAt - restarted).toBeLessThan(15_000);
    } finally {
      await database.close();
    }
  }, 400_000);

  it('delivers once after a kill while Slack was down and the message was backing off', async () => {
    service = start();
    const url = await service.running(150_000);
    slack.setDown(true);
    const reply = await postToService(
      url,
      '/slack/events',
      slashCommand({
        command: '/discount',
        text: 'Globex 13% reason:leverage chaos outage',
        userId: 'U0REP',
        triggerId: 'chaos-2',
        responseUrl: slack.responseUrl('chaos-2'),
      }),
      { secret: SECRET },
    );
    expect(reply.status).toBe(200);
    await slack.waitFor((call) => call.failed, 20_000);
    service.child.kill('SIGKILL');
    await service.exited();
    slack.setDown(false);

    service = start();
    await service.running(150_000);
    const database = openDatabase({ url: testDb.url! });
    try {
      await allSent(database.db, 30_000);
      // This request's approval message, once, beside the first test's in the same conversation.
      const [latest] = await database.db
        .select({ key: outbox.key })
        .from(outbox)
        .where(sql`${outbox.key} like 'approval:%'`)
        .orderBy(sql`${outbox.id} desc`)
        .limit(1);
      const carrying = approvalMessages().filter((message) =>
        JSON.stringify(message.metadata).includes(`"${latest!.key}"`),
      );
      expect(carrying).toHaveLength(1);
    } finally {
      await database.close();
    }
  }, 400_000);
});

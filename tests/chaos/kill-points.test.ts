/**
 * `npm run test:chaos` (needs PostgreSQL): the service SIGKILLed at the two points of a delivery
 * that crash-during-delivery.test.ts does not reach — before the post left (the attempt begun, the
 * conversation still being opened) and after Slack answered but before the row could record it (the
 * database cut by a proxy, then the kill). After each restart every message exists exactly once and
 * delivery resumes within 15 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import {
  allSent,
  approvalKeyFor,
  attemptBegun,
  importChaosTeam,
  messagesCarrying,
} from '../support/chaos-team.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import {
  killServiceProcesses,
  type ServiceProcess,
  slackServiceEnvironment,
  startServiceProcess,
} from '../support/service-process.ts';
import { postToService, slashCommand } from '../support/slack-requests.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET = 'chaos-kill-points-secret';
const root = new URL('../..', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL before the post and after its answer', () => {
  let dir: string;
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let slack: FakeSlack;
  let service: ServiceProcess | undefined;
  let database: ReturnType<typeof openDatabase>;

  beforeAll(async () => {
    process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
    dir = mkdtempSync(join(tmpdir(), 'accountdesk-kill-points-'));
    slack = await startFakeSlack();
    testDb = await createTestDatabase();
    const direct = new URL(testDb.url!);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    await importChaosTeam(dir, { DATABASE_URL: testDb.url!, DEFAULT_TIMEZONE: 'Asia/Shanghai' });
    database = openDatabase({ url: testDb.url! });
  });

  afterAll(async () => {
    // Every service started here, not only the last handle (a restart replaces it).
    killServiceProcesses();
    await database?.close();
    await proxy?.stop();
    await slack?.stop();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The service, reaching Postgres through the proxy the test can cut. */
  const start = () => {
    const viaProxy = new URL(testDb.url!);
    viaProxy.port = String(proxy.port);
    return startServiceProcess(['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: slackServiceEnvironment(
        { DATABASE_URL: viaProxy.toString(), DEFAULT_TIMEZONE: 'Asia/Shanghai' },
        { secret: SECRET, apiUrl: slack.apiUrl },
      ),
    });
  };

  const discount = (url: string, text: string, trigger: string) =>
    postToService(
      url,
      '/slack/events',
      slashCommand({
        command: '/discount',
        text,
        userId: 'U0REP',
        triggerId: trigger,
        responseUrl: slack.responseUrl(trigger),
      }),
      { secret: SECRET },
    );

  /** Restarts the service and returns how long after it listened every row was sent. */
  const restartAndDrain = async () => {
    service = start();
    await service.running(150_000);
    return allSent(database.db, 40_000);
  };

  it('posts once after a kill that came before the post left', async () => {
    service = start();
    const url = await service.running(150_000);
    // Opening the approval conversation is answered only after a minute: the kill comes first.
    slack.holdNextAnswer('conversations.open', 60_000);
    expect((await discount(url, 'Globex 11% reason:leverage before the post', 'kill-1')).status).toBe(200);
    const key = await attemptBegun(database.db, await approvalKeyFor(database.db, 'before the post'));
    await sleep(300);
    service.child.kill('SIGKILL');
    await service.exited();
    expect(messagesCarrying(slack, key)).toEqual([]);

    const resumedIn = await restartAndDrain();
    expect(messagesCarrying(slack, key)).toHaveLength(1);
    expect(resumedIn).toBeLessThan(15_000);
  }, 400_000);

  it('does not post again after a kill between Slack’s answer and the row’s record', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    service = start();
    const url = await service.running(150_000);
    // The approval message's post, not whichever post comes first (a replacing filing also posts a
    // note under the request it replaces).
    slack.holdNextAnswer('chat.postMessage', 1500, 'after the answer');
    expect((await discount(url, 'Globex 12% reason:leverage after the answer', 'kill-2')).status).toBe(200);
    await attemptBegun(database.db, await approvalKeyFor(database.db, 'after the answer'));
    // Slack holds the post's answer; the database goes away before it arrives, so the answer cannot
    // be recorded, and the service dies while it is still trying.
    await sleep(300);
    proxy.sever();
    await slack.waitFor((call) => call.method === 'chat.postMessage' && call.seq >= before, 10_000);
    await sleep(1500);
    service.child.kill('SIGKILL');
    await service.exited();
    proxy.restore();

    const posted = slack
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((call) => !call.failed);
    const keys = posted.map(
      (call) =>
        (call.args as { metadata?: { event_payload?: { outbox_key?: string } } }).metadata?.event_payload
          ?.outbox_key,
    );
    expect(keys.length).toBeGreaterThan(0);

    const resumedIn = await restartAndDrain();
    // Each message Slack had taken before the kill is there once: found, not posted again.
    for (const key of keys) expect(messagesCarrying(slack, key!), key).toHaveLength(1);
    expect(slack.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(resumedIn).toBeLessThan(15_000);
  }, 400_000);
});

/**
 * SIGTERM under load, on the real process: every request that got a 200 is stored, none is half
 * done, nothing stays claimed in the outbox, and the process exits 0.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { openDatabase } from '../../src/db/client.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { slackServiceEnvironment, startServiceProcess } from '../support/service-process.ts';
import { postToService, slashCommand } from '../support/slack-requests.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET = 'shutdown-signing-secret';
const IN_FLIGHT = 40;
const root = new URL('../..', import.meta.url).pathname;

const posix = process.platform !== 'win32';
if (!posix) console.warn('tests/service/shutdown.test.ts: skipped on Windows, which has no POSIX signals');

describe.runIf(posix)('SIGTERM with commands in flight', () => {
  let dataDir: string;
  let testDb: TestDatabase | undefined;
  let slack: FakeSlack;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-shutdown-'));
    slack = await startFakeSlack();
    testDb = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    env = testDb?.url
      ? { DATABASE_URL: testDb.url, DEFAULT_TIMEZONE: 'Asia/Shanghai' }
      : { DATA_DIR: dataDir, DEFAULT_TIMEZONE: 'Asia/Shanghai' };
    const members = join(dataDir, 'members.csv');
    const customers = join(dataDir, 'customers.csv');
    writeFileSync(members, 'platform,user_id,name,role\nslack,U1,Riley Rep,rep\n');
    writeFileSync(customers, 'name,tier,owner_user_id,status\nGlobex,A,U1,active\n');
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, env };
    expect(await runCli(['import', 'members', members], io)).toBe(0);
    expect(await runCli(['import', 'customers', customers], io)).toBe(0);
  });

  afterAll(async () => {
    await slack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await testDb?.drop();
  });

  it('answers or refuses each request, stores every 200, releases its claims and exits 0', async () => {
    const service = startServiceProcess(['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: slackServiceEnvironment(env, { secret: SECRET, apiUrl: slack.apiUrl }),
    });
    // A cold tsx start on a loaded machine is slow; past this, fail with what the process said.
    const url = await service.running(150_000);
    const output = service.output;

    const sent = Array.from({ length: IN_FLIGHT }, (_, index) =>
      postToService(
        url,
        '/slack/events',
        slashCommand({
          command: '/visit',
          text: `Globex shutdown visit ${index}`,
          userId: 'U1',
          triggerId: `shutdown-${index}`,
          responseUrl: slack.responseUrl(`shutdown-${index}`),
        }),
        { secret: SECRET },
      ).then(
        (response) => ({ index, status: response.status, text: response.text }),
        () => ({ index, status: 0, text: '' }),
      ),
    );
    // Signal while the burst is still arriving and being answered.
    await new Promise((resolve) => setTimeout(resolve, 15));
    service.child.kill('SIGTERM');
    const results = await Promise.all(sent);
    // The stop is bounded (SHUTDOWN_TIMEOUT_MS, 10 s, plus the jobs): waiting longer means it hung.
    const code = await Promise.race([
      service.exited(),
      new Promise<string>((resolve) => setTimeout(() => resolve('still running after 25 s'), 25_000)),
    ]);
    expect(code, output()).toBe(0);
    expect(output()).toContain('"msg":"stopped"');

    const answered = results.filter((result) => result.status === 200).map((result) => result.index);
    // Refused ones got no answer at all (connection closed or refused), never a 5xx half-way.
    for (const result of results) expect([0, 200]).toContain(result.status);
    expect(answered.length).toBeGreaterThan(0);
    if (process.env.TEST_LOG_LEVEL) console.info(`answered ${answered.length} of ${IN_FLIGHT} before exit`);

    const database = openDatabase(testDb?.url ? { url: testDb.url } : { dataDir });
    try {
      const stored = rowsOf<{ summary: string }>(await database.db.execute(sql`select summary from visits`));
      const storedIndexes = stored.map((row) => Number(/visit (\d+)$/.exec(row.summary)?.[1]));
      for (const index of answered) expect(storedIndexes).toContain(index);
      const claimed = rowsOf<{ count: number }>(
        await database.db.execute(
          sql`select count(*)::int as count from outbox where status = 'pending' and locked_until > now()`,
        ),
      );
      expect(claimed[0]?.count).toBe(0);
    } finally {
      await database.close();
    }
  }, 240_000);
});

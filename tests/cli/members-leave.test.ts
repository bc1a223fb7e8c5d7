/**
 * `accountdesk members leave` and a members file's `status` column: an admin takes someone out of
 * the team from the command line, and their book passes on (README, "A rep leaves").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { customers, members } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

// Monday 2026-11-23, 04:00 in Shanghai (DEFAULT_TIMEZONE below).
const NOW = new Date('2026-11-22T20:00:00Z');

const MEMBERS = [
  'platform,user_id,name,role,manager_user_id,timezone,locale,email',
  'slack,U1,Alice,rep,U2,,,',
  'slack,U2,Bob,supervisor,U3,,,',
  'slack,U3,Carol,director,,,,',
  'slack,U4,Dan,rep,U2,,,',
].join('\n');
const CUSTOMERS = [
  'name,tier,owner_user_id,status',
  'Acme,A,U1,active',
  'Bolt,B,U1,active',
  'Cog,C,U1,active',
  'Dyno,B,U4,active',
].join('\n');

let dir: string;
let testDb: TestDatabase | undefined;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accountdesk-leave-'));
  const base = { DEFAULT_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent' };
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase();
    env = { ...base, DATABASE_URL: testDb.url };
  } else {
    env = { ...base, DATA_DIR: join(dir, 'data') };
  }
  const path = join(dir, 'members.csv');
  await writeFile(path, MEMBERS);
  expect((await run(['import', 'members', path])).code).toBe(0);
  await writeFile(join(dir, 'customers.csv'), CUSTOMERS);
  expect((await run(['import', 'customers', join(dir, 'customers.csv')])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await testDb?.drop();
  await rm(dir, { recursive: true, force: true });
});

type Run = { code: number; stdout: string; stderr: string };

async function run(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: () => NOW,
  });
  return { code, stdout, stderr };
}

async function withDb<T>(use: (database: Database) => Promise<T>): Promise<T> {
  const database = testDb ? openDatabase({ url: testDb.url }) : openDatabase({ dataDir: env.DATA_DIR });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

const memberRow = (userId: string) =>
  withDb(async ({ db }) => {
    const [row] = await db.select().from(members).where(eq(members.userId, userId));
    return row!;
  });

const ownersOf = () =>
  withDb(async ({ db }) => {
    const rows = await db.select().from(customers);
    const people = await db.select().from(members);
    const name = (id: number) => people.find((p) => p.id === id)?.name;
    return Object.fromEntries(rows.map((c) => [c.name, name(c.ownerId)]));
  });

describe('members leave', () => {
  it('hands the book to the manager, says what it did, and changes nothing the second time', async () => {
    const result = await run(['members', 'leave', 'U1']);
    expect(result).toEqual({
      code: 0,
      stdout:
        'Alice has left: 3 customer(s) handed over to Bob (3), 0 report(s) moved, 0 open request(s) withdrawn, 0 approval(s) moved up the line.\n',
      stderr: '',
    });
    expect(await ownersOf()).toEqual({ Acme: 'Bob', Bolt: 'Bob', Cog: 'Bob', Dyno: 'Dan' });
    expect((await memberRow('U1')).active).toBe(false);
    const again = await run(['members', 'leave', 'U1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'Alice had already left; nothing else changed (0 open request(s) withdrawn, 0 approval(s) moved up the line).\n',
    );
  });

  it('refuses the leaver, someone who left, or an unknown member as the one to take over', async () => {
    expect(await run(['members', 'leave', 'U4', '--to', 'U4'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'accountdesk: Dan cannot take over their own customers.\nNothing was changed.\n',
    });
    expect((await run(['members', 'leave', 'U4', '--to', 'U1'])).stderr).toContain(
      'Alice is no longer active and cannot take over customers.',
    );
    expect((await run(['members', 'leave', 'U4', '--to', 'UX'])).stderr).toContain('no slack member "UX"');
    expect((await run(['members', 'leave', 'U4', '--to'])).code).toBe(2);
    expect((await memberRow('U4')).active).toBe(true);
  });

  it('takes status left from a members file with just platform, user_id and status', async () => {
    const path = join(dir, 'leaving.csv');
    await writeFile(path, 'platform,user_id,status\nslack,U4,left\n');
    const result = await run(['import', 'members', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'Imported 1 member (0 new, 0 updated, 1 unchanged).\n' +
        'Dan has left: 1 customer(s) handed over to Bob (1), 0 report(s) moved, 0 open request(s) withdrawn, 0 approval(s) moved up the line.\n',
    );
    expect((await memberRow('U4')).active).toBe(false);
    expect((await ownersOf()).Dyno).toBe('Bob');
    // Listed again with status left: nothing more happens. A new member still needs a name and role.
    const again = await run(['import', 'members', path]);
    expect(again.stdout).toContain('Dan had already left; nothing else changed');
    expect((await memberRow('U4')).active).toBe(false);
    await writeFile(join(dir, 'new.csv'), 'platform,user_id,status\nslack,U9,active\n');
    const refused = await run(['import', 'members', join(dir, 'new.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2: name and role are required for a new member');
  });
});

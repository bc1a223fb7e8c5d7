/**
 * A place to run `accountdesk` commands in-process against the database kind the tests use: a
 * PGlite data directory of its own, or a fresh Postgres database when DATABASE_URL is set.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/index.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export type CliRun = { code: number; stdout: string; stderr: string };
export type CliRunOptions = { tty?: boolean; env?: Record<string, string | undefined> };

export type CliWorkspace = {
  dir: string;
  env: Record<string, string | undefined>;
  run(argv: string[], options?: CliRunOptions): Promise<CliRun>;
  /** Writes a file in the workspace; returns its path. */
  file(name: string, content: string | Buffer): Promise<string>;
  /** Opens the database the CLI wrote to (after the CLI closed it: PGlite allows one opener). */
  withDb<T>(use: (database: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export async function openCliWorkspace(name: string, now: () => Date): Promise<CliWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), `accountdesk-${name}-`));
  const base = { DEFAULT_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'silent' };
  let testDb: TestDatabase | undefined;
  let env: Record<string, string | undefined>;
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase();
    env = { ...base, DATABASE_URL: testDb.url };
  } else {
    env = { ...base, DATA_DIR: join(dir, 'data') };
  }
  return {
    dir,
    env,
    async run(argv, options = {}) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, {
        stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
        stderr: { write: (text: string) => (stderr += text) },
        env: options.env ?? env,
        now,
      });
      return { code, stdout, stderr };
    },
    async file(fileName, content) {
      const path = join(dir, fileName);
      await writeFile(path, content);
      return path;
    },
    async withDb(use) {
      const database = testDb ? openDatabase({ url: testDb.url }) : openDatabase({ dataDir: env.DATA_DIR });
      try {
        return await use(database);
      } finally {
        await database.close();
      }
    },
    async close() {
      await testDb?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

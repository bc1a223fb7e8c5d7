import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-start-'));

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('SLACK_') && key !== 'DATABASE_URL'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

/**
 * Waits for `check` while the process lives. No deadline of its own: a cold `tsx` start on a loaded
 * machine can take many seconds, so only the test's timeout (generous, below) bounds it.
 */
async function waitFor(check: () => boolean, child: ChildProcess, output: () => string): Promise<void> {
  while (!check()) {
    if (child.exitCode !== null)
      throw new Error(`exited with ${child.exitCode} before it was ready:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A cold start compiles the whole service with tsx: minutes under load, not the default 30 s. */
const COLD_START_TIMEOUT = 180_000;

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm start on a fresh machine', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'starts with no credentials and no database, answers /healthz and says how to connect Slack',
    async () => {
      const { child, output } = startMain({ PORT: '0', DATA_DIR: dataDir });
      try {
        await waitFor(() => output().includes('AccountDesk is running'), child, output);
        const url = /"url":"([^"]+)"/.exec(output())?.[1];
        expect(url).toBeDefined();
        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        expect(output()).toContain('"database":"pglite"');
        expect(output()).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited(child)).toBe(0);
    },
    COLD_START_TIMEOUT,
  );

  it(
    'refuses to start on a bad setting and names the variable',
    async () => {
      const { child, output } = startMain({ PORT: '0', DATA_DIR: dataDir, DEFAULT_TIMEZONE: 'Nowhere/Land' });
      expect(await exited(child)).toBe(2);
      expect(output()).toContain('DEFAULT_TIMEZONE');
    },
    COLD_START_TIMEOUT,
  );

  it(
    'refuses to come up in production without chat credentials, even with a database',
    async () => {
      const { child, output } = startMain({
        PORT: '0',
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_opened',
      });
      expect(await exited(child)).toBe(2);
      expect(output()).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
      expect(output()).not.toContain('sandbox workspace with a demo team');
    },
    COLD_START_TIMEOUT,
  );

  it(
    'keeps the embedded database to itself: a CLI import beside the running service refuses and says why',
    async () => {
      const shared = mkdtempSync(join(tmpdir(), 'accountdesk-lock-'));
      const csv = join(shared, 'customers.csv');
      writeFileSync(csv, 'name,tier,owner_user_id,status\nWayne Enterprises,A,U0DEMORILEY,prospect\n');
      const io = () => {
        const out = { stdout: '', stderr: '' };
        return {
          out,
          io: {
            stdout: { write: (text: string) => (out.stdout += text) },
            stderr: { write: (text: string) => (out.stderr += text) },
            env: { DATA_DIR: shared },
          },
        };
      };
      const { child, output } = startMain({ PORT: '0', DATA_DIR: shared });
      try {
        await waitFor(() => output().includes('AccountDesk is running'), child, output);
        const refused = io();
        expect(await runCli(['import', 'customers', csv], refused.io)).toBe(1);
        expect(refused.out.stderr).toContain('is in use by another AccountDesk process');
        expect(refused.out.stderr).toContain('Stop the service first, or use PostgreSQL');
        expect(refused.out.stdout).not.toContain('Imported');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited(child)).toBe(0);
      // Stopped, the service let go of it: the same import now goes through.
      const accepted = io();
      expect(await runCli(['import', 'customers', csv], accepted.io), accepted.out.stderr).toBe(0);
      expect(accepted.out.stdout).toContain('Imported 1 customer');
      rmSync(shared, { recursive: true, force: true });
    },
    COLD_START_TIMEOUT,
  );
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm start on a fresh machine', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with no credentials and no database, answers /healthz and says how to connect Slack', async () => {
    const { child, output } = startMain({ PORT: '0', DATA_DIR: dataDir });
    try {
      await waitFor(() => output().includes('AccountDesk is running'));
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
  });

  it('refuses to start on a bad setting and names the variable', async () => {
    const { child, output } = startMain({ PORT: '0', DATA_DIR: dataDir, DEFAULT_TIMEZONE: 'Nowhere/Land' });
    expect(await exited(child)).toBe(2);
    expect(output()).toContain('DEFAULT_TIMEZONE');
  });
});

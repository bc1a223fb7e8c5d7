import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import {
  environmentWithoutService,
  type ServiceProcess,
  startServiceProcess,
} from '../support/service-process.ts';

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-start-'));

function startMain(env: Record<string, string>): ServiceProcess {
  return startServiceProcess(['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...environmentWithoutService(), ...env },
  });
}

/** A cold start compiles the whole service with tsx: minutes under load, not the default 30 s. */
const COLD_START_TIMEOUT = 180_000;

describe('npm start on a fresh machine', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'starts with no credentials and no database, answers /healthz and says how to connect Slack',
    async () => {
      const service = startMain({ PORT: '0', DATA_DIR: dataDir });
      try {
        const url = await service.running();
        expect(url).toBeDefined();
        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        expect(service.output()).toContain('"database":"pglite"');
        expect(service.output()).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
      } finally {
        service.child.kill('SIGTERM');
      }
      expect(await service.exited()).toBe(0);
    },
    COLD_START_TIMEOUT,
  );

  it(
    'refuses to start on a bad setting and names the variable',
    async () => {
      const service = startMain({ PORT: '0', DATA_DIR: dataDir, DEFAULT_TIMEZONE: 'Nowhere/Land' });
      expect(await service.exited()).toBe(2);
      expect(service.output()).toContain('DEFAULT_TIMEZONE');
    },
    COLD_START_TIMEOUT,
  );

  it(
    'refuses to come up in production without chat credentials, even with a database',
    async () => {
      const service = startMain({
        PORT: '0',
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_opened',
      });
      expect(await service.exited()).toBe(2);
      expect(service.output()).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
      expect(service.output()).not.toContain('sandbox workspace with a demo team');
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
      const service = startMain({ PORT: '0', DATA_DIR: shared });
      try {
        await service.running();
        const refused = io();
        expect(await runCli(['import', 'customers', csv], refused.io)).toBe(1);
        expect(refused.out.stderr).toContain('is in use by another AccountDesk process');
        expect(refused.out.stderr).toContain('Stop the service first, or use PostgreSQL');
        expect(refused.out.stdout).not.toContain('Imported');
      } finally {
        service.child.kill('SIGTERM');
      }
      expect(await service.exited()).toBe(0);
      // Stopped, the service let go of it: the same import now goes through.
      const accepted = io();
      expect(await runCli(['import', 'customers', csv], accepted.io), accepted.out.stderr).toBe(0);
      expect(accepted.out.stdout).toContain('Imported 1 customer');
      rmSync(shared, { recursive: true, force: true });
    },
    COLD_START_TIMEOUT,
  );
});

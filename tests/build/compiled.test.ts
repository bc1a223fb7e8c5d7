/**
 * The compiled build as a deploy runs it: `npm run build`'s tsc output in a directory of its own,
 * with only what the runtime image has (dist/, bin/, migrations/, manifest/, the dependencies), no
 * tsx loader: the bin imports a member list, `node dist/main.js` answers a signed Slack command.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { replyText } from '../support/harness.ts';
import { startServiceProcess } from '../support/service-process.ts';
import { postToService, slashCommand } from '../support/slack-requests.ts';

const root = new URL('../..', import.meta.url).pathname;
const SECRET = 'compiled-signing-secret';

describe('the compiled service (dist/)', () => {
  let app: string;
  let slack: FakeSlack;

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'accountdesk-dist-'));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(app, 'dist')], {
      cwd: root,
      stdio: 'pipe',
    });
    cpSync(join(root, 'src/sandbox/emulator/public'), join(app, 'dist/sandbox/emulator/public'), {
      recursive: true,
    });
    for (const part of ['bin', 'migrations', 'manifest', 'package.json'])
      cpSync(join(root, part), join(app, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  }, 180_000);

  afterAll(async () => {
    await slack?.stop();
    rmSync(app, { recursive: true, force: true });
  });

  it('runs the CLI and the service from dist/ without TypeScript at run time', async () => {
    slack = await startFakeSlack();
    const dataDir = join(app, 'data');
    const env = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      DEFAULT_TIMEZONE: 'Asia/Shanghai',
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    writeFileSync(join(app, 'members.csv'), 'platform,user_id,name,role\nslack,U1,Riley Rep,rep\n');
    writeFileSync(join(app, 'customers.csv'), 'name,tier,owner_user_id,status\nGlobex,A,U1,active\n');
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['bin/accountdesk.mjs', ...args], { cwd: app, env, encoding: 'utf8' });
    expect(cli('import', 'members', 'members.csv')).toContain('Imported 1 member');
    expect(cli('import', 'customers', 'customers.csv')).toContain('Imported 1 customer');

    const started = performance.now();
    const service = startServiceProcess(['dist/main.js'], { cwd: app, env: { ...env, PORT: '0' } });
    try {
      const url = await service.running();
      if (process.env.TEST_LOG_LEVEL)
        console.info(`compiled cold start: ${Math.round(performance.now() - started)} ms`);
      expect(service.output()).not.toContain('sandbox');
      const reply = await postToService(
        url,
        '/slack/events',
        slashCommand({
          command: '/visit',
          text: 'Globex met the buyer from the compiled build',
          userId: 'U1',
          triggerId: 'compiled-1',
          responseUrl: slack.responseUrl('compiled-1'),
        }),
        { secret: SECRET },
      );
      expect(reply.status).toBe(200);
      expect(replyText(reply.json())).toContain('Globex');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      service.child.kill('SIGTERM');
    }
    expect(await service.exited()).toBe(0);
  }, 120_000);
});

/**
 * The App Home in the sandbox. First as Slack's wire shows it: opening the tab sends a signed JSON
 * `app_home_opened` event, and a click in the published home is a block_actions from a `view`
 * container with no channel and no response_url. Then with the real service and the demo team:
 * the rep's day shows up, and Snooze in it redraws it.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createInteractions, IntentError } from '../../src/sandbox/emulator/interactions.ts';
import { SlackEmulator } from '../../src/sandbox/emulator/slack-emulator.ts';
import { type SandboxService, startSandbox } from '../../src/sandbox/start.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const SECRET = 'sandbox-home-test-secret';
const TOKEN = 'xoxb-home-test';
const ME = 'U0HOME';

type Received = { headers: IncomingMessage['headers']; body: string };

describe('the Home tab on the wire', () => {
  let slack: SlackEmulator;
  let app: Server;
  const received: Received[] = [];

  beforeAll(async () => {
    slack = await SlackEmulator.start({ token: TOKEN });
    // Stands in for the service: records what the sandbox posts and acknowledges it, as Bolt does.
    app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
    await slack.stop();
  });

  const interactions = () =>
    createInteractions({
      emulator: slack,
      eventsUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`,
      signingSecret: SECRET,
      team: { id: 'T1', domain: 'test' },
      commands: [],
      user: (id) => (id === ME ? { id, name: 'riley' } : undefined),
      userByHandle: () => undefined,
      logger: createLogger('silent'),
    });

  const signatureOf = (request: Received) => {
    const timestamp = String(request.headers['x-slack-request-timestamp']);
    const digest = createHmac('sha256', SECRET).update(`v0:${timestamp}:${request.body}`).digest('hex');
    return { expected: `v0=${digest}`, sent: request.headers['x-slack-signature'], timestamp };
  };

  it('sends a signed app_home_opened event, with the home already published after the first time', async () => {
    expect(await interactions().home({ user: ME })).toEqual({ ok: true });
    const first = received.at(-1)!;
    expect(first.headers['content-type']).toBe('application/json');
    const signature = signatureOf(first);
    expect(signature.sent).toBe(signature.expected);
    expect(Math.abs(Number(signature.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const envelope = JSON.parse(first.body);
    expect(envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: expect.stringMatching(/^Ev[0-9A-F]{10}$/),
      event_time: expect.any(Number),
      event: { type: 'app_home_opened', user: ME, channel: `D${ME}`, tab: 'home' },
    });
    expect(envelope.event.event_ts).toMatch(/^\d+\.\d{6}$/);
    expect(envelope.event.view).toBeUndefined();

    const client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const published = await client.views.publish({
      user_id: ME,
      view: {
        type: 'home',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*My day*' } },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'snooze',
                value: 'c-1',
                text: { type: 'plain_text', text: 'Snooze' },
              },
            ],
          },
        ],
      },
    });
    expect(published.ok).toBe(true);
    await interactions().home({ user: ME });
    expect(JSON.parse(received.at(-1)!.body).event.view).toMatchObject({
      id: published.view?.id,
      type: 'home',
    });
  });

  it('sends a click in the home as block_actions from the home view, with no channel nor response_url', async () => {
    const home = slack.homeView(ME)!;
    const act = await interactions().act({
      user: ME,
      at: { kind: 'view', viewId: String(home.id), blockIndex: 1, elementIndex: 0 },
      choice: {},
    });
    expect(act).toEqual({ ok: true });
    const click = received.at(-1)!;
    expect(click.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(signatureOf(click).sent).toBe(signatureOf(click).expected);
    const payload = JSON.parse(new URLSearchParams(click.body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: ME, team_id: 'T1' },
      team: { id: 'T1' },
      container: { type: 'view', view_id: home.id },
      view: {
        id: home.id,
        type: 'home',
        team_id: 'T1',
        app_id: 'A1',
        hash: home.hash,
        state: { values: {} },
      },
      actions: [{ type: 'button', action_id: 'snooze', value: 'c-1', text: { text: 'Snooze' } }],
      trigger_id: expect.any(String),
    });
    expect(payload.view.blocks).toEqual(home.blocks);
    for (const absent of ['channel', 'message', 'response_url', 'state'])
      expect(payload).not.toHaveProperty(absent);
    // A home has no Submit: the page cannot send a view_submission for it.
    await expect(
      interactions().submit({ user: ME, viewId: String(home.id), values: {} }),
    ).rejects.toBeInstanceOf(IntentError);
  });
});

describe('the Home tab of the demo team', () => {
  const RILEY = 'U0DEMORILEY';
  let sandbox: SandboxService;
  let testDb: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-sandbox-home-'));
    testDb = await createTestDatabase();
    sandbox = await startSandbox({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DEFAULT_LOCALE: 'en' }),
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      database: testDb.database,
      scheduler: false,
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  type Button = { type: string; text?: { text: string } };
  type Home = { id: string; hash: string; blocks: { type: string; elements?: Button[] }[] };
  const post = async (path: string, body: object) =>
    (await fetch(`${sandbox.url}/sandbox/intents/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json())) as Record<string, unknown>;
  const homeOf = async (user: string) =>
    ((await (await fetch(`${sandbox.url}/sandbox/state?user=${user}`)).json()) as { home: Home | null }).home;
  // The service redraws a home at most once per member every 3 s, so a click just after opening waits.
  async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const snoozes = (home: Home) =>
    home.blocks.flatMap((block, blockIndex) =>
      (block.elements ?? []).flatMap((e, elementIndex) =>
        e.type === 'button' && e.text?.text === 'Snooze' ? [{ blockIndex, elementIndex }] : [],
      ),
    );

  it('shows the rep their day once the app publishes it, and Snooze in it redraws it', {
    timeout: 30_000,
  }, async () => {
    expect(await homeOf(RILEY)).toBeNull();
    expect(await post('home', { user: RILEY })).toEqual({ ok: true });
    const home = await eventually(async () => (await homeOf(RILEY)) ?? undefined, 'the home');
    expect(JSON.stringify(home.blocks)).toContain('My day');
    expect(JSON.stringify(home.blocks)).toContain('Log visit');
    const [first] = snoozes(home);
    expect(first).toBeDefined();
    expect(await post('act', { user: RILEY, at: { kind: 'view', viewId: home.id, ...first } })).toEqual({
      ok: true,
    });
    const redrawn = await eventually(async () => {
      const now = await homeOf(RILEY);
      return now && now.hash !== home.hash ? now : undefined;
    }, 'the home redrawn');
    expect(redrawn.id).toBe(home.id);
    expect(snoozes(redrawn)).toHaveLength(snoozes(home).length - 1);
  });
});

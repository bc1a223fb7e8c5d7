/**
 * The sandbox as the page uses it, without a browser: the real service with the demo team, the
 * page's intents turned into signed Slack requests, the demo clock, restarts and resets.
 */

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { discountRequests } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { SANDBOX_BOT_TOKEN, type SandboxService, startSandbox } from '../../src/sandbox/start.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const RILEY = 'U0DEMORILEY';
const SAM = 'U0DEMOSAM';
const GROUP = 'GU0DEMORILEYU0DEMOSAM';

type Message = {
  ts: string;
  user: string;
  text: string;
  blocks: { type: string; elements?: { text?: { text: string } }[] }[];
  thread_ts?: string;
};
type State = {
  me: string;
  offsetMs: number;
  people: { id: string; name: string; role: string }[];
  conversations: { id: string; kind: string; messages: Message[] }[];
  ephemerals: { text?: string; blocks?: unknown[]; message_ts: string }[];
  views: { id: string; callback_id: string; blocks: { block_id: string }[] }[];
};

describe('the sandbox workspace served by the service', () => {
  let sandbox: SandboxService;
  let testDb: TestDatabase;
  let dataDir: string;

  const start = () =>
    startSandbox({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir }),
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      database: testDb.database,
      scheduler: false,
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-sandbox-'));
    testDb = await createTestDatabase();
    sandbox = await start();
  });
  afterAll(async () => {
    await sandbox?.stop();
    await testDb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function intent<T = Record<string, unknown>>(path: string, body: object = {}): Promise<T> {
    const response = await fetch(`${sandbox.url}/sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }
  const state = async (user: string) =>
    (await (await fetch(`${sandbox.url}/sandbox/state?user=${user}`)).json()) as State;
  const messagesIn = async (user: string, channel: string) =>
    (await state(user)).conversations.find((c) => c.id === channel)?.messages ?? [];
  const textOf = (value: unknown) => JSON.stringify(value);

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const approvalFor = (user: string, header: string) =>
    eventually(
      async () => (await messagesIn(user, GROUP)).find((m) => textOf(m.blocks).includes(header)),
      `approval "${header}"`,
    );

  it('seeds the demo team once, and the bot posts the waiting approval to the rep and the supervisor', async () => {
    const seen = await state(SAM);
    expect(seen.people.map((p) => [p.name, p.role])).toEqual([
      ['Riley Chen 陈锐', 'rep'],
      ['Mei Zhang 张梅', 'rep'],
      ['Sam Li 李森', 'supervisor'],
      ['Dana Wu 吴丹', 'director'],
      ['Alex Admin 艾力', 'admin'],
    ]);
    const approval = await approvalFor(SAM, 'Discount request #4: 8% for Globex Trading');
    expect(textOf(approval.blocks)).toContain('Approve');
    // The bot reached the workspace through the Web API emulation, with the sandbox's token.
    const opened = sandbox.emulator.callsTo('conversations.open').at(-1);
    expect(opened).toMatchObject({ failed: false });
    expect(opened?.token?.startsWith(`${SANDBOX_BOT_TOKEN}-`)).toBe(true);
  });

  it('sends a slash command the way Slack does and shows the answer only to whoever typed it', async () => {
    await intent('intents/type', { user: RILEY, channel: `D${RILEY}`, text: '/customer Acme' });
    expect(textOf((await state(RILEY)).ephemerals)).toContain('Acme Corporation');
    expect(textOf((await state(SAM)).ephemerals)).not.toContain('Acme Corporation');

    await intent('intents/type', { user: RILEY, channel: `D${RILEY}`, text: '/nope' });
    expect(textOf((await state(RILEY)).ephemerals)).toContain('/nope is not a valid command');
    expect(await intent('intents/type', { user: RILEY, channel: `D${RILEY}`, text: 'hello bot' })).toEqual({
      ok: false,
      error: 'Sending messages to this app has been turned off.',
    });
    // The page cannot speak for anyone outside the workspace, nor into someone else's DM.
    const response = await fetch(`${sandbox.url}/sandbox/intents/type`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: SAM, channel: `D${RILEY}`, text: '/followups' }),
    });
    expect(response.status).toBe(400);
    // And the service's own endpoint still wants Slack's signature.
    const unsigned = await fetch(`${sandbox.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Ffollowups&user_id=U0DEMORILEY',
    });
    expect(unsigned.status).toBe(401);
  });

  it('turns clicks into block_actions and a form into block_suggestion and view_submission', async () => {
    const approval = await approvalFor(SAM, 'Discount request #4');
    const blockIndex = approval.blocks.findIndex((b) => b.type === 'actions');
    expect(
      await intent('intents/act', {
        user: SAM,
        at: {
          kind: 'message',
          channel: GROUP,
          ts: approval.ts,
          ephemeral: false,
          blockIndex,
          elementIndex: 0,
        },
      }),
    ).toEqual({ ok: true });
    await eventually(
      async () =>
        (await messagesIn(RILEY, GROUP)).find(
          (m) => m.thread_ts === approval.ts && m.text.includes('approved'),
        ),
      'the outcome in the thread',
    );
    const updated = (await messagesIn(RILEY, GROUP)).find((m) => m.ts === approval.ts)!;
    expect(updated.blocks.some((b) => b.type === 'actions')).toBe(false);

    await intent('intents/type', { user: RILEY, channel: `D${RILEY}`, text: '/visit' });
    const form = await eventually(async () => (await state(RILEY)).views[0], 'the visit form');
    expect(form.callback_id).toBe('visit_form');
    const suggested = await intent<{ options: { text: { text: string }; value: string }[] }>(
      'intents/suggest',
      {
        user: RILEY,
        at: { kind: 'view', viewId: form.id, blockIndex: 0 },
        value: 'glo',
      },
    );
    expect(suggested.options.map((o) => o.text.text)).toEqual(['Globex Trading']);
    const globex = suggested.options[0]!;
    const fields = (summary: string | null) => ({
      0: { value: globex.value, label: globex.text.text },
      1: { value: 'meeting' },
      3: { value: summary },
    });
    // Slack's client insists on required fields before anything is sent.
    expect(await intent('intents/submit', { user: RILEY, viewId: form.id, values: fields(null) })).toEqual({
      ok: false,
      errors: { 3: 'Please complete this required field.' },
    });
    expect(
      await intent('intents/submit', {
        user: RILEY,
        viewId: form.id,
        values: { ...fields('Quarterly review'), 5: { value: '2001-01-01' } },
      }),
    ).toMatchObject({ ok: false, errors: { 5: expect.any(String) } });
    expect(
      await intent('intents/submit', { user: RILEY, viewId: form.id, values: fields('Quarterly review') }),
    ).toEqual({
      ok: true,
    });
    expect((await state(RILEY)).views).toEqual([]);
    await eventually(
      async () =>
        (await messagesIn(RILEY, `D${RILEY}`)).find((m) =>
          m.text.includes('Meeting logged for Globex Trading'),
        ),
      'the visit confirmation',
    );
  });

  it('runs the morning digest at the members’ digest time and moves the clock a day on', async () => {
    const digest = await intent<{ ok: boolean; queued: number }>('clock/digest');
    expect(digest.queued).toBeGreaterThan(0);
    await eventually(
      async () =>
        (await messagesIn(RILEY, `D${RILEY}`)).find((m) => m.text.startsWith('Follow-ups for Riley Chen')),
      "Riley's morning message",
    );
    const team = await eventually(
      async () => (await messagesIn(SAM, `D${SAM}`)).find((m) => m.text.startsWith('Team digest for Sam Li')),
      "Sam's team digest",
    );
    // A stale account is handed to Mei: the picker beside it lists the team's reps, and a pick asks first.
    const picker = team.blocks.findIndex(
      (b) => textOf(b).includes('Umbrella Logistics') && textOf(b).includes('static_select'),
    );
    expect(picker).toBeGreaterThan(0);
    expect(textOf(team.blocks[picker])).toContain('Mei');
    expect(
      await intent('intents/act', {
        user: SAM,
        at: { kind: 'message', channel: `D${SAM}`, ts: team.ts, ephemeral: false, blockIndex: picker },
        choice: { value: 'U0DEMOMEI' },
      }),
    ).toEqual({ ok: true });
    const question = await eventually(
      async () => (await state(SAM)).ephemerals.find((e) => textOf(e).includes('Hand Umbrella Logistics')),
      'the hand-over question',
    );
    const actions = (question.blocks as { type: string }[]).findIndex((b) => b.type === 'actions');
    expect(
      await intent('intents/act', {
        user: SAM,
        at: {
          kind: 'message',
          channel: `D${SAM}`,
          ts: question.message_ts,
          ephemeral: true,
          blockIndex: actions,
          elementIndex: 0,
        },
      }),
    ).toEqual({ ok: true });
    await eventually(
      async () =>
        (await messagesIn('U0DEMOMEI', 'DU0DEMOMEI')).find((m) => textOf(m).includes('Umbrella Logistics')),
      'the new owner told',
    );
    const before = (await state(RILEY)).offsetMs;
    await intent('clock/advance');
    expect((await state(RILEY)).offsetMs - before).toBe(24 * 60 * 60 * 1000);
  });

  it('keeps the workspace and its clock across a restart, without seeding twice', async () => {
    const before = await state(RILEY);
    await sandbox.stop();
    sandbox = await start();
    const after = await state(RILEY);
    expect(after.offsetMs).toBe(before.offsetMs);
    expect(after.conversations.map((c) => [c.id, c.messages.length])).toEqual(
      before.conversations.map((c) => [c.id, c.messages.length]),
    );
    expect(after.people).toHaveLength(5);
    expect(await sandbox.deps.db.select().from(discountRequests)).toHaveLength(4);
  });

  it('answers only requests made on this machine, in JSON', async () => {
    // As a page on another site (or a rebound DNS name) would send them.
    const foreign = (path: string, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${sandbox.url}${path}`);
        const req = request(
          {
            method,
            host: url.hostname,
            port: url.port,
            path: `${url.pathname}${url.search}`,
            headers: { host: 'evil.example' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await foreign('/sandbox/state')).toBe(403);
    expect(await foreign('/sandbox/api/chat.postMessage?channel=C1&text=hi&token=x', 'POST')).toBe(403);
    expect(await foreign('/sandbox/api/chat.update?channel=C1&ts=1&text=x')).toBe(403);
    expect(await foreign('/sandbox/response/anything', 'POST')).toBe(403);
    expect(await foreign('/sandbox/assets/constructor')).toBe(403);
    const page = await fetch(`${sandbox.url}/`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${sandbox.url}/sandbox/assets/constructor`)).status).toBe(404);
    const form = await fetch(`${sandbox.url}/sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });

  it('serves the page and every module its scripts import, and nothing else from public/', async () => {
    const page = await (await fetch(`${sandbox.url}/`)).text();
    const pending = [...page.matchAll(/(?:src|href)="(\/sandbox\/assets\/[^"]+)"/g)].map(
      (m) => new URL(m[1]!, sandbox.url).href,
    );
    const served = new Map<string, string | null>();
    while (pending.length > 0) {
      const url = pending.pop()!;
      if (served.has(url)) continue;
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      served.set(url, response.headers.get('content-type'));
      if (!url.endsWith('.js')) continue;
      const code = await response.text();
      for (const [, spec] of code.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms))
        pending.push(new URL(spec!, url).href);
    }
    const names = [...served.keys()].map((url) => new URL(url).pathname.replace('/sandbox/assets/', ''));
    const onDisk = readdirSync(new URL('../../src/sandbox/emulator/public/', import.meta.url)).filter(
      (name) => name !== 'index.html',
    );
    expect(names.sort()).toEqual(onDisk.sort());
    for (const [url, type] of served)
      if (url.endsWith('.js')) expect(type, url).toBe('text/javascript; charset=utf-8');
  });

  it('starts the demo over on request', async () => {
    expect(await intent('demo/reset')).toEqual({ ok: true });
    const fresh = await state(SAM);
    expect(fresh.offsetMs).toBe(0);
    await approvalFor(SAM, 'Discount request #4: 8% for Globex Trading');
    expect(await sandbox.deps.db.select().from(discountRequests)).toHaveLength(4);
  });
});

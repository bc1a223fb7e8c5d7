/**
 * The sandbox's "Try this" guide, followed as a new user would: read it in #general, type its
 * commands into the page's composer, and see the seeded discount history and the deal rules
 * (re-approval, rejection memory), withdrawal and away behave as the guide says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { discountRequests } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { type SandboxService, startSandbox } from '../../src/sandbox/start.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const RILEY = 'U0DEMORILEY';
const SAM = 'U0DEMOSAM';
const GENERAL = 'C1';
const GROUP = 'GU0DEMORILEYU0DEMOSAM';
const GUIDE = 'Try this: discount approvals';

type Message = { ts: string; user: string; text: string; blocks?: unknown[] };
type State = {
  conversations: { id: string; name: string; messages: Message[] }[];
  ephemerals: { text?: string; blocks?: unknown[] }[];
};

describe('the "Try this" guide in the sandbox', () => {
  let sandbox: SandboxService;
  let testDb: TestDatabase;
  let dataDir: string;
  let commands: string[] = [];

  const start = () =>
    startSandbox({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DEFAULT_LOCALE: 'en' }),
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

  const state = async (user: string) =>
    (await (await fetch(`${sandbox.url}/sandbox/state?user=${user}`)).json()) as State;
  const messagesIn = async (user: string, channel: string) =>
    (await state(user)).conversations.find((c) => c.id === channel)?.messages ?? [];
  const textOf = (value: unknown) => JSON.stringify(value);
  const guides = async () =>
    (await messagesIn(RILEY, GENERAL)).filter((m) => textOf(m.blocks).includes(GUIDE));

  /** Types a line into the user's DM with the app and returns the private answer it got. */
  async function type(user: string, text: string): Promise<string> {
    const before = (await state(user)).ephemerals.length;
    const response = await fetch(`${sandbox.url}/sandbox/intents/type`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, channel: `D${user}`, text }),
    });
    expect(await response.json()).toEqual({ ok: true });
    const answers = (await state(user)).ephemerals.slice(before);
    expect(answers, `an answer to ${text}`).toHaveLength(1);
    return textOf(answers[0]);
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Where a button sits in a message, for the page's click intent. */
  function buttonAt(message: Message, label: string) {
    const blocks = (message.blocks ?? []) as { type: string; elements?: { text?: { text?: string } }[] }[];
    for (const [blockIndex, block] of blocks.entries()) {
      const elementIndex = (block.elements ?? []).findIndex((e) => e.text?.text === label);
      if (block.type === 'actions' && elementIndex >= 0) return { blockIndex, elementIndex };
    }
    throw new Error(`no ${label} button`);
  }
  async function post(path: string, body: object): Promise<unknown> {
    const response = await fetch(`${sandbox.url}/sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  }
  const act = (user: string, at: object) => post('intents/act', { user, at });
  const viewsOf = async (user: string) =>
    (
      (await (await fetch(`${sandbox.url}/sandbox/state?user=${user}`)).json()) as {
        views: { id: string; callback_id: string; blocks: { block_id?: string }[] }[];
      }
    ).views;

  /** The guide's command that starts with `prefix`, exactly as a reader would copy it. */
  const guideCommand = (prefix: string) => {
    const found = commands.find((c) => c.startsWith(prefix));
    if (!found) throw new Error(`the guide has no command starting with ${prefix}: ${commands.join(' | ')}`);
    return found;
  };

  it('is posted into #general once, with copyable commands and the supervisor’s counter-offer', async () => {
    const posted = await guides();
    expect(posted).toHaveLength(1);
    const guide = textOf(posted[0]!.blocks);
    commands = [...guide.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1]!);
    expect(commands).toEqual([
      '/customer Acme',
      expect.stringMatching(/^\/discount Acme 8% deal:Q-2026-114 reason:\w+ /),
      expect.stringMatching(/^\/discount Initech 5% deal:Q-2026-121 reason:\w+ /),
      '/discount withdraw',
      expect.stringMatching(/^\/accountdesk away \d{4}-\d{2}-\d{2} @dana\.wu$/),
      '/accountdesk back',
    ]);
    for (const label of ['Counter-offer…', 'Accept', 'Decline', 'Withdraw', 'Approve', 'Reject'])
      expect(guide).toContain(label);
  });

  it('shows the seeded discount history on /customer Acme', async () => {
    const card = await type(RILEY, guideCommand('/customer Acme'));
    expect(card).toContain('Discounts in the last 12 months');
    expect(card).toMatch(/\d{4}-\d{2}-\d{2} · 10% on CNY 1,200,000 · approved by Sam Li 李森/);
    expect(card).toMatch(/\d{4}-\d{2}-\d{2} · 4% on CNY 80,000 · auto-approved \(automatic\)/);
    expect(card).not.toContain('Globex');
  });

  it('re-approves a smaller cut on Acme’s deal at once, citing Sam, and tells Sam', async () => {
    const answer = await type(RILEY, guideCommand('/discount Acme 8%'));
    expect(answer).toContain(
      'Approved automatically: 8% for Acme Corporation is within the 10% approved by Sam Li 李森 for this deal',
    );
    expect(answer).toContain('(request #2)');
    await eventually(
      async () =>
        (await messagesIn(SAM, `D${SAM}`)).find((m) =>
          m.text.includes('FYI: Riley Chen 陈锐 got 8% for Acme Corporation again'),
        ),
      "Sam's report of the re-approval",
    );
    const [filed] = (await sandbox.deps.db.select().from(discountRequests)).filter((r) => r.id === 5);
    expect(filed).toMatchObject({ status: 'auto_approved', autoBasis: 'reapproval', dealRef: 'Q-2026-114' });
  });

  it('sends a small cut on Initech’s rejected deal to Sam, with the rejection and its note', async () => {
    const answer = await type(RILEY, guideCommand('/discount Initech 5%'));
    expect(answer).toContain('Discount request #6 (5% for Initech Software) sent to Sam Li 李森');
    expect(answer).toContain('Request #3 on this deal (12%) was rejected by Sam Li 李森');
    const approval = await eventually(
      async () =>
        (await messagesIn(SAM, GROUP)).find((m) =>
          textOf(m.blocks).includes('Discount request #6: 5% for Initech Software'),
        ),
      'the approval for Sam',
    );
    const shown = textOf(approval.blocks);
    expect(shown).toContain('Earlier on this deal: request #3 (12%) was rejected by Sam Li 李森');
    expect(shown).toContain('Come back with a two-year term');
    expect(shown).toContain('Approve');
  });

  it('lists the requests still waiting on /discount withdraw, Globex’s #4 among them', async () => {
    const list = await type(RILEY, guideCommand('/discount withdraw'));
    expect(list).toContain('#4 · 8% for Globex Trading · with Sam Li 李森');
    expect(list).toContain('#6 · 5% for Initech Software · with Sam Li 李森');
  });

  it('hands Sam’s waiting approvals to Dana while Sam is away, and takes Sam back', async () => {
    const away = await type(SAM, guideCommand('/accountdesk away'));
    expect(away).toContain('your approvals go to Dana Wu 吴丹');
    expect(away).toContain('2 waiting approvals were handed over');
    expect(await type(SAM, guideCommand('/accountdesk back'))).toContain('Welcome back');
  });

  it('lets Sam answer with a counter-offer, which Riley accepts from the offer in his DM', async () => {
    const filed = await type(RILEY, '/discount Globex 12% deal:T-7 reason:competitor a rival quoted lower');
    const id = /#(\d+)/.exec(filed)?.[1];
    expect(filed).toContain(`Discount request #${id} (12% for Globex Trading) sent to Sam Li 李森`);
    const approval = await eventually(
      async () =>
        (await messagesIn(SAM, GROUP)).find((m) =>
          textOf(m.blocks).includes(`Discount request #${id}: 12% for Globex Trading`),
        ),
      'the approval for Sam',
    );
    const at = buttonAt(approval, 'Counter-offer…');
    expect(
      await act(SAM, { kind: 'message', channel: GROUP, ts: approval.ts, ephemeral: false, ...at }),
    ).toEqual({
      ok: true,
    });
    const form = await eventually(async () => (await viewsOf(SAM))[0], 'the counter-offer form');
    expect(form.callback_id).toBe('counter_form');
    const field = (id: string) => form.blocks.findIndex((b) => b.block_id === id);
    const submitted = await post('intents/submit', {
      user: SAM,
      viewId: form.id,
      values: { [field('percent')]: { value: '9' }, [field('note')]: { value: 'Nine keeps our margin' } },
    });
    expect(submitted).toEqual({ ok: true });
    const offer = await eventually(
      async () =>
        (await messagesIn(RILEY, `D${RILEY}`)).find((m) =>
          textOf(m.blocks).includes(
            `answers your discount request #${id} (12% for Globex Trading) with a counter-offer: 9%`,
          ),
        ),
      'the offer in Riley’s DM',
    );
    const accept = buttonAt(offer, 'Accept');
    expect(
      await act(RILEY, { kind: 'message', channel: `D${RILEY}`, ts: offer.ts, ephemeral: false, ...accept }),
    ).toEqual({ ok: true });
    const approved = await eventually(async () => {
      const [row] = (await sandbox.deps.db.select().from(discountRequests)).filter(
        (r) => r.id === Number(id),
      );
      return row?.status === 'approved' ? row : undefined;
    }, 'the request approved at 9%');
    expect(approved).toMatchObject({ grantedPercent: 9, askedPercent: 12 });
  });

  it('keeps the one guide across a restart, and posts it again once after a reset', async () => {
    await sandbox.stop();
    sandbox = await start();
    expect(await guides()).toHaveLength(1);
    const reset = await fetch(`${sandbox.url}/sandbox/demo/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await reset.json()).toEqual({ ok: true });
    expect(await sandbox.deps.db.select().from(discountRequests)).toHaveLength(4);
    expect(await guides()).toHaveLength(1);
    await sandbox.stop();
    sandbox = await start();
    expect(await guides()).toHaveLength(1);
  });
});

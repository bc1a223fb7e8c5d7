/**
 * The Slack emulator answers like Slack where an app can go wrong: unknown channels, other people's
 * messages, oversized blocks, spent or stale trigger ids, used-up response URLs, rate limits. The
 * real @slack/web-api client (Bolt's re-export) is the caller, as in the product.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escapeCommandText } from '../../src/sandbox/emulator/command-escaping.ts';
import { manifestCommands } from '../../src/sandbox/emulator/manifest-commands.ts';
import { SlackEmulator, type WorkspaceChange } from '../../src/sandbox/emulator/slack-emulator.ts';

const TOKEN = 'xoxb-emulator-test';
let slack: SlackEmulator;

beforeAll(async () => {
  slack = await SlackEmulator.start({ token: TOKEN, triggerTtlMs: 100 });
});
afterEach(() => slack.reset());
afterAll(() => slack.stop());

const client = (apiUrl = slack.apiUrl) =>
  new webApi.WebClient(TOKEN, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // Slack's `[ERROR] …` details are asserted below; the client need not print them too.
    logger: {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: () => {},
      setLevel: () => {},
      getLevel: () => webApi.LogLevel.ERROR,
      setName: () => {},
    },
  });

const slackError = (error: string) => ({ code: webApi.ErrorCode.PlatformError, data: { error } });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the Slack emulator', () => {
  it('answers channel_not_found for conversations that do not exist, and opens DMs on demand', async () => {
    const web = client();
    await expect(web.chat.postMessage({ channel: 'C404', text: 'hi' })).rejects.toMatchObject(
      slackError('channel_not_found'),
    );
    await expect(web.chat.postMessage({ channel: 'GNOPE', text: 'hi' })).rejects.toMatchObject(
      slackError('channel_not_found'),
    );
    await expect(web.conversations.open({ channel: 'C404' })).rejects.toMatchObject(
      slackError('channel_not_found'),
    );
    const dm = await web.chat.postMessage({ channel: 'U42', text: 'hello' });
    expect(dm.channel).toBe('DU42');
    const group = await web.conversations.open({ users: 'U42,U7' });
    await expect(
      web.chat.postMessage({ channel: group.channel!.id!, text: 'for both of you' }),
    ).resolves.toMatchObject({ ok: true });
    expect(slack.workspace.conversationsOf('U7').map((c) => c.id)).toContain(group.channel!.id);
    expect(slack.workspace.conversationsOf('U99').map((c) => c.id)).not.toContain(group.channel!.id);
  });

  it('refuses to edit a message someone else posted', async () => {
    const human = slack.seedMessage('C1', { user: 'U7', text: 'my own words' });
    await expect(
      client().chat.update({ channel: 'C1', ts: human.ts, text: 'edited by the bot' }),
    ).rejects.toMatchObject(slackError('cant_update_message'));
    await expect(client().chat.update({ channel: 'C1', ts: '1.000001', text: 'x' })).rejects.toMatchObject(
      slackError('message_not_found'),
    );
  });

  it('rejects more than 50 blocks and section text over 3000 characters as invalid_blocks', async () => {
    const web = client();
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany })).rejects.toMatchObject({
      data: {
        error: 'invalid_blocks',
        response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
      },
    });
    await expect(
      web.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('a'.repeat(3001))] }),
    ).rejects.toMatchObject(slackError('invalid_blocks'));
    await expect(
      web.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('a'.repeat(3000))] }),
    ).resolves.toMatchObject({ ok: true });
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('fine')] });
    await expect(
      web.chat.update({
        channel: 'C1',
        ts: posted.ts!,
        text: 'x',
        // A header's text must be plain_text; typed loosely, as an app's bug would be.
        blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'no' } } as { type: string }],
      }),
    ).rejects.toMatchObject(slackError('invalid_blocks'));
    expect(slack.messages('C1').map((m) => m.text)).toEqual(['x', 'x']);
  });

  it('takes a trigger id once and only while it is fresh, and shows the view to its user', async () => {
    const web = client();
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Visit' },
      blocks: [],
    };
    const trigger = slack.issueTriggerId('U7');
    const opened = await web.views.open({ trigger_id: trigger, view });
    expect(slack.workspace.viewStack('U7').map((v) => v.id)).toEqual([opened.view!.id]);
    await expect(web.views.open({ trigger_id: trigger, view })).rejects.toMatchObject(
      slackError('exchanged_trigger_id'),
    );
    const stale = slack.issueTriggerId('U7');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(web.views.open({ trigger_id: stale, view })).rejects.toMatchObject(
      slackError('expired_trigger_id'),
    );
    await expect(
      web.views.open({
        trigger_id: slack.issueTriggerId('U7'),
        view: { ...view, title: { type: 'plain_text', text: 'A title far longer than Slack allows' } },
      }),
    ).rejects.toMatchObject(slackError('invalid_arguments'));
  });

  it('answers 429 with Retry-After when asked to, then recovers', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const raw = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'x' }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('shows what an app posts to a bound response_url where Slack would, five times at most', async () => {
    const ephemeral = slack.workspace.addEphemeral({ channel: 'DU7', user: 'U7', text: 'Pick a customer' });
    const url = slack.createResponseUrl({
      user: 'U7',
      channel: 'DU7',
      messageTs: ephemeral.message_ts,
      ephemeral: true,
    });
    const post = (body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ replace_original: true, text: 'Logged' })).status).toBe(200);
    expect(slack.ephemerals('DU7')).toMatchObject([{ message_ts: ephemeral.message_ts, text: 'Logged' }]);
    await post({ text: 'Something else, privately' });
    expect(slack.ephemerals('DU7').map((m) => m.text)).toEqual(['Logged', 'Something else, privately']);
    await post({ delete_original: true });
    expect(slack.ephemerals('DU7').map((m) => m.text)).toEqual(['Something else, privately']);
    await post({ text: 'four' });
    await post({ text: 'five' });
    const sixth = await post({ text: 'six' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });

  it('announces every change to the workspace', async () => {
    const changes: WorkspaceChange[] = [];
    const listener = (change: WorkspaceChange) => changes.push(change);
    slack.events.on('change', listener);
    try {
      const posted = await client().chat.postMessage({ channel: 'C2', text: 'one' });
      await client().chat.update({ channel: 'C2', ts: posted.ts!, text: 'two' });
    } finally {
      slack.events.off('change', listener);
    }
    expect(changes.map((c) => [c.kind, c.channel])).toEqual([
      ['message', 'C2'],
      ['message_changed', 'C2'],
    ]);
  });

  it('keeps its workspace across a snapshot and restore, with ids still increasing', async () => {
    const web = client();
    const group = await web.conversations.open({ users: 'U1,U2' });
    const first = await web.chat.postMessage({ channel: group.channel!.id!, text: 'kept' });
    const copy = new SlackEmulator({ token: TOKEN });
    copy.workspace.restore(JSON.parse(JSON.stringify(slack.workspace.snapshot())));
    expect(copy.messages(group.channel!.id!).map((m) => m.text)).toEqual(['kept']);
    expect(copy.workspace.conversationsOf('U1').map((c) => c.id)).toContain(group.channel!.id);
    const again = copy.seedMessage(group.channel!.id!, { user: 'U1', text: 'later' });
    expect(Number(again.ts)).toBeGreaterThan(Number(first.ts));
  });
});

describe('the Slack emulator mounted on another server', () => {
  let host: Server;
  let mounted: SlackEmulator;

  beforeAll(async () => {
    host = createServer((req, res) => {
      if (mounted.handle(req, res)) return;
      res.writeHead(418).end('the host answers this');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const { port } = host.address() as AddressInfo;
    mounted = new SlackEmulator({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}`, basePath: '/sandbox' });
  });
  afterAll(async () => {
    host.closeAllConnections();
    await new Promise<void>((resolve) => host.close(() => resolve()));
  });

  it('serves the Web API under its path and leaves every other path to the host', async () => {
    expect(mounted.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/api\/$/);
    await expect(client(mounted.apiUrl).auth.test()).resolves.toMatchObject({ ok: true, user_id: 'UBOT' });
    const other = await fetch(mounted.url.replace('/sandbox', '/elsewhere'));
    expect(other.status).toBe(418);
  });
});

describe('slash commands as the sandbox sends them', () => {
  const handles = new Map([['dana.wu', { id: 'U0DANA', name: 'dana.wu' }]]);

  it('escapes the text of a command the manifest marks should_escape, and only that one', () => {
    const commands = manifestCommands();
    expect(commands.find((c) => c.command === '/accountdesk')?.shouldEscape).toBe(true);
    expect(commands.find((c) => c.command === '/discount')?.shouldEscape).toBe(false);
  });

  it('turns a typed @handle of a member into a mention and leaves unknown ones as typed', () => {
    expect(escapeCommandText('away 2026-12-15 @Dana.Wu & @nobody <b>', (handle) => handles.get(handle))).toBe(
      'away 2026-12-15 <@U0DANA|dana.wu> &amp; @nobody &lt;b&gt;',
    );
    expect(escapeCommandText('mail dana@dana.wu', (handle) => handles.get(handle))).toBe('mail dana@dana.wu');
  });
});

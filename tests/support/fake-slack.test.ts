/**
 * Proves the test doubles behave like Slack for the real clients the service uses:
 * @slack/web-api's WebClient against the fake, and Bolt's HTTPReceiver against the signed requests.
 * WebClient comes from Bolt's `webApi` re-export so we rely only on a declared dependency.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import {
  blockAction,
  blockSuggestion,
  postToService,
  signSlack,
  slashCommand,
  viewSubmission,
} from './slack-requests.ts';

const TOKEN = 'xoxb-test';
const SECRET = 'signing-secret';

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ token: TOKEN });
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake.stop();
});

/** No retries: a failing call must surface immediately instead of backing off for minutes. */
function client(extra: Partial<webApi.WebClientOptions> = {}): webApi.WebClient {
  return new webApi.WebClient(TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
    ...extra,
  });
}

const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Visit* logged' } }];

describe('fake Slack Web API', () => {
  it('holds the answer of the next post carrying a text, not of the posts before it', async () => {
    const web = client();
    fake.holdNextAnswer('chat.postMessage', 400, 'the held one');
    expect((await web.chat.postMessage({ channel: 'C2', text: 'another' })).ok).toBe(true);
    let answered = false;
    const held = web.chat.postMessage({ channel: 'C1', text: 'the held one' }).then(() => {
      answered = true;
    });
    // The post takes effect at once: it is in the channel while its answer is held.
    while (fake.messages('C1').length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answered).toBe(false);
    await held;
    expect(answered).toBe(true);
  });

  it('posts, updates and links a message the way Slack does', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'Visit logged', blocks });
    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe('C1');
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message?.bot_id).toBe('BBOT');

    // Blocks arrive as a JSON string in the form body; the recording hands them back parsed.
    const call = await fake.waitFor('chat.postMessage');
    expect(call.args.blocks).toEqual(blocks);
    expect(call.token).toBe(TOKEN);

    const reply = await web.chat.postMessage({ channel: 'C1', text: 'in thread', thread_ts: posted.ts });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));

    await web.chat.update({ channel: 'C1', ts: posted.ts!, text: 'Visit approved' });
    const [top, threaded] = fake.messages('C1');
    expect(top).toMatchObject({ ts: posted.ts, text: 'Visit approved', blocks });
    expect(top?.history.map((r) => r.text)).toEqual(['Visit logged', 'Visit approved']);
    expect(threaded).toMatchObject({ ts: reply.ts, thread_ts: posted.ts, text: 'in thread' });

    const link = await web.chat.getPermalink({ channel: 'C1', message_ts: posted.ts! });
    expect(link.permalink).toBe(`https://test.slack.com/archives/C1/p${posted.ts!.replace('.', '')}`);

    await expect(web.chat.update({ channel: 'C1', ts: '1.000000', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { error: 'message_not_found' },
    });
    await expect(web.chat.postMessage({ channel: 'C1' } as never)).rejects.toMatchObject({
      data: { error: 'no_text' },
    });
  });

  it('delivers posts addressed to a user into a stable DM channel', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: 'U42', text: 'hi' });
    expect(posted.channel).toBe('DU42');
    const opened = await web.conversations.open({ users: 'U42' });
    expect(opened.channel?.id).toBe('DU42');
    const group = await web.conversations.open({ users: 'U9,U2' });
    expect(group.channel?.id).toBe('GU2U9');
    expect(fake.messages('DU42')).toHaveLength(1);
  });

  it('surfaces an injected 429 as a rate-limited error, then recovers', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const web = client({ rejectRateLimitedCalls: true });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 2,
    });
    await web.chat.postMessage({ channel: 'C1', text: 'x' });
    expect(fake.callsTo('chat.postMessage').map((c) => [c.status, c.failed])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it('repeats a platform error for the requested number of calls', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found', times: 2 });
    const web = client();
    for (let i = 0; i < 2; i += 1) {
      await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
    }
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('fails every call with HTTP 503 while down', async () => {
    fake.setDown(true);
    const web = client();
    await expect(web.auth.test()).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 503,
    });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'auth.test', status: 503, failed: true });
    fake.setDown(false);
    await expect(web.auth.test()).resolves.toMatchObject({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
  });

  it('accepts JSON bodies with a bearer token and form bodies with a token field', async () => {
    const json = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: 'C2', blocks }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: 'C2' });
    const form = await fetch(`${fake.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN }).toString(),
    });
    expect(await form.json()).toMatchObject({ ok: true, user_id: 'UBOT' });
    const anonymous = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(fake.calls.map((c) => c.args.token)).toEqual([undefined, undefined, undefined]);
  });

  it('rejects a wrong token with invalid_auth', async () => {
    const web = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(web.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('opens and updates modals and answers users.info like Slack', async () => {
    const web = client();
    const opened = await web.views.open({
      trigger_id: 'trigger-1',
      view: { type: 'modal', callback_id: 'visit', title: { type: 'plain_text', text: 'Visit' }, blocks: [] },
    });
    const id = opened.view?.id ?? '';
    expect(id).toMatch(/^V/);
    expect(opened.view?.callback_id).toBe('visit');
    const updated = await web.views.update({
      view_id: id,
      hash: opened.view?.hash,
      view: { type: 'modal', callback_id: 'visit', title: { type: 'plain_text', text: 'Saved' }, blocks: [] },
    });
    expect(updated.view?.title?.text).toBe('Saved');
    await expect(
      web.views.update({
        view_id: id,
        hash: opened.view?.hash,
        view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
      }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });

    fake.setUser('U1', { tz: 'Asia/Shanghai', tz_offset: 28800, locale: 'zh-CN', real_name: 'Li Wei' });
    const info = await web.users.info({ user: 'U1', include_locale: true });
    expect(info.user).toMatchObject({
      tz: 'Asia/Shanghai',
      tz_offset: 28800,
      locale: 'zh-CN',
      real_name: 'Li Wei',
    });
    // Slack omits locale unless include_locale=true is passed.
    expect((await web.users.info({ user: 'U1' })).user?.locale).toBeUndefined();
    await expect(web.users.info({ user: 'U404' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('records posts to a response_url and can fail them', async () => {
    const url = fake.responseUrl('cmd-1');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'done', replace_original: true }),
    });
    expect(res.status).toBe(200);
    const call = await fake.waitFor((c) => c.method === 'response_url' && c.tag === 'cmd-1');
    expect(call.args).toEqual({ text: 'done', replace_original: true });

    fake.failNext('response_url', { status: 404 });
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('explains what it saw when waitFor times out', async () => {
    await client().auth.test();
    await expect(fake.waitFor('chat.postMessage', 50)).rejects.toThrow(
      /chat\.postMessage[\s\S]*#0 auth\.test/,
    );
  });
});

describe('signed requests into a Bolt app', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    const receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
    const app = new App({
      token: TOKEN,
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/visit', async ({ ack, command, respond, client: web }) => {
      await ack();
      await web.chat.postMessage({ channel: command.user_id, text: `visit: ${command.text}` });
      await respond({ text: 'logged' });
    });
    app.action('approve', async ({ ack, body, client: web }) => {
      await ack();
      if (body.type !== 'block_actions' || !body.channel || !body.message)
        throw new Error('not a message action');
      await web.chat.update({ channel: body.channel.id, ts: body.message.ts, text: 'approved' });
    });
    app.view('visit_modal', async ({ ack, view }) => {
      const amount = view.state.values.amount_block?.amount?.value;
      await ack({
        response_action: 'errors',
        errors: { amount_block: `bad amount ${amount} ${view.private_metadata}` },
      });
    });
    app.options<'block_suggestion'>({ action_id: 'customer' }, async ({ ack, options }) => {
      await ack({ options: [{ text: { type: 'plain_text', text: options.value }, value: 'cust-1' }] });
    });
    // Serve Bolt's listener from our own server so we can bind port 0.
    server = createServer(receiver.requestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('produces signatures Bolt verifies', () => {
    const body = 'a=1';
    const headers = signSlack(SECRET, body);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body,
        headers: {
          'x-slack-signature': headers['X-Slack-Signature'],
          'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
        },
      }),
    ).not.toThrow();
  });

  it('drives a slash command end to end', async () => {
    const body = slashCommand({
      command: '/visit',
      text: 'Acme today',
      userId: 'U7',
      responseUrl: fake.responseUrl('c1'),
    });
    const res = await postToService(baseUrl, '/slack/events', body, { secret: SECRET });
    expect(res.status).toBe(200);
    const reply = await fake.waitFor('response_url');
    expect(reply.args).toMatchObject({ text: 'logged' });
    expect(fake.messages('U7')[0]?.text).toBe('visit: Acme today');
  });

  it('rejects a bad signature and a stale timestamp', async () => {
    const body = slashCommand({ command: '/visit', userId: 'U7', responseUrl: fake.responseUrl('c2') });
    const tampered = await postToService(baseUrl, '/slack/events', body, {
      secret: SECRET,
      headers: { 'X-Slack-Signature': 'v0=deadbeef' },
    });
    expect(tampered.status).toBe(401);
    const stale = await postToService(baseUrl, '/slack/events', body, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
  });

  it('drives a button click on a message the bot posted', async () => {
    const posted = await client().chat.postMessage({ channel: 'C1', text: 'approve?' });
    const body = blockAction({
      userId: 'U7',
      actionId: 'approve',
      value: 'req-1',
      channelId: 'C1',
      messageTs: posted.ts!,
      responseUrl: fake.responseUrl('a1'),
    });
    expect((await postToService(baseUrl, '/slack/events', body, { secret: SECRET })).status).toBe(200);
    await fake.waitFor('chat.update');
    expect(fake.messages('C1')[0]?.text).toBe('approved');
  });

  it('drives view submissions and block suggestions', async () => {
    const submit = viewSubmission({
      userId: 'U7',
      callbackId: 'visit_modal',
      privateMetadata: 'm1',
      values: { amount_block: { amount: { type: 'plain_text_input', value: '-5' } } },
    });
    const submitted = await postToService(baseUrl, '/slack/events', submit, { secret: SECRET });
    expect(submitted.json()).toEqual({
      response_action: 'errors',
      errors: { amount_block: 'bad amount -5 m1' },
    });

    const suggest = blockSuggestion({
      userId: 'U7',
      actionId: 'customer',
      blockId: 'customer_block',
      value: 'Ac',
    });
    const suggested = await postToService(baseUrl, '/slack/events', suggest, { secret: SECRET });
    expect(suggested.json()).toEqual({
      options: [{ text: { type: 'plain_text', text: 'Ac' }, value: 'cust-1' }],
    });
  });
});

/**
 * Proves the Lark test doubles behave like Lark for the real SDK the service uses:
 * @larksuiteoapi/node-sdk's Client against the fake Open API, and its EventDispatcher /
 * CardActionHandler / AESCipher against the signed and encrypted requests the builders produce.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_LARK_APP_ID,
  FAKE_LARK_APP_SECRET,
  FAKE_LARK_BOT_OPEN_ID,
  type FakeLark,
  LARK_CARD_LIMIT_BYTES,
  LARK_TEXT_LIMIT_BYTES,
  p2pChatId,
  startFakeLark,
} from './fake-lark.ts';
import {
  botMentionEvent,
  cardActionEvent,
  DEFAULT_LARK_VERIFICATION_TOKEN,
  decryptLark,
  encryptLark,
  messageReceiveEvent,
  postToLark,
  signLark,
  urlVerification,
} from './lark-requests.ts';

let fake: FakeLark;

/**
 * The SDK logs every failed call. `loggerLevel: LoggerLevel.fatal` does NOT silence it: fatal is 0 and
 * the SDK reads `params.loggerLevel || LoggerLevel.info`. A no-op logger does.
 */
const SILENT: lark.Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

beforeAll(async () => {
  fake = await startFakeLark();
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake.stop();
});

/** A real SDK client with its own token cache (the default cache is process-global). */
function client(extra: Partial<ConstructorParameters<typeof lark.Client>[0]> = {}): {
  client: lark.Client;
  cache: lark.DefaultCache;
} {
  const cache = new lark.DefaultCache();
  const sdk = new lark.Client({
    appId: FAKE_LARK_APP_ID,
    appSecret: FAKE_LARK_APP_SECRET,
    domain: fake.url,
    disableTokenCache: false,
    cache,
    logger: SILENT,
    ...extra,
  });
  return { client: sdk, cache };
}

/** What a rejected SDK call looks like: an AxiosError carrying Lark's status, body and headers. */
async function larkFailure(promise: Promise<unknown>): Promise<{
  status: number;
  code: unknown;
  msg: unknown;
  headers: Record<string, unknown>;
}> {
  try {
    await promise;
  } catch (error) {
    // axios is the SDK's transport, not our dependency: check the error's shape instead of its class.
    const response = (error as { response?: { status: number; data: unknown; headers: object } }).response;
    if (response === undefined) throw error;
    const data = response.data as { code?: unknown; msg?: unknown };
    return { status: response.status, code: data.code, msg: data.msg, headers: { ...response.headers } };
  }
  throw new Error('expected the SDK call to reject');
}

const USER = 'ou_rep';

function card(text: string, updateMulti = true): string {
  return JSON.stringify({
    schema: '2.0',
    config: { update_multi: updateMulti },
    header: { title: { tag: 'plain_text', content: 'Discount request' } },
    body: {
      elements: [
        { tag: 'markdown', content: text },
        {
          tag: 'button',
          text: { tag: 'plain_text', content: 'Approve' },
          behaviors: [{ type: 'callback', value: { action: 'approve', id: 7 } }],
        },
      ],
    },
  });
}

describe('fake Lark Open API with the real SDK client', () => {
  it('fetches the tenant token once, reuses it, and sends it as a bearer token', async () => {
    const { client: sdk } = client();
    const first = await sdk.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: USER, msg_type: 'text', content: JSON.stringify({ text: 'hello' }) },
    });
    await sdk.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: USER, msg_type: 'text', content: JSON.stringify({ text: 'again' }) },
    });
    expect(first).toMatchObject({
      code: 0,
      data: { message_id: expect.stringMatching(/^om_/), chat_id: p2pChatId(USER), msg_type: 'text' },
    });
    const tokenCalls = fake.callsTo('auth.tenant_access_token');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.args).toEqual({ app_id: FAKE_LARK_APP_ID });
    const token = tokenCalls[0]?.response.tenant_access_token;
    expect(token).toMatch(/^t-/);
    const creates = fake.callsTo('im.message.create');
    expect(creates.map((c) => c.token)).toEqual([token, token]);
    expect(creates[0]).toMatchObject({
      httpMethod: 'POST',
      path: '/open-apis/im/v1/messages',
      query: { receive_id_type: 'open_id' },
      args: { receive_id: USER, msg_type: 'text', content: { text: 'hello' } },
      rawContent: '{"text":"hello"}',
    });
    expect(creates[0]?.headers['user-agent']).toMatch(/^oapi-node-sdk\//);
    expect(fake.messages(USER).map((m) => m.content)).toEqual([{ text: 'hello' }, { text: 'again' }]);
  });

  it('creates a card, replies in a thread and patches the card', async () => {
    const { client: sdk } = client();
    const sent = await sdk.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_approvals', msg_type: 'interactive', content: card('**20 %** for ACME') },
    });
    const cardId = sent.data?.message_id ?? '';
    expect(sent.data?.chat_id).toBe('oc_approvals');

    const reply = await sdk.im.message.reply({
      path: { message_id: cardId },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'Reminder sent' }), reply_in_thread: true },
    });
    expect(reply.data).toMatchObject({
      root_id: cardId,
      parent_id: cardId,
      thread_id: expect.stringMatching(/^omt_/),
      chat_id: 'oc_approvals',
    });

    const patched = await sdk.im.message.patch({
      path: { message_id: cardId },
      data: { content: card('Approved') },
    });
    expect(patched).toMatchObject({ code: 0, data: {} });

    const [top] = fake.messages('oc_approvals');
    expect(top?.message_id).toBe(cardId);
    expect(top?.thread_id).toBe(reply.data?.thread_id);
    expect(top?.updated).toBe(true);
    expect(top?.history.map((r) => r.via)).toEqual(['create', 'patch']);
    expect(top?.content).toMatchObject({ body: { elements: [{ content: 'Approved' }, { tag: 'button' }] } });
    expect(top?.replies.map((r) => r.content)).toEqual([{ text: 'Reminder sent' }]);
    expect(fake.message(reply.data?.message_id ?? '')?.thread_id).toBe(top?.thread_id);
    expect(fake.callsTo('im.message.patch')[0]?.args.content).toMatchObject({ schema: '2.0' });
  });

  it('refuses to PUT (update) a card and to PATCH a non-shared card or a text message', async () => {
    const { client: sdk } = client();
    const sent = await sdk.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: USER, msg_type: 'interactive', content: card('v1') },
    });
    const cardId = sent.data?.message_id ?? '';
    // update() is PUT: text/post only. Sending the card as text, or as a card (what updateByCard does):
    expect(
      await larkFailure(
        sdk.im.message.update({
          path: { message_id: cardId },
          data: { msg_type: 'text', content: JSON.stringify({ text: 'x' }) },
        }),
      ),
    ).toMatchObject({ status: 400, code: 230054 });
    expect(
      await larkFailure(
        sdk.im.message.update({
          path: { message_id: cardId },
          data: { msg_type: 'interactive', content: card('v2') },
        }),
      ),
    ).toMatchObject({ status: 400, code: 230001, msg: expect.stringContaining('invalid msg_type') });

    expect(
      await larkFailure(
        sdk.im.message.patch({ path: { message_id: cardId }, data: { content: card('v2', false) } }),
      ),
    ).toMatchObject({ status: 400, code: 230001, msg: expect.stringContaining('update_multi') });

    const text = await sdk.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: USER, msg_type: 'text', content: JSON.stringify({ text: 'plain' }) },
    });
    const textId = text.data?.message_id ?? '';
    expect(
      await larkFailure(
        sdk.im.message.patch({ path: { message_id: textId }, data: { content: card('v2') } }),
      ),
    ).toMatchObject({ code: 230001, msg: expect.stringContaining('NOT a card') });
    // PUT on text works and is recorded as an edit.
    await sdk.im.message.update({
      path: { message_id: textId },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'edited' }) },
    });
    expect(fake.message(textId)?.history.map((r) => r.content)).toEqual([
      { text: 'plain' },
      { text: 'edited' },
    ]);
    expect(fake.message(cardId)?.history).toHaveLength(1);
  });

  it('refuses card updates after 14 days', async () => {
    const { client: sdk } = client();
    const sent = await sdk.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: USER, msg_type: 'interactive', content: card('old') },
    });
    const id = sent.data?.message_id ?? '';
    fake.setMessageCreateTime(id, Date.now() - 15 * 24 * 3600 * 1000);
    expect(
      await larkFailure(sdk.im.message.patch({ path: { message_id: id }, data: { content: card('new') } })),
    ).toMatchObject({ code: 230031 });
  });

  it('answers 99991663 for an invalidated token; the SDK does not refresh, clearing its cache does', async () => {
    const { client: sdk, cache } = client();
    const send = () =>
      sdk.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: USER, msg_type: 'text', content: JSON.stringify({ text: 'hi' }) },
      });
    await send();
    fake.expireTokens();
    // The caller sees an AxiosError (HTTP 400) whose body carries Lark's code…
    expect(await larkFailure(send())).toMatchObject({ status: 400, code: 99991663 });
    // …and the SDK keeps replaying the cached, dead token.
    expect(await larkFailure(send())).toMatchObject({ code: 99991663 });
    expect(fake.callsTo('auth.tenant_access_token')).toHaveLength(1);

    // Recovery: drop the cached token (a custom Cache works the same way) and retry.
    cache.values.clear();
    await expect(send()).resolves.toMatchObject({ code: 0 });
    const tokens = fake.callsTo('auth.tenant_access_token').map((c) => c.response.tenant_access_token);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(tokens[0]);
    expect(fake.callsTo('im.message.create').map((c) => [c.status, c.response.code])).toEqual([
      [200, 0],
      [400, 99991663],
      [400, 99991663],
      [200, 0],
    ]);
  });

  it('answers 99991661 without a token; withTenantToken only works with disableTokenCache', async () => {
    const anonymous = await fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receive_id: USER, msg_type: 'text', content: '{"text":"x"}' }),
    });
    expect(anonymous.status).toBe(400);
    expect(await anonymous.json()).toMatchObject({ code: 99991661 });

    // disableTokenCache: true means "never attach a token yourself", so the caller supplies one.
    const { client: manual } = client({ disableTokenCache: true });
    const { client: fetcher } = client();
    await fetcher.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: USER, msg_type: 'text', content: '{"text":"prime"}' },
    });
    const token = String(fake.callsTo('auth.tenant_access_token')[0]?.response.tenant_access_token);
    await expect(
      manual.im.message.create(
        {
          params: { receive_id_type: 'open_id' },
          data: { receive_id: USER, msg_type: 'text', content: '{"text":"manual"}' },
        },
        lark.withTenantToken(token),
      ),
    ).resolves.toMatchObject({ code: 0 });
    expect(fake.callsTo('im.message.create').at(-1)?.token).toBe(token);
    // With the token cache on, the SDK overwrites a per-call Authorization header with its own token.
    await fetcher.im.message.create(
      {
        params: { receive_id_type: 'open_id' },
        data: { receive_id: USER, msg_type: 'text', content: '{"text":"override?"}' },
      },
      lark.withTenantToken('t-bogus'),
    );
    expect(fake.callsTo('im.message.create').at(-1)?.token).toBe(token);
  });

  it('surfaces an injected 429 with x-ogw-ratelimit-reset, then recovers', async () => {
    const { client: sdk } = client();
    fake.failNext('im.message.create', { status: 429, resetSeconds: 3 });
    const send = () =>
      sdk.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: USER, msg_type: 'text', content: '{"text":"x"}' },
      });
    const failure = await larkFailure(send());
    expect(failure).toMatchObject({ status: 429, code: 99991400, msg: 'request trigger frequency limit' });
    expect(failure.headers['x-ogw-ratelimit-reset']).toBe('3');
    await expect(send()).resolves.toMatchObject({ code: 0 });
    expect(fake.callsTo('im.message.create').map((c) => [c.status, c.failed])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it('injects Lark error codes by name or path, and outages', async () => {
    const { client: sdk } = client();
    const send = () =>
      sdk.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: USER, msg_type: 'text', content: '{"text":"x"}' },
      });
    fake.failNext('/open-apis/im/v1/messages', {
      code: 230020,
      msg: 'This operation triggers the frequency limit.',
    });
    expect(await larkFailure(send())).toMatchObject({ status: 400, code: 230020 });
    // With HTTP 200 the SDK resolves and the caller must check `code` itself.
    fake.failNext('im.message.create', {
      status: 200,
      code: 230002,
      msg: 'The bot can not be outside the group.',
    });
    await expect(send()).resolves.toMatchObject({ code: 230002 });

    fake.setDown(true);
    expect(await larkFailure(send())).toMatchObject({ status: 503 });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'im.message.create', status: 503, failed: true });
    fake.setDown(false);
    await expect(send()).resolves.toMatchObject({ code: 0 });
  });

  it('rejects a wrong app secret at the token endpoint (HTTP 200, code 10014)', async () => {
    const { client: sdk } = client({ appSecret: 'wrong' });
    await expect(
      sdk.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: USER, msg_type: 'text', content: '{"text":"x"}' },
      }),
    ).rejects.toThrow('failed to get tenant_access_token, code: 10014, msg: app secret invalid');
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.tenant_access_token']);
  });

  it('dedupes sends with the same uuid for an hour', async () => {
    const { client: sdk } = client();
    const send = (text: string) =>
      sdk.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: {
          receive_id: USER,
          msg_type: 'text',
          content: JSON.stringify({ text }),
          uuid: 'digest-2024-05-01-ou_rep',
        },
      });
    const first = await send('digest');
    const second = await send('digest (retry)');
    expect(second.data?.message_id).toBe(first.data?.message_id);
    expect(fake.messages(USER)).toHaveLength(1);
    expect(fake.messages(USER)[0]?.content).toEqual({ text: 'digest' });
  });

  it('enforces content limits and card structure', async () => {
    const { client: sdk } = client();
    const send = (msgType: string, content: string) =>
      sdk.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: USER, msg_type: msgType, content },
      });
    const bigText = JSON.stringify({ text: 'x'.repeat(LARK_TEXT_LIMIT_BYTES) });
    expect(await larkFailure(send('text', bigText))).toMatchObject({ code: 230025 });
    const bigCard = card('y'.repeat(LARK_CARD_LIMIT_BYTES));
    expect(await larkFailure(send('interactive', bigCard))).toMatchObject({ code: 230025 });
    expect(await larkFailure(send('interactive', JSON.stringify({ elements: [] })))).toMatchObject({
      code: 230099,
    });
    expect(await larkFailure(send('interactive', '{not json'))).toMatchObject({ code: 230099 });
    expect(await larkFailure(send('text', '{"txt":"typo"}'))).toMatchObject({ code: 230001 });
    expect(
      await larkFailure(
        sdk.im.message.create({
          params: { receive_id_type: 'open_id' },
          data: { receive_id: 'not-an-open-id', msg_type: 'text', content: '{"text":"x"}' },
        }),
      ),
    ).toMatchObject({ code: 230034 });
    expect(fake.messages(USER)).toEqual([]);
  });

  it('answers contact.user.get with time zone and leader, in the requested id type', async () => {
    fake.setUser('ou_boss', { name: 'Boss', user_id: 'boss1' });
    fake.setUser(USER, { name: 'Rep', time_zone: 'Europe/Berlin', leader_user_id: 'ou_boss' });
    const { client: sdk } = client();
    const byOpenId = await sdk.contact.user.get({
      path: { user_id: USER },
      params: { user_id_type: 'open_id' },
    });
    expect(byOpenId.data?.user).toMatchObject({
      open_id: USER,
      name: 'Rep',
      time_zone: 'Europe/Berlin',
      leader_user_id: 'ou_boss',
    });
    const byUserId = await sdk.contact.user.get({
      path: { user_id: 'u_rep' },
      params: { user_id_type: 'user_id' },
    });
    expect(byUserId.data?.user?.leader_user_id).toBe('boss1');
    expect(
      await larkFailure(
        sdk.contact.user.get({ path: { user_id: 'ou_ghost' }, params: { user_id_type: 'open_id' } }),
      ),
    ).toMatchObject({ status: 400, code: 41012 });
  });

  it('creates a group chat for rep and approver and reads it back', async () => {
    const { client: sdk } = client();
    const created = await sdk.im.chat.create({
      params: { user_id_type: 'open_id', uuid: 'approval-7' },
      data: { name: 'ACME discount', user_id_list: [USER, 'ou_boss'] },
    });
    const chatId = created.data?.chat_id ?? '';
    expect(chatId).toMatch(/^oc_/);
    const again = await sdk.im.chat.create({
      params: { user_id_type: 'open_id', uuid: 'approval-7' },
      data: { name: 'ACME discount', user_id_list: [USER, 'ou_boss'] },
    });
    expect(again.data?.chat_id).toBe(chatId);
    expect(fake.chat(chatId)?.members).toEqual([USER, 'ou_boss']);
    const info = await sdk.im.chat.get({ path: { chat_id: chatId } });
    expect(info.data).toMatchObject({ name: 'ACME discount', chat_mode: 'group', user_count: '2' });
    await sdk.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: chatId, msg_type: 'interactive', content: card('Please approve') },
    });
    expect(fake.messages(chatId)).toHaveLength(1);
  });

  it('refuses messages to a chat the bot was removed from (230002) or that was disbanded (232009)', async () => {
    const { client: sdk } = client();
    const chatOf = async (uuid: string) => {
      const created = await sdk.im.chat.create({
        params: { user_id_type: 'open_id', uuid },
        data: { name: 'Dead chat', user_id_list: [USER, 'ou_boss'] },
      });
      return created.data?.chat_id ?? '';
    };
    const send = (chatId: string) =>
      sdk.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chatId, msg_type: 'interactive', content: card('Please approve') },
      });
    const removed = await chatOf('dead-1');
    const posted = await send(removed);
    fake.removeBotFrom(removed);
    expect(await larkFailure(send(removed))).toMatchObject({ status: 400, code: 230002 });
    expect(
      await larkFailure(
        sdk.im.message.reply({
          path: { message_id: posted.data?.message_id ?? '' },
          data: { msg_type: 'text', content: '{"text":"x"}' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 230002 });
    const disbanded = await chatOf('dead-2');
    fake.disbandChat(disbanded);
    expect(await larkFailure(send(disbanded))).toMatchObject({ status: 400, code: 232009 });
    // The uuid still answers with the dead chat; neither is found as the members' chat any more.
    expect(await chatOf('dead-2')).toBe(disbanded);
    expect(fake.chatOf(USER, 'ou_boss')?.chat_id).not.toBe(removed);
    expect(fake.chatOf(USER, 'ou_boss')?.chat_id).not.toBe(disbanded);
  });

  it('lets the bot reply to a seeded user message and waits for calls', async () => {
    const { client: sdk } = client();
    const seeded = fake.seedMessage('oc_team', { senderOpenId: USER, text: '@_user_1 visit ACME' });
    const pending = fake.waitFor('im.message.reply');
    await sdk.im.message.reply({
      path: { message_id: seeded.message_id },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'Logged' }) },
    });
    const call = await pending;
    expect(call.args).toMatchObject({ message_id: seeded.message_id, content: { text: 'Logged' } });
    const [root] = fake.messages('oc_team');
    expect(root?.sender).toMatchObject({ id: USER, sender_type: 'user' });
    expect(root?.replies[0]).toMatchObject({ parent_id: seeded.message_id, root_id: seeded.message_id });
    expect(root?.replies[0]?.thread_id).toBeUndefined();
    await expect(fake.waitFor('contact.user.get', 50)).rejects.toThrow(/timed out after 50ms/);
  });
});

// --- inbound requests --------------------------------------------------------------------------

const ENCRYPT_KEY = 'test-encrypt-key';

/** Serves an SDK dispatcher through lark.adaptDefault, the SDK's node:http adapter. */
async function serve(
  path: string,
  dispatcher: lark.EventDispatcher | lark.CardActionHandler,
): Promise<{ url: string; close: () => Promise<void> }> {
  const handler = lark.adaptDefault(path, dispatcher, { autoChallenge: true });
  const server: Server = createServer((req, res) => {
    if (req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

describe('Lark request builders with the SDK dispatchers', () => {
  it('encrypts exactly like the SDK decrypts', () => {
    // Lark's documented test vector.
    expect(new lark.AESCipher('test key').decrypt('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe(
      'hello world',
    );
    expect(decryptLark('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    const event = messageReceiveEvent({ senderOpenId: USER, text: 'visit ACME 中文' });
    const encrypted = encryptLark(ENCRYPT_KEY, event);
    expect(JSON.parse(new lark.AESCipher(ENCRYPT_KEY).decrypt(encrypted))).toEqual(event);
    expect(decryptLark(ENCRYPT_KEY, encrypted)).toBe(JSON.stringify(event));
  });

  it('signs like the SDK verifies', () => {
    const body = { encrypt: encryptLark(ENCRYPT_KEY, { hello: 'world' }) };
    const raw = JSON.stringify(body);
    const headers = signLark(ENCRYPT_KEY, raw, { timestamp: 1700000000, nonce: 'abc' });
    expect(headers['X-Lark-Request-Timestamp']).toBe('1700000000');
    const handle = new lark.EventDispatcher({ encryptKey: ENCRYPT_KEY, logger: SILENT });
    // The SDK reads lower-case header names from a `headers` property on the prototype.
    const lowerCase = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const data = Object.assign(Object.create({ headers: lowerCase }) as object, JSON.parse(raw) as object);
    expect(handle.requestHandle?.checkIsEventValidated(data)).toBe(true);
    const forged = Object.assign(
      Object.create({ headers: { ...lowerCase, 'x-lark-signature': '0'.repeat(64) } }) as object,
      JSON.parse(raw) as object,
    );
    expect(handle.requestHandle?.checkIsEventValidated(forged)).toBe(false);
  });

  it('delivers encrypted, signed events through EventDispatcher and drops forged ones', async () => {
    const received: Record<string, unknown>[] = [];
    const dispatcher = new lark.EventDispatcher({
      encryptKey: ENCRYPT_KEY,
      verificationToken: DEFAULT_LARK_VERIFICATION_TOKEN,
      logger: SILENT,
    }).register({
      'im.message.receive_v1': (data) => {
        received.push(data as unknown as Record<string, unknown>);
        return 'ok';
      },
    });
    const app = await serve('/lark/events', dispatcher);
    try {
      const challenge = await postToLark(app.url, '/lark/events', urlVerification({ challenge: 'abc123' }), {
        encryptKey: ENCRYPT_KEY,
        encrypt: true,
      });
      expect(challenge.json()).toEqual({ challenge: 'abc123' });

      const event = botMentionEvent({ senderOpenId: USER, text: 'visit ACME', chatId: 'oc_team' });
      const ok = await postToLark(app.url, '/lark/events', event, { encryptKey: ENCRYPT_KEY, encrypt: true });
      expect(ok.status).toBe(200);
      expect(ok.json()).toBe('ok');
      expect(received).toHaveLength(1);
      // The SDK hands handlers the header fields and the event body flattened into one object.
      expect(received[0]).toMatchObject({
        event_type: 'im.message.receive_v1',
        event_id: event.header.event_id,
        token: DEFAULT_LARK_VERIFICATION_TOKEN,
        sender: { sender_id: { open_id: USER }, sender_type: 'user' },
        message: {
          chat_id: 'oc_team',
          chat_type: 'group',
          content: JSON.stringify({ text: '@_user_1 visit ACME' }),
          mentions: [{ key: '@_user_1', id: { open_id: FAKE_LARK_BOT_OPEN_ID }, name: 'AccountDesk' }],
        },
      });

      // Plaintext but signed works too.
      const plain = await postToLark(
        app.url,
        '/lark/events',
        messageReceiveEvent({ senderOpenId: USER, text: 'hi' }),
        {
          encryptKey: ENCRYPT_KEY,
        },
      );
      expect(plain.json()).toBe('ok');
      expect(received).toHaveLength(2);

      // A forged signature is dropped silently: HTTP 200, empty body, handler not called.
      const forged = await postToLark(app.url, '/lark/events', event, {
        encryptKey: ENCRYPT_KEY,
        encrypt: true,
        forgeSignature: true,
      });
      expect(forged.status).toBe(200);
      expect(forged.text).toBe('');
      expect(received).toHaveLength(2);
    } finally {
      await app.close();
    }
  });

  it('delivers card.action.trigger callbacks to CardActionHandler and EventDispatcher', async () => {
    const seen: Record<string, unknown>[] = [];
    const answer = { toast: { type: 'success', content: 'Approved' } };
    const handler = new lark.CardActionHandler(
      {
        encryptKey: ENCRYPT_KEY,
        verificationToken: DEFAULT_LARK_VERIFICATION_TOKEN,
        logger: SILENT,
      },
      (data: Record<string, unknown>) => {
        seen.push(data);
        return answer;
      },
    );
    const dispatcher = new lark.EventDispatcher({
      encryptKey: ENCRYPT_KEY,
      logger: SILENT,
    }).register({
      'card.action.trigger': (data: Record<string, unknown>) => {
        seen.push(data);
        return answer;
      },
    });
    const viaHandler = await serve('/lark/card', handler);
    const viaDispatcher = await serve('/lark/card', dispatcher);
    try {
      const click = cardActionEvent({
        operatorOpenId: 'ou_boss',
        messageId: 'om_card',
        chatId: 'oc_approvals',
        value: { action: 'approve', id: 7 },
      });
      for (const app of [viaHandler, viaDispatcher]) {
        const response = await postToLark(app.url, '/lark/card', click, {
          encryptKey: ENCRYPT_KEY,
          encrypt: true,
        });
        expect(response.json()).toEqual(answer);
      }
      expect(seen).toHaveLength(2);
      for (const data of seen) {
        expect(data).toMatchObject({
          event_type: 'card.action.trigger',
          operator: { open_id: 'ou_boss' },
          token: expect.stringMatching(/^c-/),
          action: { tag: 'button', value: { action: 'approve', id: 7 } },
          context: { open_message_id: 'om_card', open_chat_id: 'oc_approvals' },
        });
      }
      // A form submit arrives as a button click with form_value.
      const submit = cardActionEvent({
        operatorOpenId: USER,
        messageId: 'om_form',
        name: 'submit',
        formValue: { discount: '15', reason: 'loyal customer' },
      });
      await postToLark(viaHandler.url, '/lark/card', submit, { encryptKey: ENCRYPT_KEY });
      expect(seen.at(-1)).toMatchObject({
        action: { tag: 'button', name: 'submit', form_value: { discount: '15' } },
        context: { open_chat_id: p2pChatId(USER) },
      });
      // Verification header names are the ones the SDK reads.
      expect(Object.keys(signLark(ENCRYPT_KEY, '{}'))).toEqual([
        'X-Lark-Request-Timestamp',
        'X-Lark-Request-Nonce',
        'X-Lark-Signature',
      ]);
    } finally {
      await viaHandler.close();
      await viaDispatcher.close();
    }
  });
});

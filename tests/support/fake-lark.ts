/**
 * A fake Lark / Feishu Open API served over real HTTP.
 *
 * The service talks to Lark through @larksuiteoapi/node-sdk (`new lark.Client({ domain })`); `domain`
 * accepts any base URL, so pointing it at `fake.url` exercises the SDK's real token manager, axios
 * transport, serialisation and error surfacing while keeping tests hermetic.
 *
 * Wire format (checked against @larksuiteoapi/node-sdk 1.74 lib/index.js and the Open API docs):
 * - Token: `POST /open-apis/auth/v3/tenant_access_token/internal` with JSON `{ app_id, app_secret }`,
 *   no Authorization header. Errors arrive as HTTP 200 with a non-zero `code` (10014 "app secret
 *   invalid", 10003 "invalid param" for an unknown app), which the SDK turns into a thrown
 *   `Error('failed to get tenant_access_token, code: …, msg: …')`.
 * - Every other call carries `Authorization: Bearer t-…`, `User-Agent: oapi-node-sdk/<version>` and a
 *   JSON body; query parameters (receive_id_type, user_id_type) travel in the query string.
 * - Business errors are HTTP 400 with `{ code, msg, error: { log_id } }` (the documented status for
 *   the im/v1 and contact/v3 error tables). The SDK uses axios with the default validateStatus, so
 *   any non-2xx answer REJECTS with an AxiosError (`err.response.status`, `err.response.data.code`,
 *   `err.response.headers`); an HTTP 200 answer with a non-zero code RESOLVES with `{ code, msg }`.
 * - Invalid/expired tenant token: code 99991663 (missing token: 99991661). Lark's docs don't state the
 *   HTTP status; field reports say 400, so that is the default (`invalidTokenStatus` to change it).
 *   The SDK neither detects nor retries this: the caller must drop its cached token and retry.
 * - Rate limit: HTTP 429 + `x-ogw-ratelimit-limit` / `x-ogw-ratelimit-reset` (seconds) and
 *   `{ code: 99991400, msg: 'request trigger frequency limit' }` (older APIs use HTTP 400).
 *
 * Modelled endpoints (recorded `method` names in brackets):
 *   POST  /open-apis/auth/v3/tenant_access_token/internal   [auth.tenant_access_token]
 *   POST  /open-apis/im/v1/messages?receive_id_type=…       [im.message.create]
 *   POST  /open-apis/im/v1/messages/:message_id/reply       [im.message.reply]
 *   PATCH /open-apis/im/v1/messages/:message_id             [im.message.patch]   (cards only)
 *   PUT   /open-apis/im/v1/messages/:message_id             [im.message.update]  (text/post only)
 *   GET   /open-apis/im/v1/messages/:message_id             [im.message.get]
 *   GET   /open-apis/contact/v3/users/:user_id              [contact.user.get]
 *   POST  /open-apis/im/v1/chats                            [im.chat.create]
 *   GET   /open-apis/im/v1/chats/:chat_id                   [im.chat.get]
 *   POST  /open-apis/im/v1/images   (multipart/form-data)    [im.image.create]   (lark-images.ts)
 * Anything else answers HTTP 404 `{ code: 99991201 }` and is recorded as `unknown`.
 *
 * Deliberate strictness beyond what Lark documents (so the service can't rely on lenient paths):
 * - Cards must be JSON 2.0 (`schema: '2.0'`, `body.elements` array) unless `requireCardSchemaV2:
 *   false`; template cards (`{ type: 'template', data: { template_id } }`) are always accepted.
 * - PATCH requires `config.update_multi: true` in both the stored and the new card (Lark's docs
 *   require it; Lark itself doesn't document an error code, it just fails to show the update to
 *   everyone). The fake answers 230001 with an explanatory `ext`.
 * - Sizes are measured as UTF-8 bytes of the `content` string: text ≤ 150 KiB, post/card ≤ 30 KiB.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog, truncate } from '../../src/sandbox/emulator/call-log.ts';
import { RateLimiter, type RateLimitOptions } from '../../src/sandbox/emulator/rate-limits.ts';
import { LarkImageStore, parseMultipart, type StoredImage } from './lark-images.ts';

export const FAKE_LARK_APP_ID = 'cli_fake_accountdesk';
export const FAKE_LARK_APP_SECRET = 'fake-lark-app-secret';
export const FAKE_LARK_TENANT_KEY = 'tenant_fake';
/** The bot's own open_id, as it appears in @-mentions of the bot. */
export const FAKE_LARK_BOT_OPEN_ID = 'ou_fake_bot';
export const FAKE_LARK_BOT_NAME = 'AccountDesk';
/** Time zone reported for users that were set up without one. */
export const FAKE_LARK_DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Lark error codes the fake answers with. */
export const LARK_CODES = {
  /** Token endpoint, unknown app_id (HTTP 200). */
  invalidParam: 10003,
  /** Token endpoint, wrong app_secret (HTTP 200). */
  appSecretInvalid: 10014,
  /** Unknown route (HTTP 404). */
  resourceNotFound: 99991201,
  rateLimited: 99991400,
  missingToken: 99991661,
  invalidToken: 99991663,
  /** Gateway validation: required parameter missing or malformed. */
  fieldValidationFailed: 99992402,
  imInvalidParameter: 230001,
  messageUpdateExpired: 230031,
  receiveIdInvalid: 230034,
  contentTooLong: 230025,
  unsupportedMessageType: 230054,
  editLimitReached: 230072,
  cardContentFailed: 230099,
  userIdInvalid: 41012,
  /** Sending to (or replying in) a group chat the bot was removed from. */
  botNotInChat: 230002,
  /** Sending to a group chat that was disbanded. */
  chatDisbanded: 232009,
  /** The operator (the bot) is not in the chat. */
  operatorNotInChat: 232011,
  chatInvalidParameter: 232001,
  chatIdInvalid: 232006,
  chatUnavailableIds: 232043,
} as const;

export const LARK_TEXT_LIMIT_BYTES = 150 * 1024;
export const LARK_CARD_LIMIT_BYTES = 30 * 1024;
/** Lark refuses card/message updates 14 days after sending. */
export const LARK_UPDATE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const UUID_WINDOW_MS = 60 * 60 * 1000;
const CHAT_UUID_WINDOW_MS = 10 * 60 * 60 * 1000;
/** Lark returns the existing token while it has at least this long left, else mints a new one. */
const TOKEN_REUSE_MIN_MS = 30 * 60 * 1000;
const MAX_EDITS = 20;
const MAX_CARD_ELEMENTS = 200;

/** p2p chat id the fake assigns to the bot's 1:1 chat with a user (stable, so tests can predict it). */
export function p2pChatId(openId: string): string {
  return `oc_p2p_${openId}`;
}

/** One request the fake received, in arrival order. Failed requests are recorded too. */
export interface RecordedLarkCall {
  /** Position in `calls`; lets a test wait only for calls made after a given point. */
  seq: number;
  /** e.g. 'im.message.create', 'auth.tenant_access_token'; 'unknown' for unmodelled routes. */
  method: string;
  httpMethod: string;
  path: string;
  query: Record<string, string>;
  /**
   * Query, path parameters and JSON body merged (body wins). `content` is parsed from its JSON
   * string when possible (see `rawContent`). `app_secret` is never recorded.
   */
  args: Record<string, unknown>;
  /** The `content` string exactly as sent, when there was one. */
  rawContent?: string;
  /** Request headers (lower-case), without Authorization. */
  headers: Record<string, string>;
  /** Bearer token the call carried. */
  token?: string;
  at: number;
  status: number;
  response: LarkBody;
  responseHeaders: Record<string, string>;
  /** True for any non-200 answer or a non-zero `code`. */
  failed: boolean;
}

export type LarkCallPredicate = (call: RecordedLarkCall) => boolean;

export type LarkBody = { code: number; msg: string } & Record<string, unknown>;

/**
 * An injected failure.
 * - `status: 429`: HTTP 429 with `x-ogw-ratelimit-reset: resetSeconds` (default 1) and
 *   `{ code: 99991400, msg: 'request trigger frequency limit' }`.
 * - `code` (with optional `status`, default 400): that Lark error code; 99991400 also gets the
 *   rate-limit headers (how older APIs rate-limit with HTTP 400). `status: 200` makes the SDK
 *   resolve with the error body instead of throwing.
 * - `status` alone: that HTTP status with `{ code: 1500, msg: 'internal error' }`.
 * `times` repeats the failure for that many matching calls.
 */
export interface LarkFailureSpec {
  status?: number;
  code?: number;
  msg?: string;
  resetSeconds?: number;
  limit?: number;
  times?: number;
}

/** Profile `contact.user.get` returns. Ids not given are derived from the open_id. */
export interface FakeLarkUser {
  name?: string;
  en_name?: string;
  email?: string;
  user_id?: string;
  union_id?: string;
  time_zone?: string;
  /** The leader's open_id; reported in the id type the caller asked for. */
  leader_user_id?: string;
  job_title?: string;
  department_ids?: string[];
  is_resigned?: boolean;
}

export interface LarkMessageRevision {
  msg_type: string;
  content: unknown;
  rawContent: string;
  at: number;
  via: 'create' | 'reply' | 'update' | 'patch' | 'seed';
}

export interface LarkMessageSender {
  id: string;
  id_type: 'app_id' | 'open_id';
  sender_type: 'app' | 'user';
  tenant_key: string;
}

export interface StoredLarkMessage {
  message_id: string;
  chat_id: string;
  chat_type: 'p2p' | 'group';
  msg_type: string;
  /** Latest content, parsed from JSON. */
  content: unknown;
  rawContent: string;
  sender: LarkMessageSender;
  root_id?: string;
  parent_id?: string;
  thread_id?: string;
  uuid?: string;
  /** Milliseconds since the epoch, as a string (Lark's format). */
  create_time: string;
  update_time: string;
  updated: boolean;
  deleted: boolean;
  history: LarkMessageRevision[];
  /** For top-level messages: replies (threaded or not) whose root is this message, oldest first. */
  replies: StoredLarkMessage[];
}

export interface FakeLarkChat {
  chat_id: string;
  name: string;
  description: string;
  chat_mode: 'group' | 'topic' | 'p2p';
  chat_type: 'private' | 'public';
  owner_id: string;
  owner_id_type: 'open_id' | 'app_id';
  /** Member open_ids (the bot is implied). */
  members: string[];
}

export interface SeedLarkMessage {
  senderOpenId: string;
  text?: string;
  /** Raw content object (e.g. a post); defaults to `{ text }`. */
  content?: unknown;
  msgType?: string;
  /** Message this one replies to (sets root/parent like a user reply would). */
  parentId?: string;
  messageId?: string;
}

export interface FakeLarkOptions {
  appId?: string;
  appSecret?: string;
  /** Lifetime reported in `expire` (seconds). Default 7200, like Lark. */
  tokenTtlSeconds?: number;
  /** HTTP status for 99991661/99991663. Default 400. */
  invalidTokenStatus?: number;
  /** Reject cards that aren't JSON 2.0. Default true. */
  requireCardSchemaV2?: boolean;
  /** Time source for token expiry, uuid windows and message timestamps. Default Date.now. */
  now?: () => number;
  /**
   * Lark's limits on sending (im.message.create and reply), off unless given: `perKey` per chat
   * (a user's p2p chat or a group; Lark: 5 a second), `perApp` per app (Lark: 50 a second), and a
   * seeded share of random 429s. A refused send answers like Lark's gateway: HTTP 429,
   * `x-ogw-ratelimit-limit` / `x-ogw-ratelimit-reset` (seconds), code 99991400.
   */
  rateLimits?: RateLimitOptions;
}

interface Reply {
  status: number;
  body: LarkBody;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  httpMethod: string;
  path: string;
  query: Record<string, string>;
  pathParams: Record<string, string>;
  body: Record<string, unknown>;
  token?: string;
  /** The parts of a multipart/form-data body (image uploads). */
  form?: ReturnType<typeof parseMultipart>;
}

interface Route {
  httpMethod: string;
  pattern: RegExp;
  keys: string[];
  name: string;
  auth: boolean;
  handle: (ctx: RequestContext) => Reply;
}

interface TokenState {
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

interface QueuedFailure {
  target: string;
  spec: LarkFailureSpec;
  remaining: number;
}

type InternalMessage = Omit<StoredLarkMessage, 'replies'> & { seq: number; edits: number };

type ContentCheck = { ok: true; parsed: unknown } | { ok: false; reply: Reply };

const MSG_TYPES = new Set(['text', 'post', 'interactive']);
const RECEIVE_ID_TYPES = new Set(['open_id', 'union_id', 'user_id', 'email', 'chat_id']);
const USER_ID_TYPES = new Set(['open_id', 'union_id', 'user_id']);

export class FakeLark {
  /** Every call so far, oldest first (the log's own array: a test may read it at any time). */
  readonly calls: RecordedLarkCall[];
  private readonly log = new CallLog<RecordedLarkCall>({ name: 'fake Lark', describe: describeCall });
  private readonly server: Server;
  private readonly appId: string;
  private readonly appSecret: string;
  private readonly tokenTtlMs: number;
  private readonly invalidTokenStatus: number;
  private readonly requireCardSchemaV2: boolean;
  private readonly now: () => number;
  private readonly routes: Route[];
  private tokens = new Map<string, TokenState>();
  private store = new Map<string, InternalMessage>();
  private uuids = new Map<string, { messageId: string; at: number }>();
  private chatUuids = new Map<string, { chatId: string; at: number }>();
  private chatStore = new Map<string, FakeLarkChat>();
  /** Chats the bot can no longer post in, and why. */
  private deadChats = new Map<string, 'bot_removed' | 'disbanded'>();
  private users = new Map<string, FakeLarkUser>();
  private readonly images = new LarkImageStore(() => fakeLarkId('img_v3_'));
  private failures: QueuedFailure[] = [];
  /** The send limits, when given (`rateLimits`); `refused` counts the 429s. */
  readonly rateLimits: RateLimiter | undefined;
  private down = false;
  private stopped = false;
  // Counters are never reset: ids stay unique across reset(), so a database the service keeps
  // between tests can't collide with ids handed out earlier.
  private tokenSeq = 0;
  private messageSeq = 0;
  private threadSeq = 0;
  private chatSeq = 0;
  private logSeq = 0;
  private baseUrl = '';

  private constructor(options: FakeLarkOptions) {
    this.calls = this.log.calls;
    this.appId = options.appId ?? FAKE_LARK_APP_ID;
    this.appSecret = options.appSecret ?? FAKE_LARK_APP_SECRET;
    this.tokenTtlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
    this.invalidTokenStatus = options.invalidTokenStatus ?? 400;
    this.requireCardSchemaV2 = options.requireCardSchemaV2 ?? true;
    this.now = options.now ?? Date.now;
    this.rateLimits = options.rateLimits ? new RateLimiter(options.rateLimits) : undefined;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        // A bug in the fake must surface loudly instead of looking like a Lark outage.
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-lark internal error: ${message}`);
      });
    });
    this.routes = [
      defineRoute(
        'POST',
        '/open-apis/auth/v3/tenant_access_token/internal',
        'auth.tenant_access_token',
        false,
        (ctx) => this.tenantAccessToken(ctx),
      ),
      defineRoute('POST', '/open-apis/im/v1/messages', 'im.message.create', true, (ctx) =>
        this.createMessage(ctx),
      ),
      defineRoute('POST', '/open-apis/im/v1/messages/:message_id/reply', 'im.message.reply', true, (ctx) =>
        this.replyMessage(ctx),
      ),
      defineRoute('PATCH', '/open-apis/im/v1/messages/:message_id', 'im.message.patch', true, (ctx) =>
        this.patchMessage(ctx),
      ),
      defineRoute('PUT', '/open-apis/im/v1/messages/:message_id', 'im.message.update', true, (ctx) =>
        this.updateMessage(ctx),
      ),
      defineRoute('GET', '/open-apis/im/v1/messages/:message_id', 'im.message.get', true, (ctx) =>
        this.getMessage(ctx),
      ),
      defineRoute('GET', '/open-apis/contact/v3/users/:user_id', 'contact.user.get', true, (ctx) =>
        this.getUser(ctx),
      ),
      defineRoute('POST', '/open-apis/im/v1/chats', 'im.chat.create', true, (ctx) => this.createChat(ctx)),
      defineRoute('GET', '/open-apis/im/v1/chats/:chat_id', 'im.chat.get', true, (ctx) => this.getChat(ctx)),
      defineRoute('POST', '/open-apis/im/v1/images', 'im.image.create', true, (ctx) => this.uploadImage(ctx)),
    ];
  }

  /** Starts a fake on 127.0.0.1 with an OS-assigned port, so parallel test files never clash. */
  static async start(options: FakeLarkOptions = {}): Promise<FakeLark> {
    const fake = new FakeLark(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** Base URL for `new lark.Client({ domain: fake.url })`, e.g. http://127.0.0.1:53211 (no trailing slash). */
  get url(): string {
    return this.baseUrl;
  }

  get credentials(): { appId: string; appSecret: string } {
    return { appId: this.appId, appSecret: this.appSecret };
  }

  callsTo(method: string): RecordedLarkCall[] {
    return this.log.callsTo(method);
  }

  /**
   * Resolves with the first call (already recorded or yet to arrive) matching the predicate, or the
   * method name when a string is given. Failed calls match too — check `call.failed` if it matters.
   * To wait only for new calls, remember `calls.length` first and test `call.seq >= mark`.
   */
  waitFor(predicate: LarkCallPredicate | string, timeoutMs = 5000): Promise<RecordedLarkCall> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /**
   * Top-level messages of a chat (oldest first) with their latest content and, nested in `replies`,
   * every reply rooted at them. An open_id ('ou_…') is mapped to the bot's p2p chat with that user.
   */
  messages(chatOrOpenId: string): StoredLarkMessage[] {
    const chatId = this.chatIdFor(chatOrOpenId);
    return [...this.store.values()]
      .filter((m) => m.chat_id === chatId && m.root_id === undefined)
      .sort((a, b) => a.seq - b.seq)
      .map((m) => this.toStored(m));
  }

  /** Any stored message by id (a reply comes without nested replies). */
  message(messageId: string): StoredLarkMessage | undefined {
    const found = this.store.get(messageId);
    return found === undefined ? undefined : this.toStored(found);
  }

  /** Puts a user's message into a chat, e.g. the message an inbound event refers to so the bot can reply. */
  seedMessage(chatOrOpenId: string, input: SeedLarkMessage): StoredLarkMessage {
    const chatId = this.chatIdFor(chatOrOpenId);
    const msgType = input.msgType ?? 'text';
    const content = input.content ?? { text: input.text ?? '' };
    const rawContent = JSON.stringify(content);
    const sender: LarkMessageSender = {
      id: input.senderOpenId,
      id_type: 'open_id',
      sender_type: 'user',
      tenant_key: FAKE_LARK_TENANT_KEY,
    };
    const parent = input.parentId === undefined ? undefined : this.store.get(input.parentId);
    if (input.parentId !== undefined && parent === undefined) {
      throw new Error(`seedMessage: unknown parent ${input.parentId}`);
    }
    const stored = this.storeMessage({
      chatId,
      msgType,
      content,
      rawContent,
      sender,
      via: 'seed',
      messageId: input.messageId,
      parent,
      inThread: parent?.thread_id !== undefined,
    });
    return this.toStored(stored);
  }

  /** Moves a message's send time, e.g. to test the 14-day update window. */
  setMessageCreateTime(messageId: string, epochMs: number): void {
    const message = this.store.get(messageId);
    if (!message) throw new Error(`setMessageCreateTime: unknown message ${messageId}`);
    message.create_time = String(epochMs);
  }

  /** Configures what contact.user.get answers for this open_id. Unknown users answer 41012. */
  setUser(openId: string, profile: FakeLarkUser = {}): void {
    this.users.set(openId, { ...this.users.get(openId), ...profile });
  }

  /** Registers a group chat the bot is in (e.g. one an inbound event comes from). */
  addChat(chatId: string, chat: Partial<Omit<FakeLarkChat, 'chat_id'>> = {}): FakeLarkChat {
    const stored: FakeLarkChat = {
      chat_id: chatId,
      name: chat.name ?? '',
      description: chat.description ?? '',
      chat_mode: chat.chat_mode ?? 'group',
      chat_type: chat.chat_type ?? 'private',
      owner_id: chat.owner_id ?? this.appId,
      owner_id_type: chat.owner_id_type ?? 'app_id',
      members: chat.members ?? [],
    };
    this.chatStore.set(chatId, stored);
    return structuredClone(stored);
  }

  chat(chatId: string): FakeLarkChat | undefined {
    const chat = this.chatStore.get(chatId);
    return chat === undefined ? undefined : structuredClone(chat);
  }

  /** Chats created through im.chat.create or registered with addChat, in creation order. */
  chats(): FakeLarkChat[] {
    return structuredClone([...this.chatStore.values()]);
  }

  /**
   * The group chat of exactly these members (in any order) the bot can still post in, if there is
   * one: a chat it was removed from, or a disbanded one, is passed over.
   */
  chatOf(...openIds: string[]): FakeLarkChat | undefined {
    const want = [...new Set(openIds)].sort().join(',');
    const found = [...this.chatStore.values()].find(
      (chat) =>
        chat.chat_mode !== 'p2p' &&
        !this.deadChats.has(chat.chat_id) &&
        [...chat.members].sort().join(',') === want,
    );
    return found === undefined ? undefined : structuredClone(found);
  }

  /** Someone removed the bot from this group chat: sending or replying there answers 230002. */
  removeBotFrom(chatId: string): void {
    if (this.deadChats.get(chatId) !== 'disbanded') this.deadChats.set(chatId, 'bot_removed');
  }

  /**
   * The owner disbanded this group chat: sending there answers 232009. im.chat.create still answers
   * its uuid with it within the uuid window (the fake does not look whether it is alive).
   */
  disbandChat(chatId: string): void {
    this.deadChats.set(chatId, 'disbanded');
  }

  /** Tokens handed out so far, oldest first, and whether Lark would still accept them. */
  issuedTokens(): { token: string; valid: boolean }[] {
    return [...this.tokens.entries()].map(([token, state]) => ({ token, valid: this.tokenValid(state) }));
  }

  /** Invalidates every token issued so far; later calls with them answer 99991663. */
  expireTokens(): void {
    for (const state of this.tokens.values()) state.revoked = true;
  }

  /** While down, every request (token endpoint included) answers HTTP 503. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /**
   * Makes the next call(s) matching `target` fail: a method name ('im.message.create'), a request
   * path ('/open-apis/im/v1/messages') or '*' (any call, the token endpoint included). Queued
   * failures are consumed in the order they were added.
   */
  failNext(target: string, spec: LarkFailureSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('failNext: times must be a positive integer');
    this.failures.push({ target, spec, remaining: times });
  }

  /** An image uploaded with im.image.create, by its image_key. */
  image(key: string): StoredImage | undefined {
    return this.images.get(key);
  }

  /** Forgets calls, tokens, messages, chats, users, uuids, images and injected failures; ids keep increasing. */
  reset(): void {
    this.log.clear();
    this.images.clear();
    this.tokens = new Map();
    this.store = new Map();
    this.uuids = new Map();
    this.chatUuids = new Map();
    this.chatStore = new Map();
    this.deadChats = new Map();
    this.users = new Map();
    this.failures = [];
    this.down = false;
  }

  /** Closes the server, including idle keep-alive sockets axios' agent holds open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.log.stopWaiting();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // --- HTTP plumbing -------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const form = parseMultipart(req.headers['content-type'], bytes);
    const httpMethod = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const headers = requestHeaders(req);
    const token = bearerToken(req.headers.authorization);
    const at = this.now();

    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const candidate of this.routes) {
      if (candidate.httpMethod !== httpMethod) continue;
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      candidate.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(match[index + 1] ?? '');
      });
      matched = { route: candidate, params };
      break;
    }
    const method = matched?.route.name ?? 'unknown';

    // A multipart body (image upload) is recorded by its fields; files by name and size only.
    const parsed = form ? { body: {}, invalid: false } : parseJsonBody(raw);
    const body = parsed.body;
    const args: Record<string, unknown> = { ...query, ...matched?.params, ...body };
    for (const part of form ?? [])
      args[part.name] =
        part.filename === undefined && part.contentType === undefined
          ? part.data.toString('utf8')
          : { filename: part.filename, contentType: part.contentType, bytes: part.data.length };
    delete args.app_secret;
    let rawContent: string | undefined;
    if (typeof body.content === 'string') {
      rawContent = body.content;
      try {
        args.content = JSON.parse(body.content);
      } catch {
        // Left as the raw string; the handler answers the way Lark does.
      }
    }
    const record = (reply: Reply): void => {
      const call: RecordedLarkCall = {
        seq: this.calls.length,
        method,
        httpMethod,
        path,
        query,
        args,
        headers,
        at,
        status: reply.status,
        response: reply.body,
        responseHeaders: reply.headers ?? {},
        failed: reply.status !== 200 || reply.body.code !== 0,
      };
      if (rawContent !== undefined) call.rawContent = rawContent;
      if (token !== undefined) call.token = token;
      this.log.record(call);
      this.send(res, reply);
    };

    // Outages and injected failures come first, like a gateway in front of the API.
    const failure = this.takeFailure(method, path);
    if (failure) {
      record(failure);
      return;
    }
    const limited = this.rateLimited(method, query, body, matched?.params ?? {}, at);
    if (limited) {
      record(limited);
      return;
    }
    if (!matched) {
      record(this.error(404, LARK_CODES.resourceNotFound, `resource not find: ${httpMethod} ${path}`));
      return;
    }
    if (matched.route.auth) {
      const authError = this.checkToken(token);
      if (authError) {
        record(authError);
        return;
      }
    }
    if (parsed.invalid) {
      record(this.error(400, LARK_CODES.fieldValidationFailed, 'request body is not a JSON object'));
      return;
    }
    record(
      matched.route.handle({
        method,
        httpMethod,
        path,
        query,
        pathParams: matched.params,
        body,
        token,
        ...(form ? { form } : {}),
      }),
    );
  }

  private send(res: ServerResponse, reply: Reply): void {
    this.logSeq += 1;
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-tt-logid': `fake${String(this.logSeq).padStart(10, '0')}`,
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.body));
  }

  /** A send over the chat's or the app's rate: Lark's gateway answer, nothing sent. */
  private rateLimited(
    method: string,
    query: Record<string, string>,
    body: Record<string, unknown>,
    params: Record<string, string>,
    at: number,
  ): Reply | undefined {
    if (!this.rateLimits || (method !== 'im.message.create' && method !== 'im.message.reply'))
      return undefined;
    const receiver = String(body.receive_id ?? '');
    const chat =
      method === 'im.message.reply'
        ? (this.store.get(params.message_id ?? '')?.chat_id ?? params.message_id ?? '')
        : query.receive_id_type === 'chat_id'
          ? receiver
          : p2pChatId(receiver);
    const verdict = this.rateLimits.check(chat, at);
    if (!verdict.limited) return undefined;
    const limit = verdict.reason === 'key' ? this.rateLimits.perKey : this.rateLimits.perApp;
    return {
      status: 429,
      body: { code: LARK_CODES.rateLimited, msg: 'request trigger frequency limit' },
      headers: {
        'x-ogw-ratelimit-limit': String(limit ?? 50),
        'x-ogw-ratelimit-reset': String(verdict.retryAfterSeconds),
      },
    };
  }

  private takeFailure(method: string, path: string): Reply | undefined {
    if (this.down)
      return { status: 503, body: { code: 503, msg: 'service unavailable (fake Lark is down)' } };
    const queued = this.failures.find((f) => f.target === '*' || f.target === method || f.target === path);
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(this.failures.indexOf(queued), 1);
    const { spec } = queued;
    const rateLimitHeaders = {
      'x-ogw-ratelimit-limit': String(spec.limit ?? 50),
      'x-ogw-ratelimit-reset': String(spec.resetSeconds ?? 1),
    };
    if (spec.status === 429) {
      return {
        status: 429,
        body: {
          code: spec.code ?? LARK_CODES.rateLimited,
          msg: spec.msg ?? 'request trigger frequency limit',
        },
        headers: rateLimitHeaders,
      };
    }
    if (spec.code !== undefined) {
      const reply = this.error(spec.status ?? 400, spec.code, spec.msg ?? `injected failure ${spec.code}`);
      if (spec.code === LARK_CODES.rateLimited) reply.headers = rateLimitHeaders;
      return reply;
    }
    return this.error(spec.status ?? 500, 1500, spec.msg ?? 'internal error');
  }

  private checkToken(token: string | undefined): Reply | undefined {
    if (token === undefined || token === '') {
      return this.error(
        this.invalidTokenStatus,
        LARK_CODES.missingToken,
        'Missing access token for authorization. Please make a request with token attached.',
      );
    }
    const state = this.tokens.get(token);
    if (state === undefined || !this.tokenValid(state)) {
      return this.error(
        this.invalidTokenStatus,
        LARK_CODES.invalidToken,
        'Invalid access token for authorization. Please make a request with token attached.',
      );
    }
    return undefined;
  }

  private tokenValid(state: TokenState): boolean {
    return !state.revoked && state.expiresAt > this.now();
  }

  /** Lark's error envelope. */
  private error(status: number, code: number, msg: string, extra: Record<string, unknown> = {}): Reply {
    this.logSeq += 1;
    return {
      status,
      body: {
        code,
        msg,
        error: { log_id: `fakelog${String(this.logSeq).padStart(10, '0')}`, ...extra },
      },
    };
  }

  /** Lark's answer to a message for a chat the bot was removed from or that was disbanded. */
  private chatGone(chatId: string): Reply | undefined {
    const dead = this.deadChats.get(chatId);
    if (dead === 'bot_removed')
      return this.imError(LARK_CODES.botNotInChat, 'The bot can not be outside the group.');
    if (dead === 'disbanded')
      return this.imError(
        LARK_CODES.chatDisbanded,
        'Your request specifies a chat which has already been dissolved.',
      );
    return undefined;
  }

  private fieldError(field: string, description: string): Reply {
    return this.error(400, LARK_CODES.fieldValidationFailed, 'field validation failed', {
      field_violations: [{ field, description }],
    });
  }

  private imError(code: number, msg: string): Reply {
    return this.error(400, code, msg);
  }

  // --- endpoints -----------------------------------------------------------------------------

  private tenantAccessToken(ctx: RequestContext): Reply {
    const appId = ctx.body.app_id;
    const appSecret = ctx.body.app_secret;
    // Lark answers credential problems with HTTP 200 and a non-zero code.
    if (typeof appId !== 'string' || appId !== this.appId) {
      return { status: 200, body: { code: LARK_CODES.invalidParam, msg: 'invalid param' } };
    }
    if (typeof appSecret !== 'string' || appSecret !== this.appSecret) {
      return { status: 200, body: { code: LARK_CODES.appSecretInvalid, msg: 'app secret invalid' } };
    }
    const now = this.now();
    // Like Lark: reuse the current token while it has ≥ 30 min left, else issue a new one
    // (the old one stays valid until it expires).
    for (const [token, state] of this.tokens) {
      if (this.tokenValid(state) && state.expiresAt - now >= TOKEN_REUSE_MIN_MS) {
        return {
          status: 200,
          body: {
            code: 0,
            msg: 'ok',
            tenant_access_token: token,
            expire: Math.floor((state.expiresAt - now) / 1000),
          },
        };
      }
    }
    this.tokenSeq += 1;
    const token = `t-${this.tokenSeq}`;
    this.tokens.set(token, { issuedAt: now, expiresAt: now + this.tokenTtlMs, revoked: false });
    return {
      status: 200,
      body: { code: 0, msg: 'ok', tenant_access_token: token, expire: Math.floor(this.tokenTtlMs / 1000) },
    };
  }

  private createMessage(ctx: RequestContext): Reply {
    const receiveIdType = ctx.query.receive_id_type;
    if (receiveIdType === undefined || receiveIdType === '') {
      return this.fieldError('receive_id_type', 'receive_id_type is required');
    }
    if (!RECEIVE_ID_TYPES.has(receiveIdType)) {
      return this.fieldError(
        'receive_id_type',
        `receive_id_type must be one of ${[...RECEIVE_ID_TYPES].join('|')}`,
      );
    }
    const receiveId = ctx.body.receive_id;
    if (typeof receiveId !== 'string' || receiveId === '') {
      return this.fieldError('receive_id', 'receive_id is required');
    }
    const basics = this.checkSendBasics(ctx.body);
    if ('reply' in basics) return basics.reply;
    const { msgType, rawContent, uuid } = basics;

    if (uuid !== undefined) {
      const earlier = this.dedupe(`create:${uuid}`);
      if (earlier) return ok(this.messageData(earlier));
    }
    const checked = this.checkContent(msgType, rawContent);
    if (!checked.ok) return checked.reply;
    const chatId = this.resolveReceiver(receiveIdType, receiveId);
    if (chatId === undefined) {
      return this.imError(LARK_CODES.receiveIdInvalid, 'The receive_id is invalid.');
    }
    const gone = this.chatGone(chatId);
    if (gone) return gone;
    if (!chatId.startsWith('oc_p2p_') && !this.chatStore.has(chatId)) this.addChat(chatId);
    const stored = this.storeMessage({
      chatId,
      msgType,
      content: checked.parsed,
      rawContent,
      sender: this.botSender(),
      via: 'create',
      uuid,
    });
    if (uuid !== undefined)
      this.uuids.set(`create:${uuid}`, { messageId: stored.message_id, at: this.now() });
    return ok(this.messageData(stored));
  }

  private replyMessage(ctx: RequestContext): Reply {
    const parent = this.store.get(ctx.pathParams.message_id ?? '');
    if (!parent) {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=invalid message_id.',
      );
    }
    const gone = this.chatGone(parent.chat_id);
    if (gone) return gone;
    const basics = this.checkSendBasics(ctx.body);
    if ('reply' in basics) return basics.reply;
    const { msgType, rawContent, uuid } = basics;
    if (uuid !== undefined) {
      const earlier = this.dedupe(`reply:${uuid}`);
      if (earlier) return ok(this.messageData(earlier));
    }
    const checked = this.checkContent(msgType, rawContent);
    if (!checked.ok) return checked.reply;
    const stored = this.storeMessage({
      chatId: parent.chat_id,
      msgType,
      content: checked.parsed,
      rawContent,
      sender: this.botSender(),
      via: 'reply',
      uuid,
      parent,
      inThread: ctx.body.reply_in_thread === true,
    });
    if (uuid !== undefined) this.uuids.set(`reply:${uuid}`, { messageId: stored.message_id, at: this.now() });
    return ok(this.messageData(stored));
  }

  private patchMessage(ctx: RequestContext): Reply {
    const message = this.store.get(ctx.pathParams.message_id ?? '');
    if (!message) {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=invalid message_id.',
      );
    }
    if (message.msg_type !== 'interactive') {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=This message is NOT a card',
      );
    }
    if (this.now() - Number(message.create_time) > LARK_UPDATE_WINDOW_MS) {
      return this.imError(
        LARK_CODES.messageUpdateExpired,
        'Message has expired when updating message, ext=Message can only be updated within fourteen days.',
      );
    }
    const rawContent = ctx.body.content;
    if (typeof rawContent !== 'string' || rawContent === '') {
      return this.fieldError('content', 'content is required and must be a JSON string');
    }
    const checked = this.checkContent('interactive', rawContent);
    if (!checked.ok) return checked.reply;
    if (!isSharedCard(message.content) || !isSharedCard(checked.parsed)) {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=only shared cards can be updated: ' +
          'config.update_multi must be true in both the sent and the new card (fake Lark strictness)',
      );
    }
    this.revise(message, 'interactive', checked.parsed, rawContent, 'patch');
    return ok({});
  }

  private updateMessage(ctx: RequestContext): Reply {
    const message = this.store.get(ctx.pathParams.message_id ?? '');
    if (!message) {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=invalid message_id.',
      );
    }
    const msgType = ctx.body.msg_type;
    if (typeof msgType !== 'string' || msgType === '')
      return this.fieldError('msg_type', 'msg_type is required');
    // What Lark answers when a card is sent through PUT (e.g. the SDK's updateByCard).
    if (msgType !== 'text' && msgType !== 'post') {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=invalid msg_type.',
      );
    }
    if (message.msg_type !== 'text' && message.msg_type !== 'post') {
      return this.imError(
        LARK_CODES.unsupportedMessageType,
        'This operation is not supported for this message type.',
      );
    }
    if (message.sender.sender_type !== 'app') {
      return this.imError(230071, 'The operator is not the sender of the message.');
    }
    if (message.edits >= MAX_EDITS) {
      return this.imError(
        LARK_CODES.editLimitReached,
        'The message has reached the number of times it can be edited.',
      );
    }
    const rawContent = ctx.body.content;
    if (typeof rawContent !== 'string' || rawContent === '') {
      return this.fieldError('content', 'content is required and must be a JSON string');
    }
    const checked = this.checkContent(msgType, rawContent);
    if (!checked.ok) return checked.reply;
    message.edits += 1;
    this.revise(message, msgType, checked.parsed, rawContent, 'update');
    return ok(this.messageData(message));
  }

  private getMessage(ctx: RequestContext): Reply {
    const message = this.store.get(ctx.pathParams.message_id ?? '');
    if (!message) {
      return this.imError(
        LARK_CODES.imInvalidParameter,
        'Your request contains an invalid request parameter, ext=invalid message_id.',
      );
    }
    return ok({ items: [this.messageData(message)] });
  }

  private getUser(ctx: RequestContext): Reply {
    const idType = ctx.query.user_id_type ?? 'open_id';
    if (!USER_ID_TYPES.has(idType)) return this.fieldError('user_id_type', 'user_id_type is invalid');
    const id = ctx.pathParams.user_id ?? '';
    const found = this.findUser(idType, id);
    if (!found) return this.error(400, LARK_CODES.userIdInvalid, 'user id invalid error');
    const [openId, profile] = found;
    const ids = userIds(openId, profile);
    const user: Record<string, unknown> = {
      open_id: ids.open_id,
      union_id: ids.union_id,
      user_id: ids.user_id,
      name: profile.name ?? openId,
      en_name: profile.en_name ?? profile.name ?? openId,
      email: profile.email ?? '',
      status: {
        is_frozen: false,
        is_resigned: profile.is_resigned ?? false,
        is_activated: !(profile.is_resigned ?? false),
        is_exited: false,
        is_unjoin: false,
      },
      department_ids: profile.department_ids ?? [],
      time_zone: profile.time_zone ?? FAKE_LARK_DEFAULT_TIME_ZONE,
      job_title: profile.job_title ?? '',
      is_tenant_manager: false,
      employee_type: 1,
    };
    if (profile.leader_user_id !== undefined) {
      // Reported in the id type the caller asked for, like every other user id in the answer.
      const leader = this.users.get(profile.leader_user_id);
      const leaderIds = userIds(profile.leader_user_id, leader ?? {});
      user.leader_user_id = leaderIds[idType as keyof typeof leaderIds];
    }
    return ok({ user });
  }

  private createChat(ctx: RequestContext): Reply {
    const idType = ctx.query.user_id_type ?? 'open_id';
    if (!USER_ID_TYPES.has(idType)) return this.fieldError('user_id_type', 'user_id_type is invalid');
    const uuid = ctx.query.uuid;
    if (uuid !== undefined && uuid !== '') {
      const earlier = this.chatUuids.get(uuid);
      if (earlier && this.now() - earlier.at < CHAT_UUID_WINDOW_MS) {
        const chat = this.chatStore.get(earlier.chatId);
        if (chat) return ok(this.chatData(chat));
      }
    }
    const list = ctx.body.user_id_list ?? [];
    if (!Array.isArray(list) || !list.every((id) => typeof id === 'string')) {
      return this.error(
        400,
        LARK_CODES.chatInvalidParameter,
        'Your request contains an invalid request parameter.',
      );
    }
    const members: string[] = [];
    for (const id of list as string[]) {
      const openId = this.memberOpenId(idType, id);
      if (openId === undefined) {
        return this.error(400, LARK_CODES.chatUnavailableIds, 'Your request contains unavailable ids.');
      }
      members.push(openId);
    }
    const ownerRaw = ctx.body.owner_id;
    let owner: { id: string; type: 'open_id' | 'app_id' } = { id: this.appId, type: 'app_id' };
    if (typeof ownerRaw === 'string' && ownerRaw !== '') {
      const openId = this.memberOpenId(idType, ownerRaw);
      if (openId === undefined) {
        return this.error(400, LARK_CODES.chatUnavailableIds, 'Your request contains unavailable ids.');
      }
      owner = { id: openId, type: 'open_id' };
    }
    const chatMode = ctx.body.chat_mode === 'topic' ? 'topic' : 'group';
    const chatType = ctx.body.chat_type === 'public' ? 'public' : 'private';
    const name = typeof ctx.body.name === 'string' ? ctx.body.name : '';
    if (chatType === 'public' && name.length < 2) {
      return this.error(400, 232020, 'Name can NOT be less than two characters for public chats.');
    }
    this.chatSeq += 1;
    const chat = this.addChat(`oc_chat_${this.chatSeq}`, {
      name,
      description: typeof ctx.body.description === 'string' ? ctx.body.description : '',
      chat_mode: chatMode,
      chat_type: chatType,
      owner_id: owner.id,
      owner_id_type: owner.type,
      members: [...new Set(members)],
    });
    if (uuid !== undefined && uuid !== '') this.chatUuids.set(uuid, { chatId: chat.chat_id, at: this.now() });
    return ok(this.chatData(chat));
  }

  private getChat(ctx: RequestContext): Reply {
    const chatId = ctx.pathParams.chat_id ?? '';
    let chat = this.chatStore.get(chatId);
    if (!chat && chatId.startsWith('oc_p2p_')) {
      chat = {
        chat_id: chatId,
        name: '',
        description: '',
        chat_mode: 'p2p',
        chat_type: 'private',
        owner_id: '',
        owner_id_type: 'open_id',
        members: [chatId.slice('oc_p2p_'.length)],
      };
    }
    if (!chat)
      return this.error(400, LARK_CODES.chatIdInvalid, 'Your request specifies a chat_id which is invalid.');
    const data = this.chatData(chat);
    data.user_count = String(chat.members.length);
    data.bot_count = '1';
    return ok(data);
  }

  // --- validation ----------------------------------------------------------------------------

  private checkSendBasics(
    body: Record<string, unknown>,
  ): { msgType: string; rawContent: string; uuid?: string } | { reply: Reply } {
    const msgType = body.msg_type;
    if (typeof msgType !== 'string' || msgType === '')
      return { reply: this.fieldError('msg_type', 'msg_type is required') };
    const rawContent = body.content;
    if (typeof rawContent !== 'string' || rawContent === '') {
      return { reply: this.fieldError('content', 'content is required and must be a JSON string') };
    }
    const uuid = body.uuid;
    if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50)) {
      return { reply: this.fieldError('uuid', 'uuid must be a string of at most 50 characters') };
    }
    if (!MSG_TYPES.has(msgType)) {
      return {
        reply: this.imError(
          LARK_CODES.imInvalidParameter,
          `Your request contains an invalid request parameter, ext=msg_type ${msgType} is not modelled by fake Lark.`,
        ),
      };
    }
    const result: { msgType: string; rawContent: string; uuid?: string } = { msgType, rawContent };
    if (typeof uuid === 'string' && uuid !== '') result.uuid = uuid;
    return result;
  }

  private checkContent(msgType: string, rawContent: string): ContentCheck {
    const limit = msgType === 'text' ? LARK_TEXT_LIMIT_BYTES : LARK_CARD_LIMIT_BYTES;
    if (Buffer.byteLength(rawContent, 'utf8') > limit) {
      return {
        ok: false,
        reply: this.imError(
          LARK_CODES.contentTooLong,
          'The length of the message content reaches its limit.',
        ),
      };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawContent);
    } catch {
      if (msgType === 'interactive')
        return { ok: false, reply: this.cardError(200621, 'content is not valid JSON') };
      return { ok: false, reply: this.invalidContent() };
    }
    if (msgType === 'text') {
      if (!isRecord(parsed) || typeof parsed.text !== 'string' || parsed.text.trim() === '') {
        return { ok: false, reply: this.invalidContent() };
      }
      return { ok: true, parsed };
    }
    if (msgType === 'post') {
      return isValidPost(parsed) ? { ok: true, parsed } : { ok: false, reply: this.invalidContent() };
    }
    const problem = this.cardProblem(parsed);
    if (problem) return { ok: false, reply: this.cardError(problem.errCode, problem.detail) };
    return { ok: true, parsed };
  }

  private cardProblem(card: unknown): { errCode: number; detail: string } | undefined {
    if (!isRecord(card)) return { errCode: 200621, detail: 'card must be a JSON object' };
    if (card.type === 'template') {
      const data = card.data;
      return isRecord(data) && typeof data.template_id === 'string'
        ? undefined
        : { errCode: 200621, detail: 'template card needs data.template_id' };
    }
    if (card.schema === '2.0') {
      const body = card.body;
      if (!isRecord(body) || !Array.isArray(body.elements)) {
        return { errCode: 200621, detail: 'schema 2.0 card needs body.elements (an array)' };
      }
      if (card.elements !== undefined) {
        return { errCode: 200861, detail: 'schema 2.0 cards take elements under body, not at the top level' };
      }
      if (countElements(body.elements) > MAX_CARD_ELEMENTS) {
        return { errCode: 11310, detail: 'element exceeds the limit' };
      }
      const images = this.images.problem(body.elements);
      return images ? { errCode: 200621, detail: images } : undefined;
    }
    if (this.requireCardSchemaV2) {
      return { errCode: 200621, detail: "fake Lark requires JSON 2.0 cards (schema: '2.0')" };
    }
    return Array.isArray(card.elements) || isRecord(card.i18n_elements)
      ? undefined
      : { errCode: 200621, detail: 'card has no elements' };
  }

  private uploadImage(ctx: RequestContext): Reply {
    if (!ctx.form) return this.error(400, 234001, 'Invalid request param: expected multipart/form-data');
    const result = this.images.upload(ctx.form);
    if ('code' in result) return this.error(400, result.code, result.msg);
    return ok({ image_key: result.image.key });
  }

  private cardError(errCode: number, detail: string): Reply {
    return this.imError(
      LARK_CODES.cardContentFailed,
      `Failed to create card content, ext=ErrCode: ${errCode}; ErrMsg: parse card json err, please check whether the card json is correct; ErrorValue: ${detail}; `,
    );
  }

  private invalidContent(): Reply {
    return this.imError(
      LARK_CODES.imInvalidParameter,
      'Your request contains an invalid request parameter, ext=invalid message content.',
    );
  }

  // --- store helpers -------------------------------------------------------------------------

  private chatIdFor(chatOrOpenId: string): string {
    return chatOrOpenId.startsWith('ou_') ? p2pChatId(chatOrOpenId) : chatOrOpenId;
  }

  private resolveReceiver(receiveIdType: string, receiveId: string): string | undefined {
    if (receiveIdType === 'chat_id') return receiveId.startsWith('oc_') ? receiveId : undefined;
    if (receiveIdType === 'open_id') return receiveId.startsWith('ou_') ? p2pChatId(receiveId) : undefined;
    if (receiveIdType === 'email') {
      for (const [openId, profile] of this.users) if (profile.email === receiveId) return p2pChatId(openId);
      return undefined;
    }
    const found = this.findUser(receiveIdType, receiveId);
    return found === undefined ? undefined : p2pChatId(found[0]);
  }

  private findUser(idType: string, id: string): [string, FakeLarkUser] | undefined {
    for (const [openId, profile] of this.users) {
      const ids = userIds(openId, profile);
      if (ids[idType as keyof typeof ids] === id) return [openId, profile];
    }
    return undefined;
  }

  /** Known users by any id type; unknown open_ids are accepted as-is (tests rarely set every member up). */
  private memberOpenId(idType: string, id: string): string | undefined {
    const found = this.findUser(idType, id);
    if (found) return found[0];
    return idType === 'open_id' && id.startsWith('ou_') ? id : undefined;
  }

  private dedupe(key: string): InternalMessage | undefined {
    const earlier = this.uuids.get(key);
    if (!earlier || this.now() - earlier.at >= UUID_WINDOW_MS) return undefined;
    return this.store.get(earlier.messageId);
  }

  private botSender(): LarkMessageSender {
    return { id: this.appId, id_type: 'app_id', sender_type: 'app', tenant_key: FAKE_LARK_TENANT_KEY };
  }

  private storeMessage(input: {
    chatId: string;
    msgType: string;
    content: unknown;
    rawContent: string;
    sender: LarkMessageSender;
    via: LarkMessageRevision['via'];
    uuid?: string;
    messageId?: string;
    parent?: InternalMessage;
    inThread?: boolean;
  }): InternalMessage {
    this.messageSeq += 1;
    const now = this.now();
    const message: InternalMessage = {
      seq: this.messageSeq,
      edits: 0,
      message_id: input.messageId ?? `om_${this.messageSeq}`,
      chat_id: input.chatId,
      chat_type: input.chatId.startsWith('oc_p2p_') ? 'p2p' : 'group',
      msg_type: input.msgType,
      content: input.content,
      rawContent: input.rawContent,
      sender: input.sender,
      create_time: String(now),
      update_time: String(now),
      updated: false,
      deleted: false,
      history: [],
    };
    if (input.uuid !== undefined) message.uuid = input.uuid;
    const parent = input.parent;
    if (parent) {
      const root = (parent.root_id === undefined ? undefined : this.store.get(parent.root_id)) ?? parent;
      message.root_id = root.message_id;
      if (input.inThread === true || root.thread_id !== undefined) {
        if (root.thread_id === undefined) {
          this.threadSeq += 1;
          root.thread_id = `omt_${this.threadSeq}`;
        }
        message.thread_id = root.thread_id;
        // Inside a topic, parent_id is always the topic's root message.
        message.parent_id = root.message_id;
      } else {
        message.parent_id = parent.message_id;
      }
    }
    message.history.push({
      msg_type: input.msgType,
      content: structuredClone(input.content),
      rawContent: input.rawContent,
      at: now,
      via: input.via,
    });
    this.store.set(message.message_id, message);
    return message;
  }

  private revise(
    message: InternalMessage,
    msgType: string,
    content: unknown,
    rawContent: string,
    via: LarkMessageRevision['via'],
  ): void {
    const now = this.now();
    message.msg_type = msgType;
    message.content = content;
    message.rawContent = rawContent;
    message.updated = true;
    message.update_time = String(now);
    message.history.push({ msg_type: msgType, content: structuredClone(content), rawContent, at: now, via });
  }

  private toStored(message: InternalMessage): StoredLarkMessage {
    const { seq: _seq, edits: _edits, ...rest } = message;
    const replies =
      message.root_id === undefined
        ? [...this.store.values()]
            .filter((m) => m.root_id === message.message_id)
            .sort((a, b) => a.seq - b.seq)
            .map((m) => this.toStored(m))
        : [];
    return structuredClone({ ...rest, replies });
  }

  /** The `message` object Lark returns from create/reply/update/get. */
  private messageData(message: InternalMessage): Record<string, unknown> {
    const data: Record<string, unknown> = {
      message_id: message.message_id,
      msg_type: message.msg_type,
      create_time: message.create_time,
      update_time: message.update_time,
      deleted: message.deleted,
      updated: message.updated,
      chat_id: message.chat_id,
      sender: { ...message.sender },
      body: { content: message.rawContent },
    };
    if (message.root_id !== undefined) data.root_id = message.root_id;
    if (message.parent_id !== undefined) data.parent_id = message.parent_id;
    if (message.thread_id !== undefined) data.thread_id = message.thread_id;
    return data;
  }

  private chatData(chat: FakeLarkChat): Record<string, unknown> {
    return {
      chat_id: chat.chat_id,
      avatar: '',
      name: chat.name,
      description: chat.description,
      owner_id: chat.owner_id,
      owner_id_type: chat.owner_id_type,
      chat_mode: chat.chat_mode,
      chat_type: chat.chat_type,
      chat_tag: 'inner',
      external: false,
      tenant_key: FAKE_LARK_TENANT_KEY,
      chat_status: 'normal',
    };
  }
}

/** Starts a fake Lark Open API on 127.0.0.1:<random port>. Remember to `await fake.stop()`. */
export function startFakeLark(options: FakeLarkOptions = {}): Promise<FakeLark> {
  return FakeLark.start(options);
}

// --- pure helpers ------------------------------------------------------------------------------

function defineRoute(
  httpMethod: string,
  template: string,
  name: string,
  auth: boolean,
  handle: (ctx: RequestContext) => Reply,
): Route {
  const keys: string[] = [];
  const source = template.replace(/:([a-z_]+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { httpMethod, pattern: new RegExp(`^${source}/?$`), keys, name, auth, handle };
}

function ok(data: Record<string, unknown>): Reply {
  return { status: 200, body: { code: 0, msg: 'success', data } };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonBody(raw: string): { body: Record<string, unknown>; invalid: boolean } {
  if (raw.trim() === '') return { body: {}, invalid: false };
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? { body: parsed, invalid: false } : { body: {}, invalid: true };
  } catch {
    return { body: { raw }, invalid: true };
  }
}

function requestHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function userIds(
  openId: string,
  profile: FakeLarkUser,
): { open_id: string; user_id: string; union_id: string } {
  const suffix = openId.replace(/^ou_/, '');
  return {
    open_id: openId,
    user_id: profile.user_id ?? `u_${suffix}`,
    union_id: profile.union_id ?? `on_${suffix}`,
  };
}

/** A card counts as shared (updatable for everyone) only with an explicit update_multi: true. */
function isSharedCard(card: unknown): boolean {
  if (!isRecord(card)) return false;
  if (card.type === 'template') return true;
  const config = card.config;
  return isRecord(config) && config.update_multi === true;
}

/** Send format `{ zh_cn: { title, content: [[…]] } }`, optionally wrapped in `{ post: … }`. */
function isValidPost(parsed: unknown): boolean {
  if (!isRecord(parsed)) return false;
  const locales = isRecord(parsed.post) ? parsed.post : parsed;
  const entries = Object.values(locales);
  return (
    entries.length > 0 &&
    entries.every(
      (entry) => isRecord(entry) && Array.isArray(entry.content) && entry.content.every(Array.isArray),
    )
  );
}

function countElements(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countElements(item), 0);
  if (!isRecord(value)) return 0;
  let count = typeof value.tag === 'string' ? 1 : 0;
  for (const child of Object.values(value)) count += countElements(child);
  return count;
}

function describeCall(call: RecordedLarkCall): string {
  const outcome = call.failed
    ? `FAILED ${call.status} code=${call.response.code} ${call.response.msg}`
    : 'ok';
  return `#${call.seq} ${call.method} ${call.httpMethod} ${call.path} ${truncate(JSON.stringify(call.args), 160)} -> ${outcome}`;
}

/** Random hex, exported for builders that need Lark-looking opaque ids. */
export function fakeLarkId(prefix: string, bytes = 8): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

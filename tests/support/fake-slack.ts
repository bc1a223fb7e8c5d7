/**
 * A fake Slack Web API served over real HTTP.
 *
 * Why a server and not a mocked WebClient: the service talks to Slack through @slack/web-api
 * (via Bolt), and most of the bugs worth catching live in that path — argument serialisation,
 * retry and rate-limit handling, HTTP errors, tokens. Pointing the real client at this server
 * (`slackApiUrl: fake.apiUrl`) exercises all of it, while keeping tests hermetic and fast.
 *
 * Wire format (checked against @slack/web-api 7.x WebClient.serializeApiCallData / makeRequest):
 * every call is `POST /api/<method>`; the body is `application/x-www-form-urlencoded` with any
 * non-scalar argument (blocks, attachments, view, metadata) flattened to a JSON string; the token
 * travels as `Authorization: Bearer …` and, when passed per call (`{ token }`, as Bolt's
 * auth.test does), also as a `token` form field. JSON bodies are accepted too because other
 * HTTP clients (and Slack itself) support them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Identity of the bot as reported by auth.test and stamped on the messages it posts. */
export const FAKE_BOT_USER_ID = 'UBOT';
export const FAKE_BOT_ID = 'BBOT';
export const FAKE_APP_ID = 'A1';
export const FAKE_TEAM_ID = 'T1';
export const FAKE_TEAM_NAME = 'Test';
export const FAKE_TEAM_DOMAIN = 'test';
export const FAKE_WORKSPACE_URL = 'https://test.slack.com/';

/** One request the fake received, in arrival order. Failed requests are recorded too. */
export interface RecordedCall {
  /** Position in `calls`; lets a test wait only for calls made after a given point. */
  seq: number;
  /** Web API method name, or 'response_url' for posts to a response URL. */
  method: string;
  /** Arguments as Slack would see them; blocks/attachments/view/metadata are parsed from JSON. */
  args: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
  /** Bearer token (or form `token` field) the call was made with; never part of `args`. */
  token?: string;
  /** For 'response_url' calls: the tag passed to `responseUrl(tag)`. */
  tag?: string;
  /** HTTP status the fake answered with. */
  status: number;
  /** JSON body the fake answered with. */
  response: Record<string, unknown>;
  /** True when the call did not succeed: outage, injected failure, or an `ok: false` answer. */
  failed: boolean;
}

export type CallPredicate = (call: RecordedCall) => boolean;

/**
 * An injected failure. `status: 429` answers HTTP 429 with `Retry-After: retryAfter` (default 1);
 * any other status answers that HTTP status; without a status, `error` answers HTTP 200
 * `{ ok: false, error }`. `times` repeats the failure for that many consecutive calls.
 */
export interface FailureSpec {
  status?: number;
  retryAfter?: number;
  error?: string;
  times?: number;
}

/** Profile returned by users.info; unset fields fall back to Slack's own defaults for new users. */
export interface FakeUserProfile {
  tz?: string;
  tz_label?: string;
  tz_offset?: number;
  locale?: string;
  real_name?: string;
  name?: string;
  is_bot?: boolean;
  deleted?: boolean;
}

/** One version of a message; `history[0]` is what was originally posted. */
export interface MessageRevision {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  /** Present on thread replies. */
  thread_ts?: string;
  user: string;
  bot_id?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  history: MessageRevision[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
}

export interface SeedMessage {
  user: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface FakeSlackOptions {
  /** When set, calls bearing any other token answer `invalid_auth` (catches wrong-token wiring). */
  token?: string;
}

type ApiBody = { ok: boolean } & Record<string, unknown>;
type Handler = (args: Record<string, unknown>) => ApiBody;

interface QueuedFailure {
  method: string;
  spec: FailureSpec;
  remaining: number;
}

// Arguments the WebClient flattens to JSON strings; parsed back so tests can assert on structure.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'] as const;

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private readonly server: Server;
  private readonly options: FakeSlackOptions;
  private readonly handlers: Record<string, Handler>;
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  private readonly pendingWaits = new Set<(error: Error) => void>();
  private store = new Map<string, StoredMessage[]>();
  private ephemeralStore: EphemeralMessage[] = [];
  private viewStore = new Map<string, Record<string, unknown>>();
  private homeViews = new Map<string, Record<string, unknown>>();
  private users = new Map<string, FakeUserProfile>();
  private failures: QueuedFailure[] = [];
  private down = false;
  private stopped = false;
  // Counters are never reset: ts and view ids stay unique across reset(), so a database the
  // service keeps between tests can't collide with ids handed out in an earlier test.
  private tsSeq = 0;
  private viewSeq = 0;
  private baseUrl = '';

  private constructor(options: FakeSlackOptions) {
    this.options = options;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        // A bug in the fake must surface loudly instead of looking like a Slack outage.
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-slack internal error: ${message}`);
      });
    });
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args) => this.postMessage(args),
      'chat.update': (args) => this.updateMessage(args),
      'chat.delete': (args) => this.deleteMessage(args),
      'chat.postEphemeral': (args) => this.postEphemeral(args),
      'chat.getPermalink': (args) => this.getPermalink(args),
      'conversations.open': (args) => this.openConversation(args),
      'views.open': (args) => this.openView(args, 'views.open'),
      'views.push': (args) => this.openView(args, 'views.push'),
      'views.update': (args) => this.updateView(args),
      'views.publish': (args) => this.publishView(args),
      'users.info': (args) => this.userInfo(args),
    };
  }

  /** Starts a fake on 127.0.0.1 with an OS-assigned port, so parallel test files never clash. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
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

  /** Base URL of the server, e.g. http://127.0.0.1:53211 */
  get url(): string {
    return this.baseUrl;
  }

  /** Value for WebClient / Bolt `clientOptions.slackApiUrl` (trailing slash matters to the client). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url the service can POST to; posts are recorded as method 'response_url' with this tag. */
  responseUrl(tag: string): string {
    return `${this.baseUrl}/response/${encodeURIComponent(tag)}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /**
   * Resolves with the first call (already recorded or yet to arrive) matching the predicate, or the
   * method name when a string is given. Failed calls match too — check `call.failed` if it matters.
   * To wait only for new calls, remember `calls.length` first and test `call.seq >= mark`.
   */
  waitFor(predicate: CallPredicate | string, timeoutMs = 5000): Promise<RecordedCall> {
    const matches = toSafePredicate(predicate);
    const existing = this.calls.find(matches);
    if (existing) return Promise.resolve(existing);
    return new Promise<RecordedCall>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.pendingWaits.delete(abort);
      };
      const listener = (call: RecordedCall): void => {
        if (!matches(call)) return;
        cleanup();
        resolve(call);
      };
      const abort = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const timer = setTimeout(() => {
        abort(new Error(this.describeTimeout(predicate, timeoutMs)));
      }, timeoutMs);
      this.listeners.add(listener);
      this.pendingWaits.add(abort);
    });
  }

  /**
   * Current messages in a channel (top-level and thread replies, ordered by ts) with their latest
   * content. A user id ('U…'/'W…') is mapped to its DM channel, like chat.postMessage does.
   */
  messages(channel: string): StoredMessage[] {
    const list = this.store.get(dmChannelFor(channel)) ?? [];
    return structuredClone([...list].sort((a, b) => compareTs(a.ts, b.ts)));
  }

  /** Ephemeral messages sent so far (they are never retrievable from real Slack, hence a separate list). */
  ephemerals(channel?: string): EphemeralMessage[] {
    const list =
      channel === undefined ? this.ephemeralStore : this.ephemeralStore.filter((m) => m.channel === channel);
    return structuredClone(list);
  }

  /** Modal views currently known (latest version of each), in creation order. */
  views(): Record<string, unknown>[] {
    return structuredClone([...this.viewStore.values()]);
  }

  /** App Home view last published for a user. */
  homeView(userId: string): Record<string, unknown> | undefined {
    const view = this.homeViews.get(userId);
    return view === undefined ? undefined : structuredClone(view);
  }

  /** Puts a message from a human into a channel, e.g. as the parent of a thread the bot replies in. */
  seedMessage(channel: string, message: SeedMessage): StoredMessage {
    const stored = this.storeMessage(dmChannelFor(channel), {
      user: message.user,
      text: message.text,
      blocks: message.blocks,
      thread_ts: message.thread_ts,
    });
    return structuredClone(stored);
  }

  /** Configures the profile users.info returns for this user id. Unknown ids answer user_not_found. */
  setUser(id: string, profile: FakeUserProfile = {}): void {
    this.users.set(id, { ...this.users.get(id), ...profile });
  }

  /** While down, every request (API and response URLs) answers HTTP 503, like a Slack outage. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /**
   * Makes the next call(s) to `method` fail. Use '*' to match any method. Queued failures for the
   * same method are consumed in the order they were added.
   */
  failNext(method: string, spec: FailureSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer`);
    this.failures.push({ method, spec, remaining: times });
  }

  /** Forgets calls, messages, views, users and injected failures; ids keep increasing. */
  reset(): void {
    this.calls.length = 0;
    this.store = new Map();
    this.ephemeralStore = [];
    this.viewStore = new Map();
    this.homeViews = new Map();
    this.users = new Map();
    this.failures = [];
    this.down = false;
  }

  /** Closes the server, including idle keep-alive sockets the WebClient's agent holds open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const abort of [...this.pendingWaits]) abort(new Error('fake Slack was stopped while waiting'));
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // --- HTTP plumbing -------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/api/')) {
      this.handleApi(decodeURIComponent(url.pathname.slice('/api/'.length)), req, raw, url, res);
      return;
    }
    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      this.handleResponseUrl(decodeURIComponent(url.pathname.slice('/response/'.length)), req, raw, res);
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private handleApi(method: string, req: IncomingMessage, raw: string, url: URL, res: ServerResponse): void {
    const at = Date.now();
    const contentType = mediaType(req.headers['content-type']);
    const parsed = parseApiBody(contentType, raw);
    // Slack also reads arguments from the query string (GET requests); body wins on conflict.
    const args: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...parsed.args };
    // Slack ignores a `token` field in JSON bodies; only form bodies may carry it.
    const bodyToken =
      contentType !== 'application/json' && typeof args.token === 'string' ? args.token : undefined;
    delete args.token;
    const token = bearerToken(req.headers.authorization) ?? bodyToken;

    // Outages and injected failures come first: real Slack fails before it looks at arguments.
    const failure = this.takeFailure(method);
    if (failure) {
      this.answer(res, { method, args, at, token }, failure);
      return;
    }
    let reply: { status: number; body: ApiBody };
    if (parsed.error !== undefined) {
      reply = { status: 200, body: { ok: false, error: parsed.error } };
    } else if (token === undefined || token === '') {
      reply = { status: 200, body: { ok: false, error: 'not_authed' } };
    } else if (this.options.token !== undefined && token !== this.options.token) {
      reply = { status: 200, body: { ok: false, error: 'invalid_auth' } };
    } else {
      const handler = this.handlers[method];
      reply = { status: 200, body: handler ? handler(args) : { ok: false, error: 'unknown_method' } };
    }
    this.answer(res, { method, args, at, token }, { ...reply, headers: {} });
  }

  private handleResponseUrl(tag: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const at = Date.now();
    const method = 'response_url';
    const contentType = mediaType(req.headers['content-type']);
    let args: Record<string, unknown>;
    try {
      args = parseResponseUrlBody(contentType, raw);
    } catch {
      this.answer(
        res,
        { method, args: { raw }, at, tag },
        { status: 400, body: { ok: false, error: 'invalid_payload' }, headers: {} },
      );
      return;
    }
    const failure = this.takeFailure(method);
    this.answer(res, { method, args, at, tag }, failure ?? { status: 200, body: { ok: true }, headers: {} });
  }

  /** Returns the failure to answer with (outage or queued injection), consuming one injection. */
  private takeFailure(
    method: string,
  ): { status: number; body: ApiBody; headers: Record<string, string> } | undefined {
    if (this.down) return { status: 503, body: { ok: false, error: 'service_unavailable' }, headers: {} };
    const queued = this.failures.find((f) => f.method === method || f.method === '*');
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(this.failures.indexOf(queued), 1);
    const { spec } = queued;
    if (spec.status === 429) {
      // Slack's real 429 body; the client only looks at the status and Retry-After.
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(spec.retryAfter ?? 1) },
      };
    }
    if (spec.status !== undefined) {
      return { status: spec.status, body: { ok: false, error: spec.error ?? 'fatal_error' }, headers: {} };
    }
    return { status: 200, body: { ok: false, error: spec.error ?? 'fatal_error' }, headers: {} };
  }

  /** Records the call before answering, so it is visible the moment the client's promise settles. */
  private answer(
    res: ServerResponse,
    call: Pick<RecordedCall, 'method' | 'args' | 'at' | 'token' | 'tag'>,
    reply: { status: number; body: ApiBody; headers: Record<string, string> },
  ): void {
    const recorded: RecordedCall = {
      seq: this.calls.length,
      method: call.method,
      args: call.args,
      at: call.at,
      status: reply.status,
      response: reply.body,
      failed: reply.status !== 200 || reply.body.ok !== true,
    };
    if (call.token !== undefined) recorded.token = call.token;
    if (call.tag !== undefined) recorded.tag = call.tag;
    this.calls.push(recorded);
    for (const listener of [...this.listeners]) listener(recorded);
    sendJson(res, reply.status, reply.body, reply.headers);
  }

  private describeTimeout(predicate: CallPredicate | string, timeoutMs: number): string {
    const wanted =
      typeof predicate === 'string'
        ? `a call to ${predicate}`
        : `a call matching ${truncate(String(predicate), 200)}`;
    const recent = this.calls.slice(-10).map(describeCall);
    const listing =
      recent.length === 0 ? '  (no calls at all)' : recent.map((line) => `  ${line}`).join('\n');
    return `fake Slack: timed out after ${timeoutMs}ms waiting for ${wanted}. ${this.calls.length} call(s) recorded; most recent:\n${listing}`;
  }

  // --- Web API methods -----------------------------------------------------------------------

  private authTest(): ApiBody {
    return {
      ok: true,
      url: FAKE_WORKSPACE_URL,
      team: FAKE_TEAM_NAME,
      user: 'accountdesk',
      team_id: FAKE_TEAM_ID,
      user_id: FAKE_BOT_USER_ID,
      bot_id: FAKE_BOT_ID,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: Record<string, unknown>): ApiBody {
    const target = stringArg(args, 'channel');
    if (target === undefined) return { ok: false, error: 'channel_not_found' };
    const content = messageContent(args);
    if ('error' in content) return { ok: false, error: content.error };
    if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
      return { ok: false, error: 'no_text' };
    }
    const channel = dmChannelFor(target);
    const stored = this.storeMessage(channel, {
      user: FAKE_BOT_USER_ID,
      bot_id: FAKE_BOT_ID,
      ...content,
      thread_ts: stringArg(args, 'thread_ts'),
      metadata: args.metadata,
    });
    return { ok: true, channel, ts: stored.ts, message: toSlackMessage(stored) };
  }

  private updateMessage(args: Record<string, unknown>): ApiBody {
    const channel = stringArg(args, 'channel');
    const ts = stringArg(args, 'ts');
    const message = channel === undefined || ts === undefined ? undefined : this.findMessage(channel, ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    // Real Slack refuses to edit other people's messages with this error.
    if (message.user !== FAKE_BOT_USER_ID) return { ok: false, error: 'cant_update_message' };
    const content = messageContent(args);
    if ('error' in content) return { ok: false, error: content.error };
    if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
      return { ok: false, error: 'no_text' };
    }
    // Like Slack, fields left out of the update keep their previous value.
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.history.push(revisionOf(message));
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text ?? '',
      message: toSlackMessage(message),
    };
  }

  private deleteMessage(args: Record<string, unknown>): ApiBody {
    const channel = stringArg(args, 'channel');
    const ts = stringArg(args, 'ts');
    const message = channel === undefined || ts === undefined ? undefined : this.findMessage(channel, ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    if (message.user !== FAKE_BOT_USER_ID) return { ok: false, error: 'cant_delete_message' };
    const list = this.store.get(message.channel) ?? [];
    list.splice(list.indexOf(message), 1);
    return { ok: true, channel: message.channel, ts: message.ts };
  }

  private postEphemeral(args: Record<string, unknown>): ApiBody {
    const channel = stringArg(args, 'channel');
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const user = stringArg(args, 'user');
    if (user === undefined) return { ok: false, error: 'user_not_found' };
    const content = messageContent(args);
    if ('error' in content) return { ok: false, error: content.error };
    if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
      return { ok: false, error: 'no_text' };
    }
    const ephemeral: EphemeralMessage = { channel, user, message_ts: this.nextTs() };
    const threadTs = stringArg(args, 'thread_ts');
    if (threadTs !== undefined) ephemeral.thread_ts = threadTs;
    if (content.text !== undefined) ephemeral.text = content.text;
    if (content.blocks !== undefined) ephemeral.blocks = content.blocks;
    this.ephemeralStore.push(ephemeral);
    return { ok: true, message_ts: ephemeral.message_ts };
  }

  private getPermalink(args: Record<string, unknown>): ApiBody {
    const channel = stringArg(args, 'channel');
    const ts = stringArg(args, 'message_ts');
    const message = channel === undefined || ts === undefined ? undefined : this.findMessage(channel, ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    return {
      ok: true,
      channel: message.channel,
      permalink: `https://${FAKE_TEAM_DOMAIN}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`,
    };
  }

  private openConversation(args: Record<string, unknown>): ApiBody {
    const existing = stringArg(args, 'channel');
    if (existing !== undefined) return { ok: true, channel: { id: existing } };
    const users = [
      ...new Set(
        (stringArg(args, 'users') ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter((u) => u !== ''),
      ),
    ];
    if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
    // Stable ids so a test can predict where a DM / group DM will land.
    const id = users.length === 1 ? `D${users[0]}` : `G${[...users].sort().join('')}`;
    return { ok: true, channel: { id } };
  }

  private openView(args: Record<string, unknown>, method: 'views.open' | 'views.push'): ApiBody {
    const trigger = stringArg(args, 'trigger_id');
    if (trigger === undefined) return { ok: false, error: 'invalid_arguments' };
    const view = args.view;
    if (!isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    const id = this.nextViewId();
    const stored: Record<string, unknown> = {
      ...viewDefaults(view),
      ...view,
      id,
      team_id: FAKE_TEAM_ID,
      app_id: FAKE_APP_ID,
      bot_id: FAKE_BOT_ID,
      state: { values: {} },
      hash: this.nextHash(),
      root_view_id: id,
      previous_view_id: null,
      opened_by: method,
      trigger_id: trigger,
    };
    this.viewStore.set(id, stored);
    return { ok: true, view: publicView(stored) };
  }

  private updateView(args: Record<string, unknown>): ApiBody {
    const view = args.view;
    if (!isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    const viewId = stringArg(args, 'view_id');
    const externalId = stringArg(args, 'external_id');
    let current: Record<string, unknown> | undefined;
    if (viewId !== undefined) current = this.viewStore.get(viewId);
    else if (externalId !== undefined)
      current = [...this.viewStore.values()].find((v) => v.external_id === externalId);
    else return { ok: false, error: 'invalid_arguments' };
    if (!current) return { ok: false, error: 'not_found' };
    const hash = stringArg(args, 'hash');
    if (hash !== undefined && hash !== current.hash) return { ok: false, error: 'hash_conflict' };
    const updated: Record<string, unknown> = {
      ...current,
      ...viewDefaults(view),
      ...view,
      id: current.id,
      state: current.state,
      hash: this.nextHash(),
    };
    this.viewStore.set(String(current.id), updated);
    return { ok: true, view: publicView(updated) };
  }

  private publishView(args: Record<string, unknown>): ApiBody {
    const userId = stringArg(args, 'user_id');
    const view = args.view;
    if (userId === undefined || !isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    const id = this.homeViews.get(userId)?.id ?? this.nextViewId();
    const stored: Record<string, unknown> = { ...view, id, team_id: FAKE_TEAM_ID, hash: this.nextHash() };
    this.homeViews.set(userId, stored);
    return { ok: true, view: structuredClone(stored) };
  }

  private userInfo(args: Record<string, unknown>): ApiBody {
    const id = stringArg(args, 'user');
    const profile = id === undefined ? undefined : this.users.get(id);
    if (id === undefined || profile === undefined) return { ok: false, error: 'user_not_found' };
    const name = profile.name ?? id.toLowerCase();
    const realName = profile.real_name ?? name;
    const user: Record<string, unknown> = {
      id,
      team_id: FAKE_TEAM_ID,
      name,
      deleted: profile.deleted ?? false,
      real_name: realName,
      // Slack's defaults for a user who never set a time zone.
      tz: profile.tz ?? 'America/Los_Angeles',
      tz_label: profile.tz_label ?? 'Pacific Standard Time',
      tz_offset: profile.tz_offset ?? -28800,
      is_bot: profile.is_bot ?? false,
      profile: { real_name: realName, display_name: name, team: FAKE_TEAM_ID },
    };
    // Real Slack only returns `locale` when asked with include_locale=true; mirror that so a
    // service that forgets the flag fails here rather than in production.
    if (isTruthyArg(args.include_locale)) user.locale = profile.locale ?? 'en-US';
    return { ok: true, user };
  }

  // --- store helpers -------------------------------------------------------------------------

  private storeMessage(
    channel: string,
    input: {
      user: string;
      bot_id?: string;
      text?: string;
      blocks?: unknown[];
      attachments?: unknown[];
      thread_ts?: string;
      metadata?: unknown;
    },
  ): StoredMessage {
    const message: StoredMessage = { channel, ts: this.nextTs(), user: input.user, history: [] };
    if (input.bot_id !== undefined) message.bot_id = input.bot_id;
    if (input.thread_ts !== undefined) message.thread_ts = input.thread_ts;
    if (input.text !== undefined) message.text = input.text;
    if (input.blocks !== undefined) message.blocks = input.blocks;
    if (input.attachments !== undefined) message.attachments = input.attachments;
    if (input.metadata !== undefined) message.metadata = input.metadata;
    message.history.push(revisionOf(message));
    const list = this.store.get(channel) ?? [];
    list.push(message);
    this.store.set(channel, list);
    return message;
  }

  private findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.store.get(channel)?.find((m) => m.ts === ts);
  }

  /** Unique, increasing ts values in Slack's 'seconds.micros' shape, e.g. 1700000000.000100 */
  private nextTs(): string {
    this.tsSeq += 1;
    const micros = this.tsSeq * 100;
    const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private nextViewId(): string {
    this.viewSeq += 1;
    return `V${String(this.viewSeq).padStart(10, '0')}`;
  }

  private nextHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${Math.random().toString(36).slice(2, 10)}`;
  }
}

/** Starts a fake Slack Web API on 127.0.0.1:<random port>. Remember to `await fake.stop()`. */
export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}

// --- pure helpers ------------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** 'application/x-www-form-urlencoded; charset=utf-8' -> 'application/x-www-form-urlencoded' */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

function parseApiBody(contentType: string, raw: string): { args: Record<string, unknown>; error?: string } {
  if (raw === '') return { args: {} };
  if (contentType === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return isRecord(parsed) ? { args: parsed } : { args: {}, error: 'invalid_json' };
    } catch {
      return { args: {}, error: 'invalid_json' };
    }
  }
  if (contentType === 'application/x-www-form-urlencoded' || contentType === '') {
    const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    for (const key of JSON_ARGS) {
      const value = args[key];
      if (typeof value !== 'string') continue;
      try {
        args[key] = JSON.parse(value);
      } catch {
        // Left as a string; the method handler reports it the way Slack would (e.g. invalid_blocks_format).
      }
    }
    return { args };
  }
  // multipart/form-data (file uploads) is not modelled by this fake.
  return { args: { raw }, error: 'invalid_form_data' };
}

function parseResponseUrlBody(contentType: string, raw: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType === 'application/x-www-form-urlencoded') {
    const params = Object.fromEntries(new URLSearchParams(raw));
    const payload = params.payload;
    if (payload === undefined) return params;
    const parsed: unknown = JSON.parse(payload);
    if (!isRecord(parsed)) throw new Error('payload is not an object');
    return parsed;
  }
  const parsed: unknown = JSON.parse(raw);
  if (!isRecord(parsed)) throw new Error('body is not an object');
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form bodies carry everything as strings, JSON bodies as native types; accept both. */
function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isTruthyArg(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Validates text/blocks/attachments the way Slack does and returns the ones present. */
function messageContent(
  args: Record<string, unknown>,
): { text?: string; blocks?: unknown[]; attachments?: unknown[] } | { error: string } {
  const content: { text?: string; blocks?: unknown[]; attachments?: unknown[] } = {};
  const text = stringArg(args, 'text');
  if (text !== undefined) content.text = text;
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) return { error: 'invalid_blocks_format' };
    content.blocks = args.blocks;
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return { error: 'invalid_attachments' };
    content.attachments = args.attachments;
  }
  return content;
}

/** Posting to a user id delivers into the bot's DM with that user. */
function dmChannelFor(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}

function compareTs(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}

function revisionOf(message: StoredMessage): MessageRevision {
  const revision: MessageRevision = { at: Date.now() };
  if (message.text !== undefined) revision.text = message.text;
  if (message.blocks !== undefined) revision.blocks = structuredClone(message.blocks);
  if (message.attachments !== undefined) revision.attachments = structuredClone(message.attachments);
  return revision;
}

/** The `message` object Slack returns from chat.postMessage / chat.update. */
function toSlackMessage(message: StoredMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: 'message',
    user: message.user,
    ts: message.ts,
    team: FAKE_TEAM_ID,
    text: message.text ?? '',
  };
  if (message.bot_id !== undefined) {
    out.bot_id = message.bot_id;
    out.app_id = FAKE_APP_ID;
  }
  if (message.thread_ts !== undefined) out.thread_ts = message.thread_ts;
  if (message.blocks !== undefined) out.blocks = structuredClone(message.blocks);
  if (message.attachments !== undefined) out.attachments = structuredClone(message.attachments);
  if (message.metadata !== undefined) out.metadata = structuredClone(message.metadata);
  return out;
}

function viewDefaults(view: Record<string, unknown>): Record<string, unknown> {
  return {
    type: view.type ?? 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
  };
}

/** Strips fake-internal bookkeeping from a stored view before returning it as Slack would. */
function publicView(view: Record<string, unknown>): Record<string, unknown> {
  const { opened_by: _openedBy, trigger_id: _triggerId, ...rest } = view;
  return structuredClone(rest);
}

function toSafePredicate(predicate: CallPredicate | string): CallPredicate {
  if (typeof predicate === 'string') return (call) => call.method === predicate;
  // A predicate that throws on an unrelated call (e.g. reading args.blocks[0]) simply doesn't match.
  return (call) => {
    try {
      return predicate(call);
    } catch {
      return false;
    }
  };
}

function describeCall(call: RecordedCall): string {
  const outcome = call.failed ? `FAILED ${call.status} ${String(call.response.error ?? '')}`.trim() : 'ok';
  const tag = call.tag === undefined ? '' : `[${call.tag}]`;
  return `#${call.seq} ${call.method}${tag} ${truncate(JSON.stringify(call.args), 160)} -> ${outcome}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * An emulation of the Slack Web API methods AccountDesk uses, served over real HTTP: the local
 * sandbox workspace and the end-to-end tests both talk to this one implementation.
 *
 * Why a server and not a mocked WebClient: the service talks to Slack through @slack/web-api (via
 * Bolt), and most of the bugs worth catching live in that path — argument serialisation, retry and
 * rate-limit handling, HTTP errors, tokens. Pointing the real client at this server
 * (`slackApiUrl: emulator.apiUrl`) exercises all of it, and the product cannot tell it from Slack.
 *
 * Wire format (checked against @slack/web-api 7.x WebClient.serializeApiCallData / makeRequest):
 * every call is `POST <base>/api/<method>`; the body is `application/x-www-form-urlencoded` with any
 * non-scalar argument (blocks, attachments, view, metadata) flattened to a JSON string; the token
 * travels as `Authorization: Bearer …` and, when passed per call (`{ token }`, as Bolt's auth.test
 * does), also as a `token` form field. JSON bodies are accepted too, as Slack accepts them.
 *
 * Faithful where it matters to a chat app: Slack's error codes for unknown channels
 * (`channel_not_found`), editing someone else's message (`cant_update_message`), oversized or
 * malformed blocks (`invalid_blocks`), expired or reused trigger ids (`expired_trigger_id`,
 * `exchanged_trigger_id`), response URLs that are used up or expired (HTTP 404); 429 with
 * `Retry-After` and outages on demand (`failNext`, `setDown`).
 *
 * It runs standalone on its own port (`SlackEmulator.start()`, what tests use), or mounted under a
 * path of an existing server (`new SlackEmulator({ baseUrl, basePath })` + `handle(req, res)`, what
 * the sandbox does so it shares the service's port). Every change to the workspace is announced on
 * `events` ('change'), so the sandbox page can update live.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ApiBody,
  CallPredicate,
  EphemeralMessage,
  FailureSpec,
  RecordedCall,
  ResponseContext,
  SeedMessage,
  SlackEmulatorOptions,
  StoredMessage,
  UserProfile,
} from './slack-model.ts';
import {
  bearerToken,
  describeCall,
  mediaType,
  parseApiBody,
  parseResponseUrlBody,
  readBody,
  sendJson,
  toSafePredicate,
  truncate,
} from './slack-wire.ts';
import { SlackWorkspace } from './slack-workspace.ts';

export type {
  CallPredicate,
  Conversation,
  ConversationKind,
  EphemeralMessage,
  FailureSpec,
  MessageRevision,
  OpenView,
  RecordedCall,
  ResponseContext,
  SeedMessage,
  SlackEmulatorOptions,
  StoredMessage,
  UserProfile,
  WorkspaceChange,
  WorkspaceSnapshot,
} from './slack-model.ts';
export {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  DEFAULT_TEAM,
  DEFAULT_WORKSPACE_URL,
} from './slack-model.ts';
export { SlackWorkspace } from './slack-workspace.ts';

/** A response_url takes five posts within thirty minutes (Slack's rule). */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

type Reply = { status: number; body: ApiBody; headers: Record<string, string> };

interface QueuedFailure {
  method: string;
  spec: FailureSpec;
  remaining: number;
}

interface ResponseUrlState {
  context?: ResponseContext;
  createdAt: number;
  uses: number;
}

export class SlackEmulator {
  readonly calls: RecordedCall[] = [];

  /** The workspace behind the API: its conversations, messages, modals and people. */
  readonly workspace: SlackWorkspace;

  private server: Server | undefined;

  private readonly options: SlackEmulatorOptions;

  private readonly listeners = new Set<(call: RecordedCall) => void>();

  private readonly pendingWaits = new Set<(error: Error) => void>();

  private responseUrls = new Map<string, ResponseUrlState>();

  private failures: QueuedFailure[] = [];

  private down = false;

  private stopped = false;

  private callSeq = 0;

  private tagSeq = 0;

  private baseUrl: string;

  private readonly basePath: string;

  constructor(options: SlackEmulatorOptions = {}) {
    this.options = options;
    this.workspace = new SlackWorkspace({
      ...(options.team ? { team: options.team } : {}),
      ...(options.workspaceUrl ? { workspaceUrl: options.workspaceUrl } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.triggerTtlMs !== undefined ? { triggerTtlMs: options.triggerTtlMs } : {}),
    });
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
  }

  /** Starts an emulator on 127.0.0.1 with an OS-assigned port, so parallel test files never clash. */
  static async start(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    const emulator = new SlackEmulator(options);
    const server = createServer((req, res) => {
      if (!emulator.handle(req, res)) sendJson(res, 404, { ok: false, error: 'not_found' });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    emulator.server = server;
    emulator.baseUrl = `http://127.0.0.1:${port}`;
    return emulator;
  }

  /** Base URL of the emulator's routes, e.g. http://127.0.0.1:53211 or http://127.0.0.1:3000/sandbox */
  get url(): string {
    return `${this.baseUrl}${this.basePath}`;
  }

  /** Value for WebClient / Bolt `clientOptions.slackApiUrl` (the trailing slash matters to the client). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Emits 'change' with a WorkspaceChange whenever messages, views or conversations change. */
  get events() {
    return this.workspace.events;
  }

  /** A response_url that only records what is posted to it (as method 'response_url' with this tag). */
  responseUrl(tag: string): string {
    return `${this.url}/response/${encodeURIComponent(tag)}`;
  }

  /**
   * A response_url bound to where an interaction happened: posts to it appear there like Slack shows
   * them (a private message to the user, a replaced or deleted original, or a message in the channel).
   */
  createResponseUrl(context: ResponseContext): string {
    this.forgetExpiredUrls();
    this.tagSeq += 1;
    const tag = `r${this.tagSeq}-${Math.random().toString(36).slice(2, 10)}`;
    this.responseUrls.set(tag, { context: { ...context }, createdAt: Date.now(), uses: 0 });
    return this.responseUrl(tag);
  }

  /** A fresh trigger id for an interaction by `user`, usable once within the trigger lifetime. */
  issueTriggerId(user: string): string {
    return this.workspace.issueTriggerId(user);
  }

  /** Response URLs pile up in a long-running sandbox; expired ones can go. */
  private forgetExpiredUrls(): void {
    if (this.responseUrls.size < 1000) return;
    const now = Date.now();
    for (const [tag, state] of this.responseUrls)
      if (now - state.createdAt > RESPONSE_URL_TTL_MS) this.responseUrls.delete(tag);
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
    return this.workspace.messages(channel);
  }

  /** Ephemeral messages so far, optionally in one channel (real Slack never lets anyone read them back). */
  ephemerals(channel?: string): EphemeralMessage[] {
    return this.workspace.ephemerals(channel);
  }

  /** Modal views currently known (latest version of each), in creation order. */
  views(): Record<string, unknown>[] {
    return this.workspace.views();
  }

  /** App Home view last published for a user. */
  homeView(userId: string): Record<string, unknown> | undefined {
    return this.workspace.homeView(userId);
  }

  /** Puts a message from a human into a channel, e.g. a reply in the thread of an approval. */
  seedMessage(channel: string, message: SeedMessage): StoredMessage {
    return this.workspace.seedMessage(channel, message);
  }

  /** Configures the profile users.info returns for this user id. Unknown ids answer user_not_found. */
  setUser(id: string, profile: UserProfile = {}): void {
    this.workspace.setUser(id, profile);
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
    if (!Number.isInteger(times) || times < 1) throw new Error('failNext: times must be a positive integer');
    this.failures.push({ method, spec, remaining: times });
  }

  /** Forgets calls, messages, views, users, response URLs and injected failures; ids keep increasing. */
  reset(): void {
    this.calls.length = 0;
    this.callSeq = 0;
    this.responseUrls = new Map();
    this.failures = [];
    this.down = false;
    this.workspace.reset();
  }

  /** Closes the server (standalone mode), including idle keep-alive sockets a WebClient holds open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const abort of [...this.pendingWaits]) abort(new Error('Slack emulator was stopped while waiting'));
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  // --- HTTP plumbing -------------------------------------------------------------------------

  // --- HTTP plumbing -------------------------------------------------------------------------

  /**
   * Serves `<basePath>/api/<method>` and `<basePath>/response/<tag>`; returns false for any other
   * path so a host server can route it elsewhere.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const api = `${this.basePath}/api/`;
    const response = `${this.basePath}/response/`;
    if (!path.startsWith(api) && !(path.startsWith(response) && req.method === 'POST')) return false;
    readBody(req)
      .then((raw) => {
        if (path.startsWith(api))
          this.handleApi(decodeURIComponent(path.slice(api.length)), req, raw, url, res);
        else this.handleResponseUrl(decodeURIComponent(path.slice(response.length)), req, raw, res);
      })
      .catch((error: unknown) => {
        // A bug in the emulator must surface loudly instead of looking like a Slack outage.
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`slack emulator internal error: ${message}`);
      });
    return true;
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
    let body: ApiBody;
    if (parsed.error !== undefined) body = { ok: false, error: parsed.error };
    else if (token === undefined || token === '') body = { ok: false, error: 'not_authed' };
    else if (this.options.token !== undefined && token !== this.options.token)
      body = { ok: false, error: 'invalid_auth' };
    else {
      const handler = this.workspace.api[method];
      body = handler ? handler(args) : { ok: false, error: 'unknown_method' };
    }
    this.answer(res, { method, args, at, token }, { status: 200, body, headers: {} });
  }

  private handleResponseUrl(tag: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const at = Date.now();
    const method = 'response_url';
    const contentType = mediaType(req.headers['content-type']);
    let args: Record<string, unknown>;
    try {
      args = parseResponseUrlBody(contentType, raw);
    } catch {
      const body = { ok: false, error: 'invalid_payload' };
      this.answer(res, { method, args: { raw }, at, tag }, { status: 400, body, headers: {} });
      return;
    }
    const failure = this.takeFailure(method);
    if (failure) {
      this.answer(res, { method, args, at, tag }, failure);
      return;
    }
    const state = this.responseUrls.get(tag) ?? { createdAt: at, uses: 0 };
    this.responseUrls.set(tag, state);
    state.uses += 1;
    if (state.uses > RESPONSE_URL_USES || at - state.createdAt > RESPONSE_URL_TTL_MS) {
      const error = state.uses > RESPONSE_URL_USES ? 'used_url' : 'expired_url';
      this.answer(res, { method, args, at, tag }, { status: 404, body: { ok: false, error }, headers: {} });
      return;
    }
    const body = state.context ? this.workspace.respond(state.context, args) : { ok: true };
    this.answer(res, { method, args, at, tag }, { status: body.ok ? 200 : 400, body, headers: {} });
  }

  /** Returns the failure to answer with (outage or queued injection), consuming one injection. */
  private takeFailure(method: string): Reply | undefined {
    if (this.down) return { status: 503, body: { ok: false, error: 'service_unavailable' }, headers: {} };
    const queued = this.failures.find((f) => f.method === method || f.method === '*');
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(this.failures.indexOf(queued), 1);
    const { spec } = queued;
    if (spec.status === 429) {
      // Slack's real 429 body; clients only look at the status and Retry-After.
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
    reply: Reply,
  ): void {
    const recorded: RecordedCall = {
      seq: this.callSeq++,
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
    const keep = this.options.callHistory;
    if (keep !== undefined && this.calls.length > keep) this.calls.splice(0, this.calls.length - keep);
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
    return `Slack emulator: timed out after ${timeoutMs}ms waiting for ${wanted}. ${this.calls.length} call(s) recorded; most recent:\n${listing}`;
  }
}

/** Starts an emulator on 127.0.0.1:<random port>. Remember to `await emulator.stop()`. */
export function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  return SlackEmulator.start(options);
}

/**
 * An emulation of the Slack Web API methods AccountDesk uses, served over real HTTP: the local
 * sandbox workspace and the end-to-end tests both talk to this one implementation.
 *
 * Why a server and not a mocked WebClient: the service talks to Slack through @slack/web-api (via
 * Bolt), and most of the bugs worth catching live in that path — argument serialisation, retry and
 * rate-limit handling, HTTP errors, tokens. Pointing the real client at this server
 * (`slackApiUrl: emulator.apiUrl`) exercises all of it, and the product cannot tell it from Slack.
 *
 * Wire format (checked against @slack/web-api 8.x WebClient.serializeBody / makeRequest, fetch-based):
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
 *
 * This file is the emulator's face to tests and the sandbox; the workings sit beside it: the
 * workspace and its Web API methods (slack-workspace.ts), the HTTP routes (emulator-http.ts), the
 * call record (call-log.ts), failure injection (failure-injection.ts) and response URLs
 * (response-urls.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog } from './call-log.ts';
import { EmulatorHttp } from './emulator-http.ts';
import { FailureInjector } from './failure-injection.ts';
import { RateLimiter } from './rate-limits.ts';
import { ResponseUrls } from './response-urls.ts';
import type {
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
import { describeCall, sendJson } from './slack-wire.ts';
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

export class SlackEmulator {
  readonly calls: RecordedCall[];

  /** The workspace behind the API: its conversations, messages, modals and people. */
  readonly workspace: SlackWorkspace;

  private server: Server | undefined;

  private readonly log: CallLog<RecordedCall>;

  private readonly failures = new FailureInjector();

  private readonly responseUrls = new ResponseUrls();

  private readonly http: EmulatorHttp;

  /** Slack's limits on chat.postMessage, when given (`rateLimits`); `refused` counts the 429s. */
  readonly rateLimits: RateLimiter | undefined;

  private stopped = false;

  private baseUrl: string;

  private readonly basePath: string;

  constructor(options: SlackEmulatorOptions = {}) {
    this.workspace = new SlackWorkspace({
      ...(options.team ? { team: options.team } : {}),
      ...(options.workspaceUrl ? { workspaceUrl: options.workspaceUrl } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.triggerTtlMs !== undefined ? { triggerTtlMs: options.triggerTtlMs } : {}),
      // Read when a file is announced: a standalone emulator learns its port only once started.
      fileUrls: () => ({
        upload: (id) => `${this.url}/upload/${encodeURIComponent(id)}`,
        download: (id, name) => `${this.url}/files/${encodeURIComponent(id)}/${encodeURIComponent(name)}`,
      }),
    });
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.log = new CallLog<RecordedCall>({
      name: 'Slack emulator',
      describe: describeCall,
      ...(options.callHistory !== undefined ? { limit: options.callHistory } : {}),
    });
    this.calls = this.log.calls;
    this.rateLimits = options.rateLimits ? new RateLimiter(options.rateLimits) : undefined;
    this.http = new EmulatorHttp({
      ...(this.rateLimits ? { rateLimits: this.rateLimits } : {}),
      basePath: this.basePath,
      ...(options.token !== undefined ? { token: options.token } : {}),
      workspace: this.workspace,
      log: this.log,
      failures: this.failures,
      responseUrls: this.responseUrls,
    });
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
    return this.responseUrl(this.responseUrls.create(context));
  }

  /** A fresh trigger id for an interaction by `user`, usable once within the trigger lifetime. */
  issueTriggerId(user: string): string {
    return this.workspace.issueTriggerId(user);
  }

  callsTo(method: string): RecordedCall[] {
    return this.log.callsTo(method);
  }

  /**
   * Resolves with the first call (already recorded or yet to arrive) matching the predicate, or the
   * method name when a string is given. Failed calls match too — check `call.failed` if it matters.
   * To wait only for new calls, remember `calls.length` first and test `call.seq >= mark`.
   */
  waitFor(predicate: CallPredicate | string, timeoutMs = 5000): Promise<RecordedCall> {
    return this.log.waitFor(predicate, timeoutMs);
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
    this.failures.setDown(down);
  }

  /**
   * Makes the next call(s) to `method` fail. Use '*' to match any method. Queued failures for the
   * same method are consumed in the order they were added.
   */
  failNext(method: string, spec: FailureSpec): void {
    this.failures.failNext(method, spec);
  }

  /**
   * The next call to `method` takes effect at once (a message is posted), but its answer is held
   * `ms`: a client that dies meanwhile never learns that it landed. With `carrying`, the next such
   * call whose arguments contain that text (other calls are answered as usual).
   */
  holdNextAnswer(method: string, ms: number, carrying?: string): void {
    this.failures.holdNext(method, ms, carrying);
  }

  /** Forgets calls, messages, views, users, response URLs and injected failures; ids keep increasing. */
  reset(): void {
    this.log.clear();
    this.http.resetSeq();
    this.responseUrls.reset();
    this.failures.reset();
    this.workspace.reset();
  }

  /** Closes the server (standalone mode), including idle keep-alive sockets a WebClient holds open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.log.stopWaiting();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  }

  /**
   * Serves `<basePath>/api/<method>` and `<basePath>/response/<tag>`; returns false for any other
   * path so a host server can route it elsewhere.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    return this.http.handle(req, res);
  }
}

/** Starts an emulator on 127.0.0.1:<random port>. Remember to `await emulator.stop()`. */
export function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  return SlackEmulator.start(options);
}

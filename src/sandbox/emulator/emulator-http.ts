/**
 * The emulator's HTTP side: routes `<basePath>/api/<method>` and `<basePath>/response/<tag>`,
 * reads the Web API's wire format, checks the token, lets injected failures go first, dispatches
 * to the workspace and records every call before it answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog } from './call-log.ts';
import type { FailureInjector, Reply } from './failure-injection.ts';
import type { RateLimiter } from './rate-limits.ts';
import type { ResponseUrls } from './response-urls.ts';
import type { ApiBody, RecordedCall } from './slack-model.ts';
import {
  bearerToken,
  mediaType,
  parseApiBody,
  parseResponseUrlBody,
  readBody,
  sendJson,
} from './slack-wire.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import { handleFileRoute } from './upload-http.ts';

export type EmulatorHttpDeps = {
  basePath: string;
  /** The only token accepted, when set; any non-empty token otherwise. */
  token?: string;
  workspace: SlackWorkspace;
  log: CallLog<RecordedCall>;
  failures: FailureInjector;
  responseUrls: ResponseUrls;
  /** Slack's limits on chat.postMessage, when the emulator was given them. */
  rateLimits?: RateLimiter;
};

type CallSummary = Pick<RecordedCall, 'method' | 'args' | 'at' | 'token' | 'tag'>;

export class EmulatorHttp {
  private readonly deps: EmulatorHttpDeps;
  private callSeq = 0;

  constructor(deps: EmulatorHttpDeps) {
    this.deps = deps;
  }

  /** Numbers calls from 0 again (the emulator's reset). */
  resetSeq(): void {
    this.callSeq = 0;
  }

  /** Serves the emulator's routes; returns false for any other path so a host server can route it elsewhere. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const files = {
      basePath: this.deps.basePath,
      files: this.deps.workspace.files,
      failures: this.deps.failures,
    };
    if (handleFileRoute({ ...files, record: (call, reply) => this.record(call, reply) }, req, res, path))
      return true;
    const api = `${this.deps.basePath}/api/`;
    const response = `${this.deps.basePath}/response/`;
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
    const failure = this.deps.failures.take(method);
    if (failure) {
      this.answer(res, { method, args, at, token }, failure);
      return;
    }
    const limited = this.rateLimited(method, args, at);
    if (limited) {
      this.answer(res, { method, args, at, token }, limited);
      return;
    }
    let body: ApiBody;
    if (parsed.error !== undefined) body = { ok: false, error: parsed.error };
    else if (token === undefined || token === '') body = { ok: false, error: 'not_authed' };
    else if (this.deps.token !== undefined && token !== this.deps.token)
      body = { ok: false, error: 'invalid_auth' };
    else {
      const handler = this.deps.workspace.api[method];
      body = handler ? handler(args) : { ok: false, error: 'unknown_method' };
    }
    const reply = { status: 200, body, headers: {} };
    const hold = this.deps.failures.takeHold(method, args);
    if (hold === undefined) this.answer(res, { method, args, at, token }, reply);
    else setTimeout(() => this.answer(res, { method, args, at, token }, reply), hold).unref();
  }

  /** A post over the channel's or the workspace's rate: Slack's 429, nothing posted. */
  private rateLimited(method: string, args: Record<string, unknown>, at: number): Reply | undefined {
    if (method !== 'chat.postMessage' || !this.deps.rateLimits) return undefined;
    const verdict = this.deps.rateLimits.check(String(args.channel ?? ''), at);
    if (!verdict.limited) return undefined;
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(verdict.retryAfterSeconds) },
    };
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
    const failure = this.deps.failures.take(method);
    if (failure) {
      this.answer(res, { method, args, at, tag }, failure);
      return;
    }
    const use = this.deps.responseUrls.use(tag, at);
    if ('error' in use) {
      const body = { ok: false, error: use.error };
      this.answer(res, { method, args, at, tag }, { status: 404, body, headers: {} });
      return;
    }
    const body = use.context ? this.deps.workspace.respond(use.context, args) : { ok: true };
    this.answer(res, { method, args, at, tag }, { status: body.ok ? 200 : 400, body, headers: {} });
  }

  /** Records the call before answering, so it is visible the moment the client's promise settles. */
  private answer(res: ServerResponse, call: CallSummary, reply: Reply): void {
    this.record(call, reply);
    sendJson(res, reply.status, reply.body, reply.headers);
  }

  private record(call: CallSummary, reply: Reply): void {
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
    this.deps.log.record(recorded);
  }
}

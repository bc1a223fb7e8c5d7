/**
 * The sandbox's own routes on the service's port: the page (`/`, and `/archives/…` so permalinks
 * open in it), its assets, the workspace as the chosen person sees it, live updates (server-sent
 * events), the intents the page posts, the demo clock, and the Slack emulation the bot talks to.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { intents } from './intent-schemas.ts';
import { IntentError, type Interactions } from './interactions.ts';
import type { SlashCommandInfo } from './manifest-commands.ts';
import type { People } from './people.ts';
import { BOT_USER_ID, type SlackEmulator, type WorkspaceChange } from './slack-emulator.ts';

const PUBLIC = new URL('./public/', import.meta.url);
// Only these files are served: the page's scripts are ES modules importing one another, so every
// one of them must be listed here (tests/sandbox/sandbox-server.test.ts follows the imports).
const SCRIPT = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = {
  'app.js': SCRIPT,
  'blocks.js': SCRIPT,
  'composer.js': SCRIPT,
  'dom.js': SCRIPT,
  'home-view.js': SCRIPT,
  'intents.js': SCRIPT,
  'live-updates.js': SCRIPT,
  'messages-view.js': SCRIPT,
  'modal-view.js': SCRIPT,
  'mrkdwn.js': SCRIPT,
  'page-state.js': SCRIPT,
  'render.js': SCRIPT,
  'sidebar.js': SCRIPT,
  'topbar.js': SCRIPT,
  'style.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};
const MAX_BODY = 256 * 1024;
const HEARTBEAT_MS = 25_000;

export type SandboxControls = {
  /** The sandbox's "now", and the demo zone it is shown in. */
  now(): Date;
  offsetMs(): number;
  runMorningDigest(): Promise<{ at: Date; queued: number; due: number }>;
  advanceOneDay(): Promise<{ now: Date }>;
  resetDemo(): Promise<void>;
};

export type SandboxRoutesDeps = {
  emulator: SlackEmulator;
  interactions: Interactions;
  people: People;
  commands: SlashCommandInfo[];
  controls: SandboxControls;
  teamName: string;
  logger: Logger;
};

/** The page may not be framed by other sites (clickjacking) nor load anything but its own files. */
const PAGE_HEADERS = {
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...PAGE_HEADERS,
  });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new IntentError('request too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new IntentError('not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * Only the page on this machine may drive the sandbox: a JSON body cannot be posted cross-site
 * without a CORS preflight (which is never answered), and the Host check defeats DNS rebinding.
 */
export function fromThisMachine(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return ['localhost', '127.0.0.1', '[::1]'].includes(host);
}

export function createSandboxRoutes(deps: SandboxRoutesDeps) {
  const { emulator, interactions, people, controls } = deps;
  const streams = new Set<ServerResponse>();

  const broadcast = (event: string, data: unknown) => {
    for (const stream of streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const onChange = (change: WorkspaceChange) => broadcast('change', change);
  emulator.events.on('change', onChange);
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  async function state(me: string) {
    const everyone = await people.refresh();
    const mine = (me && everyone.some((p) => p.id === me) ? me : everyone[0]?.id) ?? '';
    const conversations = mine
      ? emulator.workspace.conversationsOf(mine).map((conversation) => ({
          ...conversation,
          messages: emulator.messages(conversation.id).map((m) => ({
            ts: m.ts,
            user: m.user,
            bot: m.bot_id !== undefined,
            text: m.text ?? '',
            blocks: m.blocks ?? [],
            ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
            ...(m.files?.length ? { files: m.files } : {}),
            edited: m.history.length > 1,
          })),
        }))
      : [];
    return {
      team: { name: deps.teamName },
      bot: { id: BOT_USER_ID, name: 'AccountDesk' },
      now: controls.now().toISOString(),
      offsetMs: controls.offsetMs(),
      people: everyone,
      me: mine,
      commands: deps.commands,
      conversations,
      ephemerals: mine ? emulator.ephemerals().filter((m) => m.user === mine) : [],
      views: mine ? emulator.workspace.viewStack(mine) : [],
      home: (mine ? emulator.homeView(mine) : undefined) ?? null,
    };
  }

  async function page(res: ServerResponse, name: string): Promise<void> {
    const type =
      name === 'index.html'
        ? 'text/html; charset=utf-8'
        : Object.hasOwn(ASSETS, name)
          ? ASSETS[name]
          : undefined;
    if (!type) return json(res, 404, { error: 'not found' });
    const body = await readFile(new URL(name, PUBLIC));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...PAGE_HEADERS });
    res.end(body);
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  async function post(path: string, body: unknown): Promise<unknown> {
    switch (path) {
      case '/sandbox/intents/type':
        return interactions.type(intents.type.parse(body));
      case '/sandbox/intents/act':
        return interactions.act(intents.act.parse(body));
      case '/sandbox/intents/suggest':
        return interactions.suggest(intents.suggest.parse(body));
      case '/sandbox/intents/submit': {
        const input = intents.submit.parse(body);
        const values = Object.fromEntries(Object.entries(input.values).map(([k, v]) => [Number(k), v]));
        return interactions.submit({ ...input, values });
      }
      case '/sandbox/intents/close':
        return interactions.close(intents.close.parse(body));
      case '/sandbox/intents/dismiss':
        return interactions.dismiss(intents.dismiss.parse(body));
      case '/sandbox/intents/home':
        return interactions.home(intents.home.parse(body));
      case '/sandbox/clock/digest': {
        const run = await controls.runMorningDigest();
        broadcast('clock', { now: controls.now().toISOString() });
        return { ok: true, at: run.at.toISOString(), queued: run.queued, due: run.due };
      }
      case '/sandbox/clock/advance': {
        const { now } = await controls.advanceOneDay();
        broadcast('clock', { now: now.toISOString() });
        return { ok: true, now: now.toISOString() };
      }
      case '/sandbox/demo/reset':
        await controls.resetDemo();
        broadcast('reset', {});
        return { ok: true };
      default:
        return undefined;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && (path === '/' || path.startsWith('/archives/')))
      return page(res, 'index.html');
    if (req.method === 'GET' && path.startsWith('/sandbox/assets/'))
      return page(res, path.slice('/sandbox/assets/'.length));
    if (req.method === 'GET' && path === '/sandbox/state') {
      const me = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams.get('user') ?? '';
      return json(res, 200, await state(me));
    }
    if (req.method === 'GET' && path === '/sandbox/events') return events(req, res);
    if (req.method !== 'POST') return json(res, 404, { error: 'not found' });
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
      return json(res, 415, { error: 'send JSON' });
    const result = await post(path, await readJson(req));
    if (result === undefined) return json(res, 404, { error: 'not found' });
    json(res, 200, result);
  }
  return {
    /** Serves the sandbox's paths; false for anything else (the service answers it). */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== '/' && !path.startsWith('/archives/') && !path.startsWith('/sandbox/')) return false;
      // Before anything else, the emulated Web API included: no other site and no rebound DNS name.
      if (!fromThisMachine(req)) {
        json(res, 403, { error: 'the sandbox only answers on localhost' });
        return true;
      }
      if (emulator.handle(req, res)) return true;
      route(req, res, path).catch((error: unknown) => {
        const known = error instanceof IntentError || error instanceof z.ZodError;
        if (!known) deps.logger.error({ err: error, path }, 'sandbox request failed');
        const message =
          error instanceof z.ZodError
            ? 'malformed request'
            : known
              ? String((error as Error).message)
              : 'internal error';
        if (!res.headersSent) json(res, known ? 400 : 500, { ok: false, error: message });
        else res.end();
      });
      return true;
    },
    close(): void {
      clearInterval(heartbeat);
      emulator.events.off('change', onChange);
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

export type SandboxRoutes = ReturnType<typeof createSandboxRoutes>;

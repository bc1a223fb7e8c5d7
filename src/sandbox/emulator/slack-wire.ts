/**
 * The Web API's wire format as the emulator speaks it: request bodies in (form or JSON, with
 * blocks/view flattened to JSON strings), JSON answers out, and small helpers shared by its methods.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { truncate } from './call-log.ts';
import type { MessageRevision, RecordedCall, StoredMessage } from './slack-model.ts';

// Arguments the WebClient flattens to JSON strings; parsed back so callers can assert on structure.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'] as const;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.random().toString(16).slice(2);
  return out.slice(0, length);
}

/** 'application/x-www-form-urlencoded; charset=utf-8' -> 'application/x-www-form-urlencoded' */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

export function parseApiBody(
  contentType: string,
  raw: string,
): { args: Record<string, unknown>; error?: string } {
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
        // Left as a string; the method reports it the way Slack would (e.g. invalid_blocks_format).
      }
    }
    return { args };
  }
  // multipart/form-data (file uploads) is not modelled.
  return { args: { raw }, error: 'invalid_form_data' };
}

export function parseResponseUrlBody(contentType: string, raw: string): Record<string, unknown> {
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form bodies carry everything as strings, JSON bodies as native types; accept both. */
export function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function isTruthyArg(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Text/blocks/attachments present in a post, or the error Slack gives for their shape. */
export function messageContent(
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
export function dmChannelFor(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}

export function compareTs(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}

export function revisionOf(message: StoredMessage, at: number): MessageRevision {
  const revision: MessageRevision = { at };
  if (message.text !== undefined) revision.text = message.text;
  if (message.blocks !== undefined) revision.blocks = structuredClone(message.blocks);
  if (message.attachments !== undefined) revision.attachments = structuredClone(message.attachments);
  return revision;
}

export function viewDefaults(view: Record<string, unknown>): Record<string, unknown> {
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

/** Strips emulator bookkeeping from a stored view before returning it as Slack would. */
export function publicView(view: Record<string, unknown>): Record<string, unknown> {
  const { opened_by: _openedBy, trigger_id: _triggerId, ...rest } = view;
  return structuredClone(rest);
}

export function describeCall(call: RecordedCall): string {
  const outcome = call.failed ? `FAILED ${call.status} ${String(call.response.error ?? '')}`.trim() : 'ok';
  const tag = call.tag === undefined ? '' : `[${call.tag}]`;
  return `#${call.seq} ${call.method}${tag} ${truncate(JSON.stringify(call.args), 160)} -> ${outcome}`;
}

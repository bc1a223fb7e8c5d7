/**
 * What the emulated Slack workspace is made of — the bot's identity, conversations, messages,
 * views, recorded calls — as the emulator stores them and hands them to tests and the sandbox page.
 */
import type { RateLimitOptions } from './rate-limits.ts';

/** Identity of the bot as reported by auth.test and stamped on the messages it posts. */
export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const APP_ID = 'A1';
export const DEFAULT_TEAM = { id: 'T1', name: 'Test', domain: 'test' } as const;
export const DEFAULT_WORKSPACE_URL = 'https://test.slack.com/';

/** One request the emulator received, in arrival order. Failed requests are recorded too. */
export interface RecordedCall {
  /** Increasing number of the call; lets a test wait only for calls made after a given point. */
  seq: number;
  /** Web API method name, or 'response_url' for posts to a response URL. */
  method: string;
  /** Arguments as Slack would see them; blocks/attachments/view/metadata are parsed from JSON. */
  args: Record<string, unknown>;
  /** Date.now() when the request arrived (wall time, even when messages are stamped by another clock). */
  at: number;
  /** Bearer token (or form `token` field) the call was made with; never part of `args`. */
  token?: string;
  /** For 'response_url' calls: the tag of the URL (see `responseUrl(tag)`). */
  tag?: string;
  /** HTTP status the emulator answered with. */
  status: number;
  /** JSON body the emulator answered with. */
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
  /** With `error: 'missing_scope'`: the scope Slack says is needed (and which the token has). */
  needed?: string;
  provided?: string;
  times?: number;
}

/** Profile returned by users.info; unset fields fall back to Slack's own defaults for new users. */
export interface UserProfile {
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
  /** Files shared with the message (files.completeUploadExternal), as Slack describes them. */
  files?: Record<string, unknown>[];
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

export type ConversationKind = 'channel' | 'im' | 'mpim';

/** A channel, a DM with the bot (`im`) or a group DM (`mpim`). Channels are open to everyone. */
export interface Conversation {
  id: string;
  kind: ConversationKind;
  name: string;
  /** The people in an im or mpim (the bot is always in); empty for channels. */
  members: string[];
}

/** Who opened a view, and what they see: the stack Slack keeps per user. */
export interface OpenView {
  user?: string;
  view: Record<string, unknown>;
}

/** Where a response_url's posts land: the conversation, and the message it answers if any. */
export interface ResponseContext {
  user: string;
  channel: string;
  /** The message the interaction came from; `replace_original` / `delete_original` act on it. */
  messageTs?: string;
  ephemeral?: boolean;
  threadTs?: string;
}

/** What changed, for live views of the workspace. */
export interface WorkspaceChange {
  kind: 'message' | 'message_changed' | 'message_deleted' | 'ephemeral' | 'view' | 'conversation' | 'reset';
  channel?: string;
  user?: string;
  ts?: string;
}

/** An uploaded file as a snapshot keeps it: what was announced, and the bytes as base64. */
export interface SavedFile {
  id: string;
  name: string;
  length: number;
  created: number;
  altTxt?: string;
  title?: string;
  base64: string;
}

/** Everything worth keeping across a restart: conversations, messages, their files and profiles. */
export interface WorkspaceSnapshot {
  version: 1;
  lastTsMicros: number;
  viewSeq: number;
  conversations: Conversation[];
  messages: StoredMessage[];
  users: Record<string, UserProfile>;
  /** Absent in snapshots written before files were modelled. */
  files?: SavedFile[];
}

export interface SlackEmulatorOptions {
  /** When set, calls bearing any other token answer `invalid_auth` (catches wrong-token wiring). */
  token?: string;
  team?: { id: string; name: string; domain: string };
  /** Base of permalinks and auth.test's `url`. */
  workspaceUrl?: string;
  /** Clock that stamps new messages (ts); the sandbox moves it for its demo. Defaults to Date.now. */
  now?: () => number;
  /** How long a trigger id issued by `issueTriggerId` stays usable. */
  triggerTtlMs?: number;
  /** Keep only the last N recorded calls (a long-running sandbox); tests keep them all. */
  callHistory?: number;
  /** Mounted mode: public origin of the server that routes `basePath` to `handle()`. */
  baseUrl?: string;
  /** Mounted mode: path prefix of the emulator's routes, e.g. '/sandbox'. */
  basePath?: string;
  /**
   * Slack's limits on chat.postMessage, off unless given: `perKey` per channel (Slack: 1 a second),
   * `perApp` per workspace, and a seeded share of random 429s; refused posts answer HTTP 429 with
   * `Retry-After` (whole seconds) and post nothing.
   */
  rateLimits?: RateLimitOptions;
}

export type ApiBody = { ok: boolean } & Record<string, unknown>;

/**
 * conversations.history and conversations.replies: what a conversation holds, as Slack lists it —
 * history newest first and top-level only, replies oldest first from the parent; `metadata` only
 * with `include_all_metadata`. Enough for a client that looks up whether its own message landed.
 */
import type { ApiBody, StoredMessage } from './slack-model.ts';
import { isTruthyArg, stringArg } from './slack-wire.ts';
import type { ConversationDirectory } from './workspace-conversations.ts';
import type { MessageStore } from './workspace-messages.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

export class HistoryMethods {
  constructor(
    private readonly conversations: ConversationDirectory,
    private readonly store: MessageStore,
    private readonly render: (message: StoredMessage) => Record<string, unknown>,
  ) {}

  history(args: Record<string, unknown>): ApiBody {
    const channel = this.channelOf(args);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const oldest = stringArg(args, 'oldest');
    const messages = this.store
      .list(channel)
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
      .filter((m) => oldest === undefined || Number(m.ts) >= Number(oldest))
      .reverse()
      .slice(0, limitOf(args));
    return { ok: true, messages: messages.map((m) => this.shown(m, args)), has_more: false };
  }

  replies(args: Record<string, unknown>): ApiBody {
    const channel = this.channelOf(args);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const ts = stringArg(args, 'ts');
    const all = this.store.list(channel);
    const parent = all.find((m) => m.ts === ts);
    if (!parent) return { ok: false, error: 'thread_not_found' };
    const thread = [parent, ...all.filter((m) => m.thread_ts === ts && m.ts !== ts)].slice(0, limitOf(args));
    return { ok: true, messages: thread.map((m) => this.shown(m, args)), has_more: false };
  }

  private channelOf(args: Record<string, unknown>): string | undefined {
    const target = stringArg(args, 'channel');
    return target === undefined ? undefined : this.conversations.resolve(target);
  }

  private shown(message: StoredMessage, args: Record<string, unknown>): Record<string, unknown> {
    const out = this.render(message);
    if (!isTruthyArg(args.include_all_metadata)) delete out.metadata;
    return out;
  }
}

function limitOf(args: Record<string, unknown>): number {
  const limit = Number(args.limit ?? DEFAULT_LIMIT);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT;
}
